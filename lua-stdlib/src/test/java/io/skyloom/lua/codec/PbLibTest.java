package io.skyloom.lua.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Int64Value;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.StructProto;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import io.skyloom.core.CallFailedException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * pb and protoc in a real service, checked against protobuf-java: messages Lua encodes
 * are parsed by protobuf-java (generated classes where Google ships them, dynamic
 * messages from the compiled schema otherwise) and the other way round.
 */
class PbLibTest {

    static final String SCHEMA = """
            syntax = "proto3";
            package test;
            enum Color { RED = 0; GREEN = 1; BLUE = 2; }
            message Inner { string name = 1; repeated int32 nums = 2; }
            message All {
              double d = 1; float f = 2; int32 i32 = 3; int64 i64 = 4; uint32 u32 = 5; uint64 u64 = 6;
              sint32 s32 = 7; sint64 s64 = 8; fixed32 fx32 = 9; fixed64 fx64 = 10; sfixed32 sf32 = 11; sfixed64 sf64 = 12;
              bool b = 13; string s = 14; bytes by = 15;
              repeated int32 packed_ints = 16;
              repeated int32 unpacked_ints = 17 [packed = false];
              repeated string names = 18;
              map<string, int64> counts = 19;
              map<int32, Inner> inners = 20;
              oneof kind { string text = 21; Inner inner = 22; }
              Color color = 23;
              repeated Color colors = 24;
              Inner nested = 25;
              optional int32 maybe = 26;
            }
            """;

    static final HexFormat HEX = HexFormat.of();
    @AutoClose
    static final LuaRunner lua = new LuaRunner();

    static Descriptor all() throws Exception {
        String set = (String) lua.eval("return require('skynet.crypt').hexencode(require('protoc').new():compile(...))", SCHEMA, "test.proto");
        FileDescriptorProto p = FileDescriptorSet.parseFrom(HEX.parseHex(set)).getFile(0);
        return FileDescriptor.buildFrom(p, new FileDescriptor[0]).findMessageTypeByName("All");
    }

    static Object field(DynamicMessage m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }

