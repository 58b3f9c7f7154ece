package io.skyloom.lua.codec;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;

/**
 * .proto text (proto2 and proto3) to a {@link FileDescriptorProto} as protoc builds it:
 * map fields become nested {@code XxxEntry} messages, proto3 {@code optional} a
 * synthetic oneof, every field gets its json_name. Type names are left as written;
 * {@link ProtocCompiler} resolves them once protobuf-java has linked the file. Options
 * of the descriptor.proto option messages are set by name; custom (parenthesised)
 * options and their {@code extend google.protobuf.*Options} definitions are skipped;
 * groups and other extensions are not supported. Our own parser: protobuf-java has
 * none, and the Java ones that exist (Wire, protostuff) do not produce descriptors.
 * One parser per text.
 */
final class ProtoParser {

    private static final Map<String, Type> SCALARS = Map.ofEntries(
            Map.entry("double", Type.TYPE_DOUBLE), Map.entry("float", Type.TYPE_FLOAT),
            Map.entry("int64", Type.TYPE_INT64), Map.entry("uint64", Type.TYPE_UINT64),
            Map.entry("int32", Type.TYPE_INT32), Map.entry("fixed64", Type.TYPE_FIXED64),
            Map.entry("fixed32", Type.TYPE_FIXED32), Map.entry("bool", Type.TYPE_BOOL),
            Map.entry("string", Type.TYPE_STRING), Map.entry("bytes", Type.TYPE_BYTES),
            Map.entry("uint32", Type.TYPE_UINT32), Map.entry("sfixed32", Type.TYPE_SFIXED32),
            Map.entry("sfixed64", Type.TYPE_SFIXED64), Map.entry("sint32", Type.TYPE_SINT32),
            Map.entry("sint64", Type.TYPE_SINT64));

    private final ProtoLexer lx;
    private boolean proto3;

    private ProtoParser(String text, String file) {
        lx = new ProtoLexer(text, file);
    }

    static FileDescriptorProto parse(String text, String name) {
        return new ProtoParser(text, name).file(name);
    }

    private FileDescriptorProto file(String name) {
        FileDescriptorProto.Builder f = FileDescriptorProto.newBuilder().setName(name);
        if (lx.accept("syntax")) {
            lx.expect("=");
            String s = utf8(lx.string());
            if (!s.equals("proto2") && !s.equals("proto3")) throw lx.error("unknown syntax '" + s + "'");
            proto3 = s.equals("proto3");
            if (proto3) f.setSyntax("proto3");
            lx.expect(";");
        }
        while (lx.kind != ProtoLexer.Kind.EOF) {
            if (lx.accept(";")) continue;
            if (lx.accept("package")) {
                f.setPackage(lx.fullIdent());
                lx.expect(";");
            } else if (lx.accept("import")) {
                boolean isPublic = lx.accept("public");
                if (!isPublic) lx.accept("weak");
                if (isPublic) f.addPublicDependency(f.getDependencyCount());
                f.addDependency(utf8(lx.string()));
                lx.expect(";");
            } else if (lx.accept("option")) {
                option(f.getOptionsBuilder());
                lx.expect(";");
            } else if (lx.accept("message")) {
                f.addMessageType(message(lx.ident()));
            } else if (lx.accept("enum")) {
                f.addEnumType(enumType(lx.ident()));
            } else if (lx.accept("service")) {
                f.addService(service());
            } else if (lx.accept("extend")) {
                extend();
            } else {
                throw lx.error("unexpected token");
            }
        }
        return f.build();
    }

