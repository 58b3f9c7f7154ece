package io.skyloom.lua.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * sproto against the wire-protocol examples of sproto's README (the expected bytes are
 * the README's), schema bundles worked out by hand from the meta-schema, and the RPC
 * pattern between two services.
 */
class SprotoTest {

    static final String SCHEMA = """
            .Person {
                name 0 : string
                age 1 : integer
                marital 2 : boolean
                children 3 : *Person
            }

            .Data {
                numbers 0 : *integer
                bools 1 : *boolean
                number 2 : integer
                bignumber 3 : integer
                double 4 : double
                doubles 5 : *double
                fpn 6 : integer(2)
            }
            """;

    @AutoClose
    static final LuaRunner lua = new LuaRunner();

    /** Hex (spaced as in the README) of what {@code expr} returns, with {@code sp} the README's schema. */
    static String wire(String expr) {
        return (String) lua.eval("""
                local sproto = require 'sproto'
                local sp = sproto.parse(...)
                local bin = %s
                return (bin:gsub('.', function(c) return string.format('%%02X ', c:byte()) end)):sub(1, -2)
                """.formatted(expr), SCHEMA);
    }

    @Test
    void readmeExample1StructWithStringIntegerAndBoolean() {
        assertThat(wire("sp:encode('Person', { name = 'Alice', age = 13, marital = false })"))
                .isEqualTo("03 00 00 00 1C 00 02 00 05 00 00 00 41 6C 69 63 65");
    }

    @Test
    void readmeExample2NestedStructArrayWithASkippedTag() {
        assertThat(wire("sp:encode('Person', { name = 'Bob', age = 40, children = { { name = 'Alice', age = 13 }, { name = 'Carol', age = 5 } } })"))
                .isEqualTo("04 00 00 00 52 00 01 00 00 00 03 00 00 00 42 6F 62 26 00 00 00 "
                        + "0F 00 00 00 02 00 00 00 1C 00 05 00 00 00 41 6C 69 63 65 "
                        + "0F 00 00 00 02 00 00 00 0C 00 05 00 00 00 43 61 72 6F 6C");
    }

    @Test
    void readmeExamples3And4IntegerArraysOf32And64Bits() {
        assertThat(wire("sp:encode('Data', { numbers = { 1, 2, 3, 4, 5 } })"))
                .isEqualTo("01 00 00 00 15 00 00 00 04 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 05 00 00 00");
        assertThat(wire("sp:encode('Data', { numbers = { 2^32 + 1, 2^32 + 2, 2^32 + 3 } })"))
                .isEqualTo("01 00 00 00 19 00 00 00 08 01 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 03 00 00 00 01 00 00 00");
    }

    @Test
    void readmeExamples5To8BooleansBigNumbersDoublesAndFixedPoint() {
        assertThat(wire("sp:encode('Data', { bools = { false, true, false } })"))
                .isEqualTo("02 00 01 00 00 00 03 00 00 00 00 01 00");
        assertThat(wire("sp:encode('Data', { number = 100000, bignumber = -10000000000 })"))
                .isEqualTo("03 00 03 00 00 00 00 00 04 00 00 00 A0 86 01 00 08 00 00 00 00 1C F4 AB FD FF FF FF");
        assertThat(wire("sp:encode('Data', { double = 0.01171875, doubles = { 0.01171875, 23, 4 } })"))
                .isEqualTo("03 00 07 00 00 00 00 00 08 00 00 00 00 00 00 00 00 00 88 3F "
                        + "19 00 00 00 08 00 00 00 00 00 00 88 3F 00 00 00 00 00 00 37 40 00 00 00 00 00 00 10 40");
        assertThat(wire("sp:encode('Data', { fpn = 1.82 })")).isEqualTo("02 00 0B 00 6E 01");
    }

