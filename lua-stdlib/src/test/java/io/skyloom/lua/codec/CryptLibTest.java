package io.skyloom.lua.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * skynet.crypt and md5 against known vectors: RFC vectors where the algorithm is a
 * standard one, skynet's own test (test/testcrypt.lua) for DES with its padding, and for
 * skynet's own algorithms vectors computed by an independent C program written from
 * the algorithm's description (the DH one uses 128-bit modular multiplication where
 * skynet uses double-and-add).
 */
class CryptLibTest {

    @AutoClose
    static final LuaRunner lua = new LuaRunner();

    static String hex(String expr) {
        return (String) lua.eval("local crypt = require 'skynet.crypt' local md5 = require 'md5' return crypt.hexencode(" + expr + ")");
    }

    @Test
    void hashkeyIsSkynetsDjbAndJsHashes() {
        assertThat(hex("crypt.hashkey('')")).isEqualTo("05150000a7c6674e");
        assertThat(hex("crypt.hashkey('abc')")).isEqualTo("8b5c880ba1179b1a");
        assertThat(hex("crypt.hashkey('hello world')")).isEqualTo("c1c8513506e36bbc");
    }

    @Test
    void hmac64AndHmacHashMatchTheAlgorithm() {
        assertThat(hex("crypt.hmac64('12345678', 'abcdefgh')")).isEqualTo("ac9ffda9547a027a");
        assertThat(hex("crypt.hmac_hash('12345678', 'hello world')")).isEqualTo("dc289049eee8f566");
    }

    @Test
    void hmac64Md5IsTheXorOfTheHalvesOfAnMd5AsSkynetDocumentsIt() {
        // skynet's comment: h1 = hmac64_md5(a,b); m = md5.sum((a..b):rep(3)); h1 == xor_str(m:sub(1,8), m:sub(9,16))
        assertThat(lua.eval("""
                local crypt = require 'skynet.crypt' local md5 = require 'md5'
                for _, p in ipairs({{'12345678', 'abcdefgh'}, {'\\0\\0\\0\\0\\0\\0\\0\\0', '\\255\\254\\253\\252\\251\\250\\249\\248'}}) do
                    local a, b = p[1], p[2]
                    local m = md5.sum((a .. b):rep(3))
                    assert(crypt.hmac64_md5(a, b) == crypt.xor_str(m:sub(1, 8), m:sub(9, 16)), crypt.hexencode(a))
                end
                return true
                """)).isEqualTo(true);
    }

    @Test
    void dhExchangeAgreesOnTheSecretAndMatchesTheVector() {
        assertThat(hex("crypt.dhexchange('\\1\\2\\3\\4\\5\\6\\7\\8')")).isEqualTo("984e1418283235ed");
        assertThat(hex("crypt.dhexchange('\\255\\238\\221\\204\\187\\170\\153\\136')")).isEqualTo("ebe286581d477e21");
        assertThat(hex("crypt.dhsecret(crypt.dhexchange('\\255\\238\\221\\204\\187\\170\\153\\136'), '\\1\\2\\3\\4\\5\\6\\7\\8')"))
                .isEqualTo("ddcd6ecec04d9499");
        assertThat(lua.eval("""
                local crypt = require 'skynet.crypt'
                for i = 1, 20 do
                    local a, b = crypt.randomkey(), crypt.randomkey()
                    assert(#a == 8)
                    assert(crypt.dhsecret(crypt.dhexchange(a), b) == crypt.dhsecret(crypt.dhexchange(b), a))
                end
                return true
                """)).isEqualTo(true);
    }

    @Test
    void desMatchesSkynetsOwnTestAndTheClassicVector() {
        assertThat(lua.eval("""
                local crypt = require 'skynet.crypt'
                local function enc(key, text, padding)
                    return crypt.base64encode(crypt.desencode(key, text, crypt.padding[padding or 'iso7816_4']))
                end
                local key = '12345678'
                local out = { enc(key, 'hello world') }
                for _, t in ipairs({'', '1', '12', '123', '1234', '12345', '123456', '1234567', '12345678'}) do
                    out[#out + 1] = enc(key, t, 'pkcs7')
                end
                assert(crypt.desdecode(key, crypt.base64decode(out[1])) == 'hello world')
                assert(crypt.desdecode(key, crypt.desencode(key, 'hello world', 1), 1) == 'hello world')
                return table.concat(out, ' ')
                """)).isEqualTo("KNugLrX23UcGtcVlk9y+LA== /rlZt9RkL8s= g6AtgJul6q0= NefFpG+m1O4= LDiFUdf0iew= "
                + "T9u7dzBdi+w= AGgKdx/Qic8= ED5wLgc3Mnw= mYo+BYIT41M= ltACiHjVjIn+uVm31GQvyw==");
        // FIPS 46 worked example: key 133457799BBCDFF1, block 0123456789ABCDEF -> 85E813540F0AB405.
        assertThat(hex("crypt.desencode(crypt.hexdecode('133457799bbcdff1'), crypt.hexdecode('0123456789abcdef')):sub(1, 8)"))
                .isEqualTo("85e813540f0ab405");
    }