    private DescriptorProto message(String name) {
        DescriptorProto.Builder m = DescriptorProto.newBuilder().setName(name);
        List<FieldDescriptorProto.Builder> synthetic = new ArrayList<>();
        lx.expect("{");
        while (!lx.accept("}")) {
            if (lx.kind == ProtoLexer.Kind.EOF) throw lx.error("'}' expected");
            if (lx.accept(";")) continue;
            if (lx.accept("message")) m.addNestedType(message(lx.ident()));
            else if (lx.accept("enum")) m.addEnumType(enumType(lx.ident()));
            else if (lx.accept("option")) {
                option(m.getOptionsBuilder());
                lx.expect(";");
            } else if (lx.accept("reserved")) reserved(m);
            else if (lx.accept("extensions")) {
                do {
                    long[] r = range(536870911);
                    m.addExtensionRangeBuilder().setStart((int) r[0]).setEnd((int) r[1] + 1);
                } while (lx.accept(","));
                if (lx.is("[")) fieldOptions(FieldDescriptorProto.newBuilder());
                lx.expect(";");
            } else if (lx.accept("oneof")) {
                int index = m.getOneofDeclCount();
                m.addOneofDecl(OneofDescriptorProto.newBuilder().setName(lx.ident()));
                lx.expect("{");
                while (!lx.accept("}")) {
                    if (lx.accept(";")) continue;
                    if (lx.accept("option")) {
                        option(m.getOneofDeclBuilder(index).getOptionsBuilder());
                        lx.expect(";");
                        continue;
                    }
                    m.addField(field(m, Label.LABEL_OPTIONAL).setOneofIndex(index));
                }
            } else if (lx.is("map")) {
                m.addField(mapField(m));
            } else if (lx.accept("extend")) {
                extend();
            } else if (lx.is("group")) {
                throw lx.error("groups are not supported");
            } else {
                Label label = null;
                boolean optional3 = false;
                if (lx.accept("optional")) {
                    label = Label.LABEL_OPTIONAL;
                    optional3 = proto3;
                } else if (lx.accept("required")) {
                    if (proto3) throw lx.error("required fields are not allowed in proto3");
                    label = Label.LABEL_REQUIRED;
                } else if (lx.accept("repeated")) {
                    label = Label.LABEL_REPEATED;
                } else if (!proto3) {
                    throw lx.error("label expected");
                }
                FieldDescriptorProto.Builder fb = field(m, label == null ? Label.LABEL_OPTIONAL : label);
                if (optional3) {
                    fb.setProto3Optional(true);
                    synthetic.add(fb);
                }
                m.addField(fb);
            }
        }
        // protoc puts each proto3 optional field in a oneof of its own, after the real ones
        for (FieldDescriptorProto.Builder fb : synthetic) {
            String oneof = "_" + fb.getName();
            while (hasOneof(m, oneof)) oneof = "X" + oneof;
            int index = m.getOneofDeclCount();
            m.addOneofDecl(OneofDescriptorProto.newBuilder().setName(oneof));
            for (FieldDescriptorProto.Builder x : m.getFieldBuilderList())
                if (x.getName().equals(fb.getName())) x.setOneofIndex(index);
        }
        return m.build();
    }

    private static boolean hasOneof(DescriptorProto.Builder m, String name) {
        for (OneofDescriptorProto o : m.getOneofDeclList()) if (o.getName().equals(name)) return true;
        return false;
    }

    /** type name = number [options]; */
    private FieldDescriptorProto.Builder field(DescriptorProto.Builder m, Label label) {
        String type = lx.fullIdent();
        FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setLabel(label);
        Type scalar = SCALARS.get(type);
        if (scalar != null) f.setType(scalar);
        else f.setTypeName(type);
        f.setName(lx.ident());
        lx.expect("=");
        f.setNumber(number());
        f.setJsonName(jsonName(f.getName()));
        if (lx.is("[")) fieldOptions(f);
        lx.expect(";");
        return f;
    }

    /** map<K, V> name = number; as protoc writes it: a repeated NameEntry { K key = 1; V value = 2; }. */
    private FieldDescriptorProto.Builder mapField(DescriptorProto.Builder m) {
        lx.expect("map");
        lx.expect("<");
        String k = lx.fullIdent();
        lx.expect(",");
        String v = lx.fullIdent();
        lx.expect(">");
        String name = lx.ident();
        lx.expect("=");
        int number = number();
        String entry = camel(name) + "Entry";
        DescriptorProto.Builder e = DescriptorProto.newBuilder().setName(entry);
        e.getOptionsBuilder().setMapEntry(true);
        e.addField(entryField("key", 1, k));
        e.addField(entryField("value", 2, v));
        m.addNestedType(e);
        FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setLabel(Label.LABEL_REPEATED).setTypeName(entry).setJsonName(jsonName(name));
        if (lx.is("[")) fieldOptions(f);
        lx.expect(";");
        return f;
    }

    private static FieldDescriptorProto.Builder entryField(String name, int number, String type) {
        FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setLabel(Label.LABEL_OPTIONAL).setJsonName(name);
        Type scalar = SCALARS.get(type);
        if (scalar != null) f.setType(scalar);
        else f.setTypeName(type);
        return f;
    }

