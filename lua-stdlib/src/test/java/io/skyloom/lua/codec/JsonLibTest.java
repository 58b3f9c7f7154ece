package io.skyloom.lua.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rapidjson, json and cjson in a real service, against lua-rapidjson's documented behaviour. */
class JsonLibTest {

    @TempDir
    static Path dir;

    static LuaRunner lua;

    @BeforeAll
    static void start() {
        lua = new LuaRunner(NodeConfig.builder().thread(2).fileAccess(dir).build());
    }

    @AfterAll
    static void stop() {
        lua.close();
    }

    static Object json(String body, Object... args) {
        return lua.eval("local rapidjson = require 'rapidjson' local crypt = require 'skynet.crypt'\n" + body, args);
    }

    @Test
    void encodeFollowsLuaRapidjsonsDocumentedExamples() {
        assertThat(json("return rapidjson.encode({})")).isEqualTo("{}");
        assertThat(json("return rapidjson.encode(rapidjson.object())")).isEqualTo("{}");
        assertThat(json("return rapidjson.encode(rapidjson.array())")).isEqualTo("[]");
        assertThat(json("return rapidjson.encode(setmetatable({}, {__jsontype='object'}))")).isEqualTo("{}");
        assertThat(json("return rapidjson.encode(setmetatable({}, {__jsontype='array'}))")).isEqualTo("[]");
        assertThat(json("return rapidjson.encode(true)")).isEqualTo("true");
        assertThat(json("return rapidjson.encode(rapidjson.null)")).isEqualTo("null");
        assertThat(json("return rapidjson.encode(123)")).isEqualTo("123");
        assertThat(json("return rapidjson.encode({true, false})")).isEqualTo("[true,false]");
        assertThat(json("return rapidjson.encode({a=true, b=false}, {sort_keys=true})")).isEqualTo("{\"a\":true,\"b\":false}");
        assertThat(json("return rapidjson.encode({rapidjson.null})")).isEqualTo("[null]");
        assertThat(json("return rapidjson.decode('[null]')[1] == rapidjson.null")).isEqualTo(true);
        assertThat(json("return tostring(rapidjson.null), getmetatable(rapidjson.null)")).isEqualTo("userdata: rapidjson.null");
        assertThat(json("return rapidjson.encode({}, {empty_table_as_array=true})")).isEqualTo("[]");
        // non-string keys of an object are left out, as lua-rapidjson does
        assertThat(json("return rapidjson.encode({[0]=1, x=2})")).isEqualTo("{\"x\":2}");
    }

    @Test
    void prettyAndSortedOutputIsRapidjsonsLayout() {
        assertThat(json("return rapidjson.encode({b={1,2}, a={}, c=rapidjson.array()}, {pretty=true, sort_keys=true})"))
                .isEqualTo("{\n    \"a\": {},\n    \"b\": [\n        1,\n        2\n    ],\n    \"c\": []\n}");
    }

    @Test
    void emptyTablesRoundTripAsWhatTheyWere() {
        assertThat(json("return rapidjson.encode(rapidjson.decode('{\"a\":[],\"b\":{},\"c\":[[]]}'), {sort_keys=true})"))
                .isEqualTo("{\"a\":[],\"b\":{},\"c\":[[]]}");
        assertThat(json("""
                local a, o = rapidjson.decode('[]'), rapidjson.decode('{}')
                return rapidjson.is_array(a) and not rapidjson.is_object(a) and rapidjson.is_object(o)
                    and rapidjson.is_array({1}) and rapidjson.is_object({}) and not rapidjson.is_array('x')
                """)).isEqualTo(true);
    }

    @Test
    void unicodeRoundTripsIncludingInvalidUtf8AndSurrogateEscapes() {
        // escapes decode to UTF-8, a pair to one 4-byte character
        assertThat(json("return crypt.hexencode(rapidjson.decode('\"\\\\u00e9\\\\u4e2d\\\\ud83d\\\\ude00\"'))"))
                .isEqualTo("c3a9e4b8adf09f9880");
        // raw UTF-8 passes through both ways, unescaped
        assertThat(json("return rapidjson.encode('\\195\\169\\240\\159\\152\\128')")).isEqualTo("\"é😀\"");
        // bytes that are not UTF-8 survive encode and decode unchanged, in keys too
        assertThat(json("""
                local s = 'a\\255b\\128\\192\\128\\237\\160\\128z'
                local t = rapidjson.decode(rapidjson.encode({s, [s] = nil}))
                local o = rapidjson.decode(rapidjson.encode({[s] = s}))
                return t[1] == s and o[s] == s
                """)).isEqualTo(true);
        // a lone surrogate escape becomes its 3-byte form
        assertThat(json("return crypt.hexencode(rapidjson.decode('\"\\\\ud800\"'))")).isEqualTo("eda080");
        // control characters, quotes and backslashes are escaped
        assertThat(json("return rapidjson.encode('\"\\\\\\n\\1')")).isEqualTo("\"\\\"\\\\\\n\\u0001\"");
    }