    @Test
    void decodingTheExamplesGivesTheTablesBack() {
        assertThat(lua.eval("""
                local sp = require('sproto').parse(...)
                local p = sp:decode('Person', sp:encode('Person', { name = 'Bob', age = 40, children = { { name = 'Alice', age = 13, marital = true } } }))
                local d = sp:decode('Data', sp:encode('Data', { numbers = { 1, -2, 2^40 }, bools = { true, false }, bignumber = -10000000000,
                    double = 0.5, doubles = { 1.5, -2 }, fpn = 1.82, number = 32766 }))
                assert(p.name == 'Bob' and p.age == 40 and p.marital == nil and p.children[1].name == 'Alice' and p.children[1].marital == true)
                assert(d.numbers[2] == -2 and d.numbers[3] == 2^40 and d.bools[1] == true and d.bools[2] == false)
                assert(d.bignumber == -10000000000 and d.double == 0.5 and d.doubles[2] == -2 and d.fpn == 1.82 and d.number == 32766)
                local e = sp:decode('Data', sp:encode('Data', { numbers = {}, bools = {} }))
                assert(#e.numbers == 0 and #e.bools == 0 and e.doubles == nil)
                local _, used = sp:decode('Person', sp:encode('Person', { name = 'x' }) .. 'trailing')
                return used
                """, SCHEMA)).isEqualTo(9L);
    }

    @Test
    void readmeAddressBookIs130BytesAnd83Packed() {
        assertThat(lua.eval("""
                local sproto = require 'sproto'
                local sp = sproto.parse [[
                    .Person {
                        name 0 : string
                        id 1 : integer
                        email 2 : string
                        .PhoneNumber { number 0 : string  type 1 : integer }
                        phone 3 : *PhoneNumber
                    }
                    .AddressBook { person 0 : *Person }
                ]]
                local ab = { person = {
                    { name = "Alice", id = 10000, phone = { { number = "123456789", type = 1 }, { number = "87654321", type = 2 } } },
                    { name = "Bob", id = 20000, phone = { { number = "01234567890", type = 3 } } },
                } }
                local bin = sp:encode("AddressBook", ab)
                local back = sp:pdecode("AddressBook", sp:pencode("AddressBook", ab))
                assert(back.person[2].phone[1].number == "01234567890" and back.person[1].id == 10000)
                return #bin .. " " .. #sproto.pack(bin)
                """)).isEqualTo("130 83");
    }

    @Test
    void zeroPackingMatchesTheReadmeExamples() {
        assertThat(lua.eval("""
                local sproto = require 'sproto'
                local crypt = require 'skynet.crypt'
                local a = crypt.hexdecode('0800000003000200190000' .. '00aa010000')
                local b = string.rep('\\138', 30)
                assert(sproto.unpack(sproto.pack(a)) == a)
                assert(sproto.unpack(sproto.pack(b)) == b .. '\\0\\0')
                return crypt.hexencode(sproto.pack(a)) .. ' ' .. crypt.hexencode(sproto.pack(b))
                """)).isEqualTo("510803023119aa01 ff03" + "8a".repeat(30) + "0000");
    }

    @Test
    void packingRunsOfDenseWordsAndLongInputs() {
        assertThat(lua.eval("""
                local sproto = require 'sproto'
                local crypt = require 'skynet.crypt'
                -- a dense word, then one with two zeros (kept in the run), then a sparse one
                local s = crypt.hexdecode('0102030405060708' .. '0100030405060008' .. '0100000000000000')
                local long = string.rep('\\1', 8 * 300)
                assert(sproto.unpack(sproto.pack(long)) == long)
                local p = sproto.pack(long)
                assert(#p == 2 + 256 * 8 + 2 + 44 * 8, #p)
                return crypt.hexencode(sproto.pack(s))
                """)).isEqualTo("ff01" + "0102030405060708" + "0100030405060008" + "0101");
    }

