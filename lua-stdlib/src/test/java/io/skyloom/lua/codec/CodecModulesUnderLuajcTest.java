package io.skyloom.lua.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.NodeConfig;
import org.junit.jupiter.api.Test;

/** The Lua halves of the codecs (rapidjson.lua, sproto.lua, protoc.lua, ...) also run compiled by LuaJC. */
class CodecModulesUnderLuajcTest {

    @Test
    void everyCodecWorksInACompiledService() {
        try (LuaRunner lua = new LuaRunner(NodeConfig.builder().thread(2).luajc(true).build())) {
            assertThat(lua.eval("""
                    local json, cjson = require 'rapidjson', require 'cjson'
                    local sproto, crypt, md5 = require 'sproto', require 'skynet.crypt', require 'md5'
                    local pb, protoc = require 'pb', require 'protoc'
                    assert(json.encode(json.decode('{"a":[1,{}]}')) == '{"a":[1,{}]}')
                    assert(not pcall(cjson.decode, '{'))
                    local sp = sproto.parse '.package { type 0 : integer  session 1 : integer }  ping 1 { response { ok 0 : boolean } }'
                    local host = sp:host 'package'
                    local kind, name, _, respond = host:dispatch(host:attach(sp)('ping', nil, 1))
                    assert(kind == 'REQUEST' and name == 'ping')
                    local _, session, result = host:dispatch(respond({ ok = true }))
                    assert(session == 1 and result.ok == true)
                    protoc:load('syntax = "proto3"; message P { int32 x = 1; }')
                    assert(pb.decode('P', pb.encode('P', { x = 5 })).x == 5)
                    return crypt.hexencode(crypt.hashkey('abc')) .. ' ' .. md5.sumhexa('')
                    """)).isEqualTo("8b5c880ba1179b1a d41d8cd98f00b204e9800998ecf8427e");
        }
    }
}
