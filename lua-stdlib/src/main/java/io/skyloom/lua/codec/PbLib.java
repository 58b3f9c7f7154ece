package io.skyloom.lua.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * {@code require "pb"}: lua-protobuf's message functions on protobuf-java's dynamic
 * messages. The schemas live in the service's {@link PbState}, shared with its
 * {@code protoc}. Only {@code pb.load} reports failure by its result; the other
 * functions raise Lua errors, as in lua-protobuf. Made once per service.
 */
final class PbLib extends TwoArgFunction {

    private final Supplier<PbState> state;

    PbLib(Supplier<PbState> state) {
        this.state = state;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable m = new LuaTable();
        LuaFn.put(m, "load", a -> state.get().load(LuaBytes.arg(a, 1))
                ? varargsOf(TRUE, valueOf(a.checkstring(1).m_length)) : varargsOf(FALSE, valueOf(0)));
        LuaFn.put(m, "encode", a -> {
            Descriptor d = message(a.checkjstring(1));
            if (!a.arg(2).istable()) throw new LuaError("bad argument #2 to 'encode' (table expected, got " + a.arg(2).typename() + ")");
            return LuaBytes.of(PbEncoder.message(state.get(), d, a.arg(2), 0).toByteArray());
        });
        LuaFn.put(m, "decode", a -> decode(a));
        LuaFn.put(m, "enum", a -> enumValue(a));
        LuaFn.put(m, "field", a -> {
            Descriptor d = message(a.checkjstring(1));
            FieldDescriptor f = a.arg(2).type() == TNUMBER ? d.findFieldByNumber(a.toint(2)) : d.findFieldByName(a.checkjstring(2));
            return f == null ? NONE : field(f);
        });
        LuaFn.put(m, "fields", a -> iterate(fieldsOf(message(a.checkjstring(1)))));
        LuaFn.put(m, "type", a -> {
            GenericDescriptor t = state.get().type(a.checkjstring(1));
            return t == null ? NONE : type(t);
        });
        LuaFn.put(m, "types", a -> {
            List<Varargs> all = new ArrayList<>();
            for (GenericDescriptor t : state.get().types()) all.add(type(t));
            return iterate(all);
        });
        LuaFn.put(m, "defaults", a -> defaults(message(a.checkjstring(1))));
        LuaFn.put(m, "option", a -> option(a.checkjstring(1)));
        LuaFn.put(m, "clear", a -> {
            if (a.isnoneornil(1)) state.get().clear();
            else state.get().clear(a.checkjstring(1));
            return NONE;
        });
        LuaFn.put(m, "tohex", a -> valueOf(HexFormat.of().withDelimiter(" ").formatHex(LuaBytes.arg(a, 1))));
        return m;
    }

    private Descriptor message(String name) {
        GenericDescriptor t = state.get().type(name);
        if (t instanceof Descriptor d) return d;
        throw new LuaError("type '" + name + "' does not exists");
    }

    private Varargs decode(Varargs a) {
        Descriptor d = message(a.checkjstring(1));
        LuaString data = a.isnoneornil(2) ? LuaValue.EMPTYSTRING : a.checkstring(2);
        LuaTable into = a.arg(3).istable() ? (LuaTable) a.arg(3) : new LuaTable();
        DynamicMessage msg;
        try {
            // buildPartial: like lua-protobuf, a message missing proto2 required fields still decodes
            msg = DynamicMessage.newBuilder(d)
                    .mergeFrom(com.google.protobuf.CodedInputStream.newInstance(data.m_bytes, data.m_offset, data.m_length))
                    .buildPartial();
        } catch (java.io.IOException e) {   // InvalidProtocolBufferException: a byte array reads no other way
            throw new LuaError("pb.decode: invalid " + d.getFullName() + " message: " + CodecError.describe(e));
        }
        return new PbDecoder(state.get()).table(msg, into);
    }

    private Varargs enumValue(Varargs a) {
        GenericDescriptor t = state.get().type(a.checkjstring(1));
        if (!(t instanceof EnumDescriptor e)) throw new LuaError("type '" + a.checkjstring(1) + "' is not an enum");
        if (a.arg(2).type() == TNUMBER) {
            EnumValueDescriptor v = e.findValueByNumber(a.toint(2));
            return v == null ? NONE : valueOf(v.getName());
        }
        EnumValueDescriptor v = e.findValueByName(a.checkjstring(2));
        return v == null ? NONE : valueOf(v.getNumber());
    }

    /** name, number, type, default, label [, oneof name, oneof index]. */
    private static Varargs field(FieldDescriptor f) {
        String type = switch (f.getJavaType()) {
            case MESSAGE -> "." + f.getMessageType().getFullName();
            case ENUM -> "." + f.getEnumType().getFullName();
            default -> f.getType().name().toLowerCase();
        };
        LuaValue def = f.toProto().hasDefaultValue() ? valueOf(f.toProto().getDefaultValue()) : NIL;
        String label = f.isRepeated() ? (f.isPacked() ? "packed" : "repeated") : f.isRequired() ? "required" : "optional";
        OneofDescriptor o = f.getRealContainingOneof();
        LuaValue[] r = o == null
                ? new LuaValue[] {valueOf(f.getName()), valueOf(f.getNumber()), valueOf(type), def, valueOf(label)}
                : new LuaValue[] {valueOf(f.getName()), valueOf(f.getNumber()), valueOf(type), def, valueOf(label),
                        valueOf(o.getName()), valueOf(o.getIndex())};
        return varargsOf(r);
    }

    private static List<Varargs> fieldsOf(Descriptor d) {
        List<Varargs> all = new ArrayList<>();
        for (FieldDescriptor f : d.getFields()) all.add(field(f));
        return all;
    }

    /** ".full.Name", "Name", "message" | "enum" | "map". */
    private static Varargs type(GenericDescriptor t) {
        String kind = t instanceof EnumDescriptor ? "enum"
                : ((Descriptor) t).getOptions().getMapEntry() ? "map" : "message";
        return varargsOf(valueOf("." + t.getFullName()), valueOf(t.getName()), valueOf(kind));
    }

    /** A generic-for iterator over precomputed rows. */
    private static Varargs iterate(List<Varargs> rows) {
        Iterator<Varargs> it = rows.iterator();
        return LuaFn.of("iterator", a -> it.hasNext() ? it.next() : NIL);
    }

    private LuaTable defaults(Descriptor d) {
        LuaTable t = new LuaTable();
        PbDecoder dec = new PbDecoder(state.get());
        for (FieldDescriptor f : d.getFields())
            if (!f.isRepeated() && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE && f.getRealContainingOneof() == null)
                t.rawset(f.getName(), dec.scalar(f, f.getDefaultValue()));
        return t;
    }

    private Varargs option(String name) {
        PbState s = state.get();
        switch (name) {
            case "enum_as_name" -> s.enumAsValue = false;
            case "enum_as_value" -> s.enumAsValue = true;
            case "int64_as_number" -> s.int64Mode = 0;
            case "int64_as_string" -> s.int64Mode = 1;
            case "int64_as_hexstring" -> s.int64Mode = 2;
            case "auto_default_values" -> s.defaultsMode = 0;
            case "no_default_values" -> s.defaultsMode = 1;
            case "use_default_values" -> s.defaultsMode = 2;
            case "decode_default_array" -> s.decodeDefaultArray = true;
            case "no_decode_default_array" -> s.decodeDefaultArray = false;
            default -> throw new LuaError("unsupported pb option '" + name + "'");
        }
        return NONE;
    }
}