    @Test
    void parserOutputEqualsTheBundleWorkedOutFromTheMetaSchema() {
        String field = "0f000000" + "0400" + "0000" + "0200" + "0100" + "0200" + "01000000" + "78";
        String type = "22000000" + "0200" + "0000" + "0000" + "01000000" + "41" + "13000000" + field;
        assertThat(lua.eval("return require('skynet.crypt').hexencode(require('sprotoparser').parse('.A { x 0 : integer }'))"))
                .isEqualTo("0100" + "0000" + "26000000" + type);
        String proto = "0f000000" + "0300" + "0000" + "0400" + "0200" + "03000000" + "666f6f";
        assertThat(lua.eval("return require('skynet.crypt').hexencode(require('sprotoparser').parse('.A { x 0 : integer }\\nfoo 1 { request A }'))"))
                .isEqualTo("0200" + "0000" + "0000" + "26000000" + type + "13000000" + proto);
    }

    @Test
    void mapsMainIndexesProtocolsAndDefaults() {
        assertThat(lua.eval("""
                local sp = require('sproto').parse [[
                    .Item { id 0 : integer  name 1 : string }
                    .Bag {
                        items 0 : *Item(id)
                        counts 1 : *Pair()
                        blob 2 : binary
                        .Pair { key 0 : string  value 1 : integer }
                    }
                    get 3 { request Bag  response { ok 0 : boolean } }
                    ping 4 { response nil }
                ]]
                local b = sp:decode('Bag', sp:encode('Bag', { items = { [7] = { id = 7, name = 'x' }, [9] = { id = 9, name = 'y' } },
                    counts = { a = 1, b = 2 }, blob = '\\0\\255' }))
                assert(b.items[7].name == 'x' and b.items[9].name == 'y' and b.counts.a == 1 and b.counts.b == 2 and b.blob == '\\0\\255')
                assert(sp:exist_type('Bag.Pair') and sp:exist_type('get.response') and not sp:exist_type('Nope'))
                assert(sp:exist_proto('get') and sp:exist_proto(4) and not sp:exist_proto('nope'))
                local d = sp:default('Bag')
                assert(d.items.__array == 'Item' and d.blob == '' and sp:default('get', 'RESPONSE').ok == false)
                local req, tag = sp:request_encode('get', { blob = 'z' })
                assert(tag == 3 and sp:request_decode('get', req).blob == 'z')
                assert(sp:response_decode('get', sp:response_encode('get', { ok = true })).ok == true)
                assert(sp:response_encode('ping') == '')
                return true
                """)).isEqualTo(true);
    }

    @Test
    void rpcBetweenTwoServicesWithHostAttachAndDispatch() {
        String schema = """
                .package { type 0 : integer  session 1 : integer  ud 2 : string }
                add 1 { request { a 0 : integer  b 1 : integer }  response { sum 0 : integer } }
                notify 2 { request { text 0 : string } }
                """;
        int server = lua.node().scriptservice("""
                local skynet = require "skynet"
                local sprotoloader = require "sprotoloader"
                local schema = ...
                sprotoloader.save(require("sprotoparser").parse(schema), 1)
                local host = sprotoloader.load(1):host "package"
                local notes = {}
                skynet.start(function()
                    skynet.dispatch("lua", function(_, _, bin)
                        local kind, name, args, respond, ud = host:dispatch(bin)
                        assert(kind == "REQUEST")
                        if name == "notify" then notes[#notes + 1] = args.text; skynet.ret(skynet.pack(#notes)) return end
                        skynet.ret(skynet.pack(respond({ sum = args.a + args.b }, ud .. "!")))
                    end)
                end)
                """, schema);
        assertThat(lua.eval("""
                local skynet = require "skynet"
                local sproto = require "sproto"
                local server = ...
                local sp = require("sprotoloader").load(1)   -- the schema the server saved, shared through the slot
                local host = sp:host "package"
                local request = host:attach(sp)
                local reply = skynet.call(server, "lua", request("add", { a = 2, b = 40 }, 7, "hi"))
                local kind, session, result, ud = host:dispatch(reply)
                assert(kind == "RESPONSE" and session == 7 and ud == "hi!", kind)
                local n = skynet.call(server, "lua", request("notify", { text = "no reply wanted" }))
                assert(n == 1)
                local ok, err = pcall(host.dispatch, host, reply)
                assert(not ok and err:find("Unknown session"), err)
                return result.sum
                """, (long) server)).isEqualTo(42L);
    }