    @Test
    void sha1AndHmacSha1MatchRfcVectors() {
        // FIPS 180 / RFC 3174
        assertThat(hex("crypt.sha1('abc')")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(hex("crypt.sha1('')")).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        // RFC 2202 cases 1, 2 and 6 (a key longer than a block)
        assertThat(hex("crypt.hmac_sha1(('\\11'):rep(20), 'Hi There')")).isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
        assertThat(hex("crypt.hmac_sha1('Jefe', 'what do ya want for nothing?')")).isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assertThat(hex("crypt.hmac_sha1(('\\170'):rep(80), 'Test Using Larger Than Block-Size Key - Hash Key First')"))
                .isEqualTo("aa4ae5e15272d00e95705637ce8a3b55ed402112");
        // An empty key is a block of zeros, as in skynet's own HMAC.
        assertThat(hex("crypt.hmac_sha1('', '')")).isEqualTo("fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
    }

    @Test
    void base64MatchesRfc4648AndSkynetsLenientDecoder() {
        assertThat(lua.eval("""
                local crypt = require 'skynet.crypt'
                local out = {}
                for _, t in ipairs({'', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'}) do
                    local e = crypt.base64encode(t)
                    assert(crypt.base64decode(e) == t)
                    out[#out + 1] = e
                end
                -- skynet skips characters outside the alphabet and accepts missing padding
                assert(crypt.base64decode('Zm9v\\nYmFy') == 'foobar')
                assert(crypt.base64decode('Zm8') == 'fo')
                assert(crypt.base64decode('Zg') == 'f')
                return table.concat(out, ',')
                """)).isEqualTo(",Zg==,Zm8=,Zm9v,Zm9vYg==,Zm9vYmE=,Zm9vYmFy");
    }

    @Test
    void hexAndXorBehaveAsSkynets() {
        assertThat(lua.eval("""
                local crypt = require 'skynet.crypt'
                assert(crypt.hexencode('\\0\\1\\171\\255') == '0001abff')
                assert(crypt.hexdecode('0001abff') == '\\0\\1\\171\\255')
                assert(crypt.xor_str('abcd', '\\1') == '`cbe')
                assert(crypt.xor_str('abcd', '\\1\\2') == '``bf')
                return true
                """)).isEqualTo(true);
    }

    @Test
    void md5MatchesRfc1321AndRfc2104() {
        assertThat(lua.eval("return require('md5').sumhexa('')")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(lua.eval("return require('md5').sumhexa('message digest')")).isEqualTo("f96b697d7cb7938d525a2f31aaf161d0");
        assertThat(lua.eval("return require('md5').hmacmd5('what do ya want for nothing?', 'Jefe')"))
                .isEqualTo("750c783e6ab0b503eaa86e310a5db738");
        assertThat(lua.eval("local md5 = require 'md5' return #md5.sum('x'), md5.exor('ab', '\\1\\1')")).isEqualTo(16L);
    }

    @Test
    void skynetsLoginHandshakeRunsBetweenTwoServices() {
        // The steps of skynet's snax/loginserver.lua and its client, one message each.
        int server = lua.node().scriptservice("""
                local skynet = require "skynet"
                local crypt = require "skynet.crypt"
                local challenge, secret
                skynet.start(function()
                    skynet.dispatch("lua", function(_, _, step, line)
                        if step == "hello" then
                            challenge = crypt.randomkey()
                            skynet.ret(skynet.pack(crypt.base64encode(challenge)))
                        elseif step == "clientkey" then
                            local clientkey = crypt.base64decode(line)
                            local serverkey = crypt.randomkey()
                            secret = crypt.dhsecret(clientkey, serverkey)
                            skynet.ret(skynet.pack(crypt.base64encode(crypt.dhexchange(serverkey))))
                        elseif step == "hmac" then
                            skynet.ret(skynet.pack(crypt.hmac64(challenge, secret) == crypt.base64decode(line)))
                        else
                            skynet.ret(skynet.pack(crypt.desdecode(secret, crypt.base64decode(line))))
                        end
                    end)
                end)
                """);
        assertThat(lua.eval("""
                local skynet = require "skynet"
                local crypt = require "skynet.crypt"
                local server = ...
                local challenge = crypt.base64decode(skynet.call(server, "lua", "hello"))
                local clientkey = crypt.randomkey()
                local serverkey = crypt.base64decode(skynet.call(server, "lua", "clientkey", crypt.base64encode(crypt.dhexchange(clientkey))))
                local secret = crypt.dhsecret(serverkey, clientkey)
                assert(skynet.call(server, "lua", "hmac", crypt.base64encode(crypt.hmac64(challenge, secret))))
                local token = crypt.base64encode("user") .. "@" .. crypt.base64encode("server") .. ":" .. crypt.base64encode("password")
                return skynet.call(server, "lua", "token", crypt.base64encode(crypt.desencode(secret, token)))
                """, (long) server)).isEqualTo("dXNlcg==@c2VydmVy:cGFzc3dvcmQ=");
    }

    @Test
    void badArgumentsGiveSkynetsLuaErrors() {
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').desencode('short', 'x')"))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("Invalid key size 5, need 8 bytes");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').desdecode('12345678', '1234567')"))
                .hasMessageContaining("Invalid des crypt text length 7");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').desdecode('12345678', '12345678')"))
                .hasMessageContaining("Invalid des crypt text");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').desencode('12345678', 'x', 7)"))
                .hasMessageContaining("Invalid padding mode 7");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').hexdecode('abc')"))
                .hasMessageContaining("Invalid hex text size 3");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').hexdecode('AB')"))
                .hasMessageContaining("Invalid hex text");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').base64decode('Zm9vY=x=')"))
                .hasMessageContaining("Invalid base64 text");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').dhexchange(('\\0'):rep(8))"))
                .hasMessageContaining("Can't be 0");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').hmac64('1234', '12345678')"))
                .hasMessageContaining("Invalid uint64 x");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').xor_str('a', '')"))
                .hasMessageContaining("Can't xor empty string");
        assertThatThrownBy(() -> lua.eval("return require('skynet.crypt').sha1({})"))
                .hasMessageContaining("bad argument").hasMessageNotContaining("java");
    }
}