    @Test
    void everyFieldKindEncodedByLuaParsesInProtobufJava() throws Exception {
        String bin = (String) lua.eval("""
                local pb, protoc = require 'pb', require 'protoc'
                assert(protoc:load(..., 'test.proto'))
                return require('skynet.crypt').hexencode(pb.encode('test.All', {
                    d = 1.5, f = 0.25, i32 = -5, i64 = '#-9000000000000000000', u32 = 4000000000, u64 = '#18446744073709551615',
                    s32 = -7, s64 = -2^40, fx32 = 4294967295, fx64 = 2^53, sf32 = -8, sf64 = -2^60,
                    b = true, s = 'héllo', by = '\\0\\255',
                    packed_ints = { 1, 2, 300 }, unpacked_ints = { 4, 5 }, names = { 'a', 'b' },
                    counts = { x = 1, y = 2^40 }, inners = { [3] = { name = 'three', nums = { 3 } } },
                    inner = { name = 'chosen' }, color = 'BLUE', colors = { 'GREEN', 2, 'RED' },
                    nested = { name = 'n' }, maybe = 0, not_a_field = 'ignored',
                }))
                """, SCHEMA);
        DynamicMessage m = DynamicMessage.parseFrom(all(), HEX.parseHex(bin));
        assertThat(field(m, "d")).isEqualTo(1.5);
        assertThat(field(m, "f")).isEqualTo(0.25f);
        assertThat(field(m, "i32")).isEqualTo(-5);
        assertThat(field(m, "i64")).isEqualTo(-9000000000000000000L);
        assertThat(Integer.toUnsignedLong((Integer) field(m, "u32"))).isEqualTo(4000000000L);
        assertThat(field(m, "u64")).isEqualTo(-1L);
        assertThat(field(m, "s32")).isEqualTo(-7);
        assertThat(field(m, "s64")).isEqualTo(-(1L << 40));
        assertThat(field(m, "fx32")).isEqualTo(-1);
        assertThat(field(m, "fx64")).isEqualTo(1L << 53);
        assertThat(field(m, "sf32")).isEqualTo(-8);
        assertThat(field(m, "sf64")).isEqualTo(-(1L << 60));
        assertThat(field(m, "b")).isEqualTo(true);
        assertThat(field(m, "s")).isEqualTo("héllo");
        assertThat(field(m, "by")).isEqualTo(ByteString.copyFrom(new byte[] {0, (byte) 255}));
        assertThat(field(m, "packed_ints")).isEqualTo(List.of(1, 2, 300));
        assertThat(field(m, "unpacked_ints")).isEqualTo(List.of(4, 5));
        assertThat(field(m, "names")).isEqualTo(List.of("a", "b"));
        assertThat(field((DynamicMessage) field(m, "inner"), "name")).isEqualTo("chosen");
        assertThat(field(m, "color").toString()).isEqualTo("BLUE");
        assertThat(((List<?>) field(m, "colors")).stream().map(Object::toString).toList()).containsExactly("GREEN", "BLUE", "RED");
        assertThat(m.hasField(m.getDescriptorForType().findFieldByName("maybe"))).isTrue();   // proto3 optional keeps its 0
        Map<String, Object> counts = ((List<?>) field(m, "counts")).stream().map(e -> (DynamicMessage) e)
                .collect(Collectors.toMap(e -> (String) field(e, "key"), e -> field(e, "value")));
        assertThat(counts).isEqualTo(Map.of("x", 1L, "y", 1L << 40));
        DynamicMessage entry = (DynamicMessage) ((List<?>) field(m, "inners")).get(0);
        assertThat(field(entry, "key")).isEqualTo(3);
        assertThat(field((DynamicMessage) field(entry, "value"), "nums")).isEqualTo(List.of(3));
        // the unpacked field is on the wire as one tag per item, the packed one as one length-delimited run
        assertThat(bin).contains("8201" + "04" + "010" + "2ac02").contains("8801" + "04" + "8801" + "05");
    }

    @Test
    void messagesMadeByProtobufJavaDecodeInLua() throws Exception {
        Descriptor d = all();
        DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
        b.setField(d.findFieldByName("i64"), Long.MIN_VALUE);
        b.setField(d.findFieldByName("u64"), -1L);
        b.setField(d.findFieldByName("u32"), -1);
        b.setField(d.findFieldByName("s"), "ü");
        b.setField(d.findFieldByName("text"), "picked");
        b.setField(d.findFieldByName("color"), d.getFile().findEnumTypeByName("Color").findValueByName("GREEN"));
        b.addRepeatedField(d.findFieldByName("packed_ints"), 7);
        FieldDescriptor counts = d.findFieldByName("counts");
        b.addRepeatedField(counts, DynamicMessage.newBuilder(counts.getMessageType())
                .setField(counts.getMessageType().findFieldByName("key"), "k")
                .setField(counts.getMessageType().findFieldByName("value"), 9L).build());
        assertThat(lua.eval("""
                local pb, protoc = require 'pb', require 'protoc'
                local schema, hex = ...
                assert(protoc:load(schema, 'test.proto'))
                local t = pb.decode('test.All', require('skynet.crypt').hexdecode(hex))
                assert(t.i64 == -2^63 and t.u64 == 2^64 and t.u32 == 2^32 - 1 and t.s == 'ü', tostring(t.u64))
                assert(t.text == 'picked' and t.kind == 'text' and t.inner == nil)
                assert(t.color == 'GREEN' and t.packed_ints[1] == 7 and t.counts.k == 9)
                -- proto3: absent scalars read as their zero values, absent repeated fields as empty tables
                assert(t.d == 0 and t.b == false and t.by == '' and #t.names == 0 and t.nested == nil and t.maybe == nil)
                pb.option 'int64_as_string'
                local s = pb.decode('test.All', require('skynet.crypt').hexdecode(hex))
                pb.option 'int64_as_number'
                pb.option 'enum_as_value'
                local e = pb.decode('test.All', require('skynet.crypt').hexdecode(hex))
                pb.option 'enum_as_name'
                return s.i64 .. ' ' .. s.u64 .. ' ' .. e.color
                """, SCHEMA, HEX.formatHex(b.build().toByteArray()))).isEqualTo("#-9223372036854775808 #18446744073709551615 1");
    }