    @Test
    void numbersBigAndSmall() {
        assertThat(json("""
                local out = {}
                for _, n in ipairs({0, -1, 2^53, 2^63, 1e308, -1e308, 0.1, 1.5e-7, 1e20, 123.456, 2.5e-300, 0.0001}) do
                    out[#out + 1] = rapidjson.encode(n)
                end
                return table.concat(out, ' ')
                """)).isEqualTo("0 -1 9007199254740992 9223372036854776000.0 1e308 -1e308 0.1 1.5e-7 100000000000000000000.0 "
                + "123.456 2.5e-300 0.0001");
        assertThat(json("return rapidjson.decode('[9007199254740993, 1e308, -0.0, 5e-324, 12345678901234567890]')[1]"))
                .isEqualTo(9007199254740992L);   // Lua 5.2 numbers are doubles: 2^53 + 1 rounds
        assertThat(json("""
                local t = rapidjson.decode('[1e308, 5e-324, 12345678901234567890, -0.0, 1.0]')
                return t[1] == 1e308 and t[2] == 5e-324 and t[3] == 12345678901234567890 and t[4] == 0 and t[5] == 1
                """)).isEqualTo(true);
        assertThat(json("return rapidjson.decode('1e400')")).isNull();
        assertThat(json("return select(2, rapidjson.decode('[1e400]'))")).asString().contains("too big").contains("at byte 1");
        assertThatThrownBy(() -> json("return rapidjson.encode(0/0)")).isInstanceOf(CallFailedException.class)
                .hasMessageContaining("error while encode double value");
    }

    @Test
    void nestingAtAndPastTheLimits() {
        assertThat(json("""
                local s = string.rep('[', 1000) .. string.rep(']', 1000)
                local v = assert(rapidjson.decode(s))
                local depth = 0
                while type(v) == 'table' do depth = depth + 1; v = v[1] end
                return depth
                """)).isEqualTo(1000L);
        assertThat(json("return select(2, rapidjson.decode(string.rep('[', 1001) .. string.rep(']', 1001)))"))
                .asString().contains("depth").contains("1000").contains("at byte");
        assertThat(json("return select(2, rapidjson.decode(string.rep('[', 1000000)))"))
                .asString().contains("depth").doesNotContain("StreamReadConstraints").doesNotContain("`");
        // encode: 128 levels by default (lua-rapidjson's max_depth), a cycle is caught by it
        assertThat(json("local t = {} local c = t for i = 1, 127 do c[1] = {} c = c[1] end return #rapidjson.encode(t)"))
                .isEqualTo(256L);
        assertThatThrownBy(() -> json("local t = {} local c = t for i = 1, 128 do c[1] = {} c = c[1] end return rapidjson.encode(t)"))
                .hasMessageContaining("nested too deep");
        assertThatThrownBy(() -> json("local t = {} t[1] = t return rapidjson.encode(t)")).hasMessageContaining("nested too deep");
        assertThat(json("local t = {} t[1] = t return pcall(rapidjson.encode, t, {max_depth = 3})")).isEqualTo(false);
    }

    @Test
    void invalidJsonGivesNilAndAMessageWithItsPosition() {
        assertThat(lua.run("return require('rapidjson').decode('{\"a\": [1, 2')"))
                .satisfies(r -> assertThat(r[0]).isNull())
                .satisfies(r -> assertThat((String) r[1]).contains("end-of-input").contains("at byte 11").doesNotContain("java").doesNotContain("Source"));
        assertThat((String) lua.run("return require('rapidjson').decode('[1] x')")[1]).contains("Unrecognized token 'x'").contains("at byte 5");
        assertThat((String) lua.run("return require('rapidjson').decode('[1] [2]')")[1]).contains("root must not be followed").contains("at byte 4");
        assertThat((String) lua.run("return require('rapidjson').decode('')")[1]).contains("empty");
        assertThat((String) lua.run("return require('rapidjson').decode('{\"a\" 1}')")[1]).contains("at byte 5");
        assertThat((String) lua.run("return require('rapidjson').decode('[01]')")[1]).contains("at byte");
        assertThatThrownBy(() -> json("return rapidjson.decode({})")).hasMessageContaining("bad argument #1 to 'decode'");
        assertThatThrownBy(() -> json("return rapidjson.encode(print)")).hasMessageContaining("unsupported value type : function");
        assertThatThrownBy(() -> json("return rapidjson.encode({}, 1)")).hasMessageContaining("bad argument #2");
    }

    @Test
    void jsonAndCjsonAreTheSameCodec() {
        assertThat(lua.eval("""
                local rapidjson, json, cjson = require 'rapidjson', require 'json', require 'cjson'
                assert(json == rapidjson and cjson.null == rapidjson.null)
                assert(cjson.encode(cjson.empty_array) == '[]')
                assert(not pcall(cjson.decode, '[1,'))
                return cjson.decode('{"a":[1,2,3]}').a[3]
                """)).isEqualTo(3L);
    }

    @Test
    void loadAndDumpReachOnlyAllowedFiles() throws Exception {
        Path f = dir.resolve("t.json");
        assertThat(json("return rapidjson.dump({a = {1, 2}}, ...)", f.toString())).isEqualTo(true);
        assertThat(Files.readString(f)).isEqualTo("{\"a\":[1,2]}");
        assertThat(json("return rapidjson.load(...).a[2]", f.toString())).isEqualTo(2L);
        assertThatThrownBy(() -> json("return rapidjson.load('/etc/passwd')")).hasMessageContaining("error while open file")
                .hasMessageContaining("not allowed");
    }
}
