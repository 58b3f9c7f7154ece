package io.skyloom.lua.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * protoc.lua against Google's protoc: the test resources hold two schemas and the
 * descriptor sets protoc 3.21 wrote for them; our compiler must write the same
 * FileDescriptorProto, and pb must load protoc's output.
 */
class ProtocCompatTest {

    static final HexFormat HEX = HexFormat.of();
    @AutoClose
    static final LuaRunner lua = new LuaRunner();

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ProtocCompatTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static FileDescriptorProto protocs(String pb, String file) throws IOException {
        for (FileDescriptorProto f : FileDescriptorSet.parseFrom(resource(pb)).getFileList())
            if (f.getName().equals(file)) return f;
        throw new AssertionError(file + " not in " + pb);
    }

    static FileDescriptorProto ours(String file) throws IOException {
        String hex = (String) lua.eval("return require('skynet.crypt').hexencode(require('protoc').new():compile(...))",
                new String(resource(file), java.nio.charset.StandardCharsets.UTF_8), file);
        return FileDescriptorSet.parseFrom(HEX.parseHex(hex)).getFile(0);
    }

    @Test
    void proto3SchemaCompilesToProtocsDescriptor() throws IOException {
        assertThat(ours("all3.proto")).isEqualTo(protocs("all3.pb", "all3.proto"));
    }

    @Test
    void proto2SchemaWithDefaultsCompilesToProtocsDescriptor() throws IOException {
        assertThat(ours("defaults2.proto")).isEqualTo(protocs("defaults2.pb", "defaults2.proto"));
    }

    @Test
    void loadfileFindsAFileAndItsImportsOnThePaths(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("sub"));
        java.nio.file.Files.writeString(dir.resolve("sub/base.proto"), "syntax = \"proto3\"; package base; message Id { int64 v = 1; }");
        java.nio.file.Files.writeString(dir.resolve("top.proto"),
                "syntax = \"proto3\"; import \"sub/base.proto\"; message Top { base.Id id = 1; }");
        try (LuaRunner files = new LuaRunner(io.skyloom.core.NodeConfig.builder().thread(2).fileAccess(dir).build())) {
            assertThat(files.eval("""
                    local pb, protoc = require 'pb', require 'protoc'
                    local p = protoc.new()
                    p:addpath(...)
                    assert(p:loadfile 'top.proto')
                    assert(not pcall(p.loadfile, p, 'missing.proto'))
                    return pb.decode('Top', pb.encode('Top', { id = { v = 7 } })).id.v
                    """, dir.toString())).isEqualTo(7L);
        }
    }

    @Test
    void pbLoadsWhatProtocWrote() throws IOException {
        assertThat(lua.eval("""
                local pb = require 'pb'
                local crypt = require 'skynet.crypt'
                local all3, defaults2 = ...
                assert(pb.load(crypt.hexdecode(all3)))
                assert(pb.load(crypt.hexdecode(defaults2)))
                local t = pb.decode('test.All', pb.encode('test.All', {
                    i64 = -3, mode = 'ON', at = { seconds = 1700000000, nanos = 5 }, inners = { [1] = { name = 'one' } } }))
                assert(t.i64 == -3 and t.mode == 'ON' and t.at.seconds == 1700000000 and t.inners[1].name == 'one')
                -- required fields are not checked, as in lua-protobuf
                assert(pb.decode('info.TestDefault', pb.encode('info.TestDefault', { one = 2 })).one == 2)
                local d = pb.defaults 'info.TestDefault'
                assert(d.defaulted_str == 'foo\\n"bar"' and d.raw == '\\1\\255x' and d.neg == -1.5e10 and d.color == 'Green')
                assert(pb.defaults('info.TestDefault.Sub').big == 2^64)
                return select(4, pb.field('info.TestDefault', 'defaulted_str'))
                """, HEX.formatHex(resource("all3.pb")), HEX.formatHex(resource("defaults2.pb"))))
                .isEqualTo("foo\n\"bar\"");
    }
}
