-- ltls.c: skynet's TLS module on the JDK's TLS (skyloom.tls). PEM files are read here,
-- through the sandbox's io (the node's fileAccess), and their text handed to Java.
--   newctx()               a context: ctx:set_cert(certfile, keyfile) for a server (a PEM
--                          chain and a PKCS#8 PEM key), ctx:set_ca(cafile) (Skyloom's) for
--                          the certificates a client trusts, the JDK's own by default, or
--                          the file in the env key tls_cafile
--   newtls(method, ctx [, hostname])   "client" (verifies the server's chain, and that
--                          it names hostname, a name or an address, which a client must
--                          give; skynet's OpenSSL client verifies nothing) or "server"; its handshake(data),
--                          finished(), read(data), write(data), close()
local core = require "skyloom.tls"
local skynet = require "skynet"

local M = {}

local function readfile(path, what)
	if type(path) ~= "string" then
		error("need " .. what, 3)
	end
	local f, err = io.open(path, "rb")
	if not f then
		error(what .. " " .. tostring(err), 3)
	end
	local text = f:read("*a")
	f:close()
	return text
end

local ctx_mt = {}
ctx_mt.__index = ctx_mt

function ctx_mt:set_cert(certfile, keyfile)
	core.set_cert_pem(self.core, readfile(certfile, "certfile"), readfile(keyfile, "private key"))
end

function ctx_mt:set_ca(cafile)
	core.set_ca_pem(self.core, readfile(cafile, "cafile"))
end

function ctx_mt:set_ciphers()
	error("set_ciphers: OpenSSL cipher lists do not apply to the JDK's TLS", 2)
end

function M.newctx()
	local ctx = setmetatable({ core = core.newctx() }, ctx_mt)
	local ca = skynet.getenv("tls_cafile")
	if ca then
		ctx:set_ca(ca)
	end
	return ctx
end

function M.newtls(method, ctx, hostname)
	if getmetatable(ctx) ~= ctx_mt then
		error("need sslctx", 2)
	end
	return core.newtls(method, ctx.core, hostname)
end

return M