    /** [default = x, packed = true, json_name = "y", ...] */
    private void fieldOptions(FieldDescriptorProto.Builder f) {
        lx.expect("[");
        do {
            if (lx.accept("default")) {
                lx.expect("=");
                f.setDefaultValue(defaultValue(f));
            } else if (lx.accept("json_name")) {
                lx.expect("=");
                f.setJsonName(utf8(lx.string()));
            } else {
                optionAssignment(f.getOptionsBuilder());
            }
        } while (lx.accept(","));
        lx.expect("]");
    }

    /** protoc's text for a default: numbers and enum names as written, strings as text, bytes C-escaped. */
    private String defaultValue(FieldDescriptorProto.Builder f) {
        if (lx.kind == ProtoLexer.Kind.STRING) {
            String raw = lx.string();
            return f.getType() == Type.TYPE_BYTES ? cEscape(raw) : utf8(raw);
        }
        boolean negative = lx.accept("-");
        if (lx.kind != ProtoLexer.Kind.NUMBER && lx.kind != ProtoLexer.Kind.IDENT) throw lx.error("default value expected");
        String written = lx.token;
        try {
            String v = f.hasType() ? ProtocDefaults.normalize(f.getType(), negative, written) : (negative ? "-" : "") + written;   // an enum name
            lx.next();
            return v;
        } catch (NumberFormatException e) {
            throw lx.error("bad default value");
        }
    }