    @Test
    void googlesGeneratedClassesReadWhatLuaWritesAndBack() throws Exception {
        String hex = (String) lua.eval("""
                local pb = require 'pb'
                return require('skynet.crypt').hexencode(pb.encode('google.protobuf.Struct', { fields = {
                    a = { number_value = 1.5 }, b = { string_value = 'x' }, c = { null_value = 'NULL_VALUE' },
                    d = { list_value = { values = { { bool_value = true }, { struct_value = { fields = { e = { number_value = 2 } } } } } } },
                } }))
                """);
        Struct s = Struct.parseFrom(HEX.parseHex(hex));
        assertThat(s.getFieldsOrThrow("a").getNumberValue()).isEqualTo(1.5);
        assertThat(s.getFieldsOrThrow("b").getStringValue()).isEqualTo("x");
        assertThat(s.getFieldsOrThrow("c").getKindCase()).isEqualTo(Value.KindCase.NULL_VALUE);
        assertThat(s.getFieldsOrThrow("d").getListValue().getValues(1).getStructValue().getFieldsOrThrow("e").getNumberValue()).isEqualTo(2.0);
        assertThat(UInt64Value.parseFrom(HEX.parseHex((String) lua.eval(
                "return require('skynet.crypt').hexencode(require('pb').encode('google.protobuf.UInt64Value', { value = '#18446744073709551615' }))")))
                .getValue()).isEqualTo(-1L);
        Struct back = Struct.newBuilder()
                .putFields("n", Value.newBuilder().setListValue(ListValue.newBuilder().addValues(Value.newBuilder().setStringValue("deep"))).build())
                .build();
        assertThat(lua.eval("""
                local pb = require 'pb'
                local crypt = require 'skynet.crypt'
                local s, i = ...
                local t = pb.decode('google.protobuf.Struct', crypt.hexdecode(s))
                local v = pb.decode('google.protobuf.Int64Value', crypt.hexdecode(i))
                return t.fields.n.kind .. ' ' .. t.fields.n.list_value.values[1].string_value .. ' ' .. tostring(v.value == 2^62)
                """, HEX.formatHex(back.toByteArray()), HEX.formatHex(Int64Value.of(1L << 62).toByteArray())))
                .isEqualTo("list_value deep true");
    }

    @Test
    void protocWritesTheDescriptorProtocWrites() throws Exception {
        String structProto = """
                syntax = "proto3";
                package google.protobuf;
                option cc_enable_arenas = true;
                option go_package = "google.golang.org/protobuf/types/known/structpb";
                option java_package = "com.google.protobuf";
                option java_outer_classname = "StructProto";
                option java_multiple_files = true;
                option objc_class_prefix = "GPB";
                option csharp_namespace = "Google.Protobuf.WellKnownTypes";
                message Struct { map<string, Value> fields = 1; }
                message Value {
                  oneof kind {
                    NullValue null_value = 1; double number_value = 2; string string_value = 3;
                    bool bool_value = 4; Struct struct_value = 5; ListValue list_value = 6;
                  }
                }
                enum NullValue { NULL_VALUE = 0; }
                message ListValue { repeated Value values = 1; }
                """;
        String hex = (String) lua.eval("return require('skynet.crypt').hexencode(require('protoc'):compile(..., 'google/protobuf/struct.proto'))",
                structProto);
        FileDescriptorProto ours = stripJsonNames(FileDescriptorSet.parseFrom(HEX.parseHex(hex)).getFile(0));
        FileDescriptorProto google = stripJsonNames(StructProto.getDescriptor().toProto());
        assertThat(ours).isEqualTo(google);
    }

