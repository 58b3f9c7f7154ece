package io.skyloom.lua.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A protobuf-java message to a Lua table, with lua-protobuf's defaults: enums as names,
 * 64-bit integers as numbers, a set oneof member also named under its oneof
 * ({@code t.kind = "text"}), and for proto3 messages (option auto_default_values) the
 * zero value of every plain scalar field and an empty table for every repeated or map
 * field. Reads {@link PbState}'s options; one decoder per call.
 */
final class PbDecoder {

    private final PbState state;

    PbDecoder(PbState state) {
        this.state = state;
    }

    LuaTable table(Message m, LuaTable into) {
        Descriptor d = m.getDescriptorForType();
        boolean proto3 = "proto3".equals(d.getFile().toProto().getSyntax());
        boolean defaults = state.defaultsMode == 2 || (state.defaultsMode == 0 && proto3);
        if (defaults) {
            for (FieldDescriptor f : d.getFields()) {
                if (f.isRepeated()) {
                    if (proto3 || state.decodeDefaultArray) into.rawset(state.name(f), new LuaTable());
                } else if (f.getContainingOneof() == null && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {   // proto3 optional too: it has presence
                    into.rawset(state.name(f), scalar(f, f.getDefaultValue()));
                }
            }
        } else if (state.decodeDefaultArray) {
            for (FieldDescriptor f : d.getFields()) if (f.isRepeated()) into.rawset(state.name(f), new LuaTable());
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.isMapField()) {
                LuaTable t = new LuaTable();
                FieldDescriptor kf = f.getMessageType().findFieldByNumber(1), vf = f.getMessageType().findFieldByNumber(2);
                for (Object o : (List<?>) e.getValue()) {
                    Message entry = (Message) o;
                    t.rawset(scalar(kf, entry.getField(kf)), value(vf, entry.getField(vf)));
                }
                into.rawset(state.name(f), t);
            } else if (f.isRepeated()) {
                List<?> items = (List<?>) e.getValue();
                LuaTable t = new LuaTable(items.size(), 0);
                for (int i = 0; i < items.size(); i++) t.rawset(i + 1, value(f, items.get(i)));
                into.rawset(state.name(f), t);
            } else {
                into.rawset(state.name(f), value(f, e.getValue()));
                OneofDescriptor o = f.getRealContainingOneof();
                if (o != null) into.rawset(state.name(o), state.name(f));
            }
        }
        return into;
    }

    private LuaValue value(FieldDescriptor f, Object v) {
        return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? table((Message) v, new LuaTable()) : scalar(f, v);
    }

    LuaValue scalar(FieldDescriptor f, Object v) {
        switch (f.getJavaType()) {
            case INT: {
                int x = (Integer) v;
                boolean unsigned = f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32;
                return LuaValue.valueOf(unsigned ? (double) Integer.toUnsignedLong(x) : x);
            }
            case LONG: {
                long x = (Long) v;
                boolean unsigned = f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
                return int64(x, unsigned);
            }
            case FLOAT:
                return LuaValue.valueOf((double) (Float) v);
            case DOUBLE:
                return LuaValue.valueOf((Double) v);
            case BOOLEAN:
                return LuaValue.valueOf((Boolean) v);
            case STRING:
                return LuaString.valueUsing(((String) v).getBytes(StandardCharsets.UTF_8));
            case BYTE_STRING:
                return LuaString.valueUsing(((ByteString) v).toByteArray());
            case ENUM: {
                EnumValueDescriptor e = (EnumValueDescriptor) v;
                boolean known = e.getType().findValueByNumber(e.getNumber()) != null;
                return state.enumAsValue || !known ? LuaValue.valueOf(e.getNumber()) : LuaValue.valueOf(e.getName());
            }
            default:
                throw new IllegalStateException("not a scalar: " + f.getFullName());
        }
    }

    /** int64_as_number: always a number; int64_as_string/hexstring: a number when it fits a uint32, else "#" text. */
    private LuaValue int64(long x, boolean unsigned) {
        if (state.int64Mode == 0 || (x >= 0 && x <= 0xffffffffL))
            return LuaValue.valueOf(unsigned && x < 0 ? (double) (x >>> 1) * 2 + (x & 1) : (double) x);
        if (state.int64Mode == 2) return LuaValue.valueOf("#0x" + Long.toHexString(x));
        return LuaValue.valueOf("#" + (unsigned ? Long.toUnsignedString(x) : Long.toString(x)));
    }
}