    private EnumDescriptorProto enumType(String name) {
        EnumDescriptorProto.Builder e = EnumDescriptorProto.newBuilder().setName(name);
        lx.expect("{");
        while (!lx.accept("}")) {
            if (lx.kind == ProtoLexer.Kind.EOF) throw lx.error("'}' expected");
            if (lx.accept(";")) continue;
            if (lx.accept("option")) {
                option(e.getOptionsBuilder());
                lx.expect(";");
            } else if (lx.accept("reserved")) {
                do {
                    if (lx.kind == ProtoLexer.Kind.STRING) e.addReservedName(utf8(lx.string()));
                    else {
                        long[] r = range(Integer.MAX_VALUE);
                        e.addReservedRangeBuilder().setStart((int) r[0]).setEnd((int) r[1]);
                    }
                } while (lx.accept(","));
                lx.expect(";");
            } else {
                EnumValueDescriptorProto.Builder v = EnumValueDescriptorProto.newBuilder().setName(lx.ident());
                lx.expect("=");
                long n = lx.integer();
                if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) throw lx.error("enum value out of range");
                v.setNumber((int) n);
                if (lx.is("[")) {
                    lx.expect("[");
                    do optionAssignment(v.getOptionsBuilder()); while (lx.accept(","));
                    lx.expect("]");
                }
                lx.expect(";");
                e.addValue(v);
            }
        }
        return e.build();
    }

    private ServiceDescriptorProto service() {
        ServiceDescriptorProto.Builder s = ServiceDescriptorProto.newBuilder().setName(lx.ident());
        lx.expect("{");
        while (!lx.accept("}")) {
            if (lx.kind == ProtoLexer.Kind.EOF) throw lx.error("'}' expected");
            if (lx.accept(";")) continue;
            if (lx.accept("option")) {
                option(s.getOptionsBuilder());
                lx.expect(";");
                continue;
            }
            lx.expect("rpc");
            MethodDescriptorProto.Builder m = MethodDescriptorProto.newBuilder().setName(lx.ident());
            lx.expect("(");
            if (lx.accept("stream")) m.setClientStreaming(true);
            m.setInputType(lx.fullIdent());
            lx.expect(")");
            lx.expect("returns");
            lx.expect("(");
            if (lx.accept("stream")) m.setServerStreaming(true);
            m.setOutputType(lx.fullIdent());
            lx.expect(")");
            if (lx.accept("{")) {
                while (!lx.accept("}")) {
                    if (lx.accept(";")) continue;
                    lx.expect("option");
                    option(m.getOptionsBuilder());
                    lx.expect(";");
                }
            } else {
                lx.expect(";");
            }
            s.addMethod(m);
        }
        return s.build();
    }

    private void reserved(DescriptorProto.Builder m) {
        do {
            if (lx.kind == ProtoLexer.Kind.STRING) m.addReservedName(utf8(lx.string()));
            else {
                long[] r = range(536870911);
                m.addReservedRangeBuilder().setStart((int) r[0]).setEnd((int) r[1] + 1);
            }
        } while (lx.accept(","));
        lx.expect(";");
    }

    /** n, or n to m, or n to max; inclusive. */
    private long[] range(long max) {
        long from = lx.integer(), to = from;
        if (lx.accept("to")) to = lx.accept("max") ? max : lx.integer();
        return new long[] {from, to};
    }

    private int number() {
        long n = lx.integer();
        if (n < 1 || n > 536870911) throw lx.error("field number out of range");
        return (int) n;
    }

    /** option name = value (after the keyword). */
    private void option(Message.Builder options) {
        optionAssignment(options);
    }

    private void optionAssignment(Message.Builder options) {
        if (lx.accept("(")) {
            // A custom option: its definition is an extension, which this compiler does not build; skipped.
            lx.fullIdent();
            lx.expect(")");
            while (lx.accept(".")) lx.ident();
            lx.expect("=");
            skipConstant();
            return;
        }
        String name = lx.fullIdent();
        lx.expect("=");
        FieldDescriptor f = options.getDescriptorForType().findFieldByName(name);
        Object value = constant(f);
        if (f == null) return;   // an option this protobuf-java does not know: ignored, as protoc would reject it
        try {
            options.setField(f, value);
        } catch (IllegalArgumentException e) {
            throw lx.error("bad value for option " + name);
        }
    }

    /** A constant or a {...} aggregate, unread. */
    private void skipConstant() {
        if (lx.accept("{")) {
            for (int depth = 1; depth > 0; lx.next()) {
                if (lx.kind == ProtoLexer.Kind.EOF) throw lx.error("'}' expected");
                if (lx.is("{")) depth++;
                else if (lx.is("}")) depth--;
            }
            return;
        }
        lx.accept("-");
        if (lx.kind == ProtoLexer.Kind.STRING) lx.string();
        else if (lx.kind == ProtoLexer.Kind.NUMBER || lx.kind == ProtoLexer.Kind.IDENT) lx.next();
        else throw lx.error("constant expected");
    }

    /** extend google.protobuf.XxxOptions { ... }: the definition of custom options, skipped like their uses. */
    private void extend() {
        String target = lx.fullIdent();
        if (!target.matches("\\.?google\\.protobuf\\.\\w+Options")) throw lx.error("extensions are not supported");
        skipConstant();
    }

    /** A constant, converted to the option field's Java type when the field is known. */
    private Object constant(FieldDescriptor f) {
        if (lx.kind == ProtoLexer.Kind.STRING) return utf8(lx.string());
        boolean neg = lx.accept("-");
        String t = lx.token;
        ProtoLexer.Kind k = lx.kind;
        if (k != ProtoLexer.Kind.NUMBER && k != ProtoLexer.Kind.IDENT) throw lx.error("constant expected");
        lx.next();
        if (f == null) return t;
        try {
            return switch (f.getJavaType()) {
                case BOOLEAN -> switch (t) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw lx.error("true or false expected");
                };
                case INT -> (int) (neg ? -Long.decode(t) : Long.decode(t));
                case LONG -> neg ? -Long.decode(t) : Long.decode(t);
                case FLOAT -> (float) (neg ? -Double.parseDouble(t) : Double.parseDouble(t));
                case DOUBLE -> neg ? -Double.parseDouble(t) : Double.parseDouble(t);
                case ENUM -> {
                    var v = f.getEnumType().findValueByName(t);
                    if (v == null) throw lx.error("unknown value " + t);
                    yield v;
                }
                default -> t;
            };
        } catch (NumberFormatException e) {
            throw lx.error("number expected");
        }
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** protoc's json_name: underscores dropped, the letter after each upper-cased. */
    static String jsonName(String name) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : name.toCharArray()) {
            if (c == '_') up = true;
            else if (up) {
                sb.append(Character.toUpperCase(c));
                up = false;
            } else sb.append(c);
        }
        return sb.toString();
    }

    /** protoc's map entry name: CamelCase of the field name. */
    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : name.toCharArray()) {
            if (c == '_') up = true;
            else if (up) {
                sb.append(Character.toUpperCase(c));
                up = false;
            } else sb.append(c);
        }
        return sb.toString();
    }

    private static String cEscape(String latin1) {
        StringBuilder sb = new StringBuilder();
        for (char c : latin1.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\%03o", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