    static FileDescriptorProto stripJsonNames(FileDescriptorProto p) {
        FileDescriptorProto.Builder b = p.toBuilder();
        for (var m : b.getMessageTypeBuilderList()) {
            for (var f : m.getFieldBuilderList()) f.clearJsonName();
            for (var n : m.getNestedTypeBuilderList()) for (var f : n.getFieldBuilderList()) f.clearJsonName();
        }
        return b.build();
    }

    @Test
    void typeInformationEnumsDefaultsAndOptions() {
        assertThat(lua.eval("""
                local pb, protoc = require 'pb', require 'protoc'
                assert(protoc:load([[
                    syntax = "proto2";
                    package info;
                    enum Color { Red = 1; Green = 2; Blue = 3; }
                    message TestDefault {
                        optional int32 defaulted_int = 10 [ default = 777 ];
                        optional bool defaulted_bool = 11 [ default = true ];
                        optional string defaulted_str = 12 [ default = "foo" ];
                        optional float defaulted_num = 13 [ default = 0.125 ];
                        repeated int32 list = 14 [packed = true];
                        optional Color color = 15 [default = Green];
                        oneof pick { int32 one = 16; string two = 17; }
                    }
                ]], 'info.proto'))
                assert(pb.enum('info.Color', 'Red') == 1 and pb.enum('info.Color', 2) == 'Green')
                local d = pb.defaults 'info.TestDefault'
                assert(d.defaulted_int == 777 and d.defaulted_bool == true and d.defaulted_str == 'foo' and d.defaulted_num == 0.125)
                assert(d.color == 'Green')
                local name, number, ftype, default, label = pb.field('info.TestDefault', 'defaulted_int')
                assert(name == 'defaulted_int' and number == 10 and ftype == 'int32' and default == '777' and label == 'optional')
                assert(select(5, pb.field('info.TestDefault', 'list')) == 'packed')
                assert(select(3, pb.field('info.TestDefault', 'color')) == '.info.Color')
                local oname, oindex = select(6, pb.field('info.TestDefault', 'two'))
                assert(oname == 'pick' and oindex == 0)
                local count = 0
                for n, num in pb.fields 'info.TestDefault' do count = count + 1 end
                assert(count == 8)
                local tn, base, kind = pb.type 'info.TestDefault'
                assert(tn == '.info.TestDefault' and base == 'TestDefault' and kind == 'message')
                assert(select(3, pb.type '.info.Color') == 'enum')
                local seen = {}
                for n, b, k in pb.types() do seen[n] = k end
                assert(seen['.info.TestDefault'] == 'message' and seen['.google.protobuf.Struct.FieldsEntry'] == 'map')
                -- proto2: only what is on the wire, unless defaults are asked for
                local t = pb.decode('info.TestDefault', pb.encode('info.TestDefault', { one = 1 }))
                assert(t.defaulted_int == nil and t.one == 1 and t.pick == 'one')
                pb.option 'use_default_values'
                t = pb.decode('info.TestDefault', '')
                pb.option 'auto_default_values'
                assert(t.defaulted_int == 777)
                assert(pb.type 'info.Nope' == nil)
                return true
                """)).isEqualTo(true);
    }

