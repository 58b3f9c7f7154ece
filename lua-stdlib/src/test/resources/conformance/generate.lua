-- Writes expected.tsv from cases.txt with C Lua 5.2: `lua5.2 generate.lua > expected.tsv`
-- (run in this folder; the committed expected.tsv came from Debian's lua5.2 5.2.4 on x86-64).
-- Each line: the expression, then OK and its values, or ERR and the message, or SYNTAX and
-- load's message. Values: nil, true, false, n:<%.17g>, s:<bytes, \ddd outside printable
-- ASCII and for \ and tab>, or the type name of anything else.
local function escape(s)
  local out = {}
  for i = 1, #s do
    local b = s:byte(i)
    if b < 32 or b > 126 or b == 92 then out[#out + 1] = string.format("\\%03d", b)
    else out[#out + 1] = string.char(b) end
  end
  return table.concat(out)
end
local function encode(v)
  local t = type(v)
  if t == "nil" or t == "boolean" then return tostring(v) end
  if t == "number" then return "n:" .. string.format("%.17g", v) end
  if t == "string" then return "s:" .. escape(v) end
  return t
end
for line in io.lines("cases.txt") do
  if line ~= "" and line:sub(1, 1) ~= "#" then
    -- table.pack keeps the case's own call from being a tail call: LuaJ leaves the
    -- caller's position off an error raised by a tail-called library function.
    local f, err = load("return table.pack(" .. line .. "\n)", "=case")
    local fields
    if not f then
      fields = {"SYNTAX", "s:" .. escape(err)}
    else
      local ok, r = pcall(f)
      if ok then
        fields = {"OK"}
        for i = 1, r.n do fields[#fields + 1] = encode(r[i]) end
      else
        fields = {"ERR", encode(r)}
      end
    end
    io.write(line, "\t", table.concat(fields, "\t"), "\n")
  end
end