    @Test
    void wrongTypesAndHostileBytesGiveLuaErrors() {
        String prelude = "local sproto = require 'sproto' local sp = sproto.parse(...)\n";
        assertThatThrownBy(() -> lua.eval(prelude + "return sp:encode('Person', { age = 'old' })", SCHEMA))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("Person.age[0] is not an integer (Is a string)");
        assertThatThrownBy(() -> lua.eval(prelude + "return sp:encode('Person', { age = 1.5 })", SCHEMA))
                .hasMessageContaining("is not an integer");
        assertThatThrownBy(() -> lua.eval(prelude + "return sp:encode('Person', { name = 12 })", SCHEMA))
                .hasMessageContaining("Person.name[0] is not a string (Is a number)");
        assertThatThrownBy(() -> lua.eval(prelude + "return sp:encode('Person', { marital = 1 })", SCHEMA))
                .hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> lua.eval(prelude + "return sp:encode('Person', { children = 3 })", SCHEMA))
                .hasMessageContaining("should be a table");
        assertThatThrownBy(() -> lua.eval(prelude + "local t = {} t.children = { t } return sp:encode('Person', t)", SCHEMA))
                .hasMessageContaining("too deep");
        assertThatThrownBy(() -> lua.eval(prelude + "return sp:encode('Nobody', {})", SCHEMA)).hasMessageContaining("type not found");
        assertThat(lua.eval(prelude + """
                local good = sp:encode('Person', { name = 'Bob', children = { { name = 'Al' } } })
                local failures = 0
                for cut = 0, #good - 1 do
                    if not pcall(sp.decode, sp, 'Person', good:sub(1, cut)) then failures = failures + 1 end
                end
                for i = 1, 200 do
                    local junk = {}
                    for j = 1, math.random(1, 40) do junk[j] = string.char(math.random(0, 255)) end
                    local ok, err = pcall(sp.decode, sp, 'Person', table.concat(junk))
                    assert(ok or (err:find('decode error') or err:find('too deep')) and not err:find('java'), err)
                end
                local ok, err = pcall(sproto.unpack, '\\255\\7abc')
                assert(not ok and err:find('Invalid unpack stream'))
                return failures == #good
                """, SCHEMA)).isEqualTo(true);
        assertThatThrownBy(() -> lua.eval("return require('sproto.core').newproto('garbage')"))
                .hasMessageContaining("invalid sproto schema bundle");
        assertThatThrownBy(() -> lua.eval("return require('sprotoparser').parse('.A { x 0 : integer\\n y 0 : string }')"))
                .hasMessageContaining("redefine tag 0 in type A");
        assertThatThrownBy(() -> lua.eval("return require('sprotoparser').parse('.A { x 0 : Missing }')"))
                .hasMessageContaining("Undefined type Missing in type A");
        assertThatThrownBy(() -> lua.eval("return require('sprotoparser').parse('.A {\\n x 0 integer }')"))
                .hasMessageContaining("syntax error at [=text] line (2)");
    }

    @Test
    void schemaObjectsGiveLuaNoWayIntoJava() {
        assertThat(lua.eval("""
                local core = require 'sproto.core'
                local sp = core.newproto(require('sprotoparser').parse('.A { x 0 : integer }'))
                local st = core.querytype(sp, 'A')
                assert(type(sp) == 'userdata' and type(st) == 'userdata')
                assert(getmetatable(sp) == nil and getmetatable(st) == nil)
                assert(sp.getClass == nil and sp.m_instance == nil)   -- LuaJ reads nil from a userdata without metatable
                assert(not pcall(function() return st:toString() end))
                assert(not pcall(setmetatable, sp, {}))
                assert(not pcall(core.encode, sp, {}))
                return tostring(sp) .. ', ' .. tostring(st)
                """)).isEqualTo("userdata: sproto, userdata: sproto_type A");
    }
}