    @Test
    void badSchemasBadMessagesAndWrongTypesGiveLuaErrors() {
        String load = "local pb, protoc = require 'pb', require 'protoc' assert(protoc:load(..., 'test.proto'))\n";
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.All', { i32 = 'x' })", SCHEMA))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("integer expected at field 'i32', got string");
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.All', { i32 = 2^31 })", SCHEMA)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.All', { i32 = 1.5 })", SCHEMA)).hasMessageContaining("no integer representation");
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.All', { b = 1 })", SCHEMA)).hasMessageContaining("boolean expected");
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.All', { names = 'a' })", SCHEMA)).hasMessageContaining("table expected at field 'names'");
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.All', { color = 'PURPLE' })", SCHEMA)).hasMessageContaining("unknown enum value 'PURPLE'");
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.Nope', {})", SCHEMA)).hasMessageContaining("type 'test.Nope' does not exists");
        assertThatThrownBy(() -> lua.eval(load + "return pb.encode('test.Inner', { name = 1 })", SCHEMA))
                .hasMessageContaining("string expected");
        assertThatThrownBy(() -> lua.eval("""
                local pb, protoc = require 'pb', require 'protoc'
                protoc:load('syntax = "proto3"; message Node { Node next = 1; }', 'node.proto')
                local t = {} t.next = t
                return pb.encode('Node', t)
                """)).hasMessageContaining("nested too deep");
        assertThat(lua.eval(load + """
                local good = pb.encode('test.All', { s = 'hello', nested = { name = 'x' }, packed_ints = { 1, 2, 3 } })
                local failures = 0
                for cut = 1, #good - 1 do
                    local ok, err = pcall(pb.decode, 'test.All', good:sub(1, cut))
                    if not ok then
                        failures = failures + 1
                        assert(err:find('invalid test.All message') and not err:find('java') and not err:find('com%.google'), err)
                    end
                end
                return failures > 0
                """, SCHEMA)).isEqualTo(true);
        assertThat(lua.eval("""
                local pb, protoc = require 'pb', require 'protoc'
                protoc:load('syntax = "proto3"; message Node { Node next = 1; }', 'node.proto')
                -- a well-formed message 200 levels deep: protobuf-java's recursion limit (100) answers
                local s = ''
                local function wrap(inner)
                    local n, v = #inner, ''
                    repeat
                        local b = n % 128
                        n = math.floor(n / 128)
                        v = v .. string.char(n > 0 and b + 128 or b)
                    until n == 0
                    return '\\10' .. v .. inner
                end
                for i = 1, 200 do s = wrap(s) end
                local ok, err = pcall(pb.decode, 'Node', s)
                return (not ok) and err:find('nesting') ~= nil
                """)).isEqualTo(true);
        assertThat(lua.run("return require('pb').load('garbage')")).containsExactly(false, 0L);
        assertThatThrownBy(() -> lua.eval("return require('protoc'):load('syntax = \"proto3\";\\nmessage A {\\n  int32 x = ;\\n}')"))
                .hasMessageContaining(":3:").hasMessageContaining("integer expected");
        assertThatThrownBy(() -> lua.eval("return require('protoc'):load('syntax = \"proto3\"; message A { Missing x = 1; }')"))
                .hasMessageContaining("Missing").hasMessageNotContaining("Exception");
        assertThat(lua.eval("""
                local pb, protoc = require 'pb', require 'protoc'
                assert(protoc:load([[
                    syntax = "proto3";
                    import "google/protobuf/descriptor.proto";
                    extend google.protobuf.FieldOptions { string tagname = 50000; }
                    message WithCustom { option (my.opt) = { a: 1 b: { c: "x" } }; int32 x = 1 [(tagname) = "X", deprecated = true]; }
                ]], 'custom.proto'))
                return pb.decode('WithCustom', pb.encode('WithCustom', { x = 3 })).x
                """)).isEqualTo(3L);
        assertThatThrownBy(() -> lua.eval("return require('protoc'):load('syntax = \"proto2\"; message A { extensions 10 to 20; } extend A { optional int32 e = 10; }')"))
                .hasMessageContaining("extensions are not supported");
        assertThatThrownBy(() -> lua.eval("return require('protoc'):load('import \"nowhere.proto\"; message A {}')"))
                .hasMessageContaining("import \"nowhere.proto\" is not loaded");
    }
}
