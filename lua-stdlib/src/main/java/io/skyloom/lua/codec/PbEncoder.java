package io.skyloom.lua.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua table to a protobuf-java {@link DynamicMessage}, with lua-protobuf's rules:
 * keys that are not fields are ignored, a repeated field is the array part of a table,
 * a map field a table of keys to values, an enum a name or a number, a 64-bit integer a
 * number or a "#"-prefixed string. A value of the wrong type is a Lua error naming the
 * field. Stateless; the state gives the field names' Lua strings.
 */
final class PbEncoder {

    static final int MAX_DEPTH = 100;   // protobuf-java's own recursion limit when parsing

    private PbEncoder() {}

    static DynamicMessage message(PbState state, Descriptor d, LuaValue v, int depth) {
        if (depth > MAX_DEPTH) throw new LuaError("message nested too deep (more than " + MAX_DEPTH + " levels, or a cycle)");
        LuaTable t = (LuaTable) v;
        DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
        for (FieldDescriptor f : d.getFields()) {
            LuaValue x = t.get(state.name(f));
            if (x.isnil()) continue;
            if (f.isMapField()) {
                FieldDescriptor kf = f.getMessageType().findFieldByNumber(1), vf = f.getMessageType().findFieldByNumber(2);
                LuaTable m = table(f, x);
                LuaValue k = LuaValue.NIL;
                for (;;) {
                    Varargs e = m.next(k);
                    if ((k = e.arg1()).isnil()) break;
                    DynamicMessage.Builder entry = DynamicMessage.newBuilder(f.getMessageType());
                    entry.setField(kf, value(state, kf, k, depth));
                    entry.setField(vf, value(state, vf, e.arg(2), depth));
                    b.addRepeatedField(f, entry.buildPartial());
                }
            } else if (f.isRepeated()) {
                LuaTable a = table(f, x);
                for (int i = 1; ; i++) {
                    LuaValue item = a.get(i);
                    if (item.isnil()) break;
                    b.addRepeatedField(f, value(state, f, item, depth));
                }
            } else {
                b.setField(f, value(state, f, x, depth));
            }
        }
        return b.buildPartial();   // lua-protobuf does not check proto2's required fields
    }

    private static LuaTable table(FieldDescriptor f, LuaValue v) {
        if (!v.istable()) throw new LuaError("table expected at field '" + f.getName() + "', got " + v.typename());
        return (LuaTable) v;
    }

    private static Object value(PbState state, FieldDescriptor f, LuaValue v, int depth) {
        switch (f.getJavaType()) {
            case INT:
                return (int) integer(f, v, f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32 ? 0xffffffffL : Integer.MAX_VALUE,
                        f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32 ? 0 : Integer.MIN_VALUE);
            case LONG:
                return integer(f, v, Long.MAX_VALUE, Long.MIN_VALUE);
            case FLOAT:
                return (float) number(f, v);
            case DOUBLE:
                return number(f, v);
            case BOOLEAN:
                if (!v.isboolean()) throw expected("boolean", f, v);
                return v.toboolean();
            case STRING:
                return new String(bytes(f, v), StandardCharsets.UTF_8);
            case BYTE_STRING:
                return ByteString.copyFrom(bytes(f, v));
            case ENUM:
                return enumValue(f, v);
            default:
                if (!v.istable()) throw expected("table", f, v);
                return message(state, f.getMessageType(), v, depth + 1);
        }
    }

    private static EnumValueDescriptor enumValue(FieldDescriptor f, LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) return f.getEnumType().findValueByNumberCreatingIfUnknown((int) integer(f, v, Integer.MAX_VALUE, Integer.MIN_VALUE));
        if (v.type() != LuaValue.TSTRING) throw expected("string or number", f, v);
        EnumValueDescriptor e = f.getEnumType().findValueByName(v.tojstring());
        if (e == null) throw new LuaError("unknown enum value '" + v.tojstring() + "' for field '" + f.getName() + "' (" + f.getEnumType().getFullName() + ")");
        return e;
    }

    private static byte[] bytes(FieldDescriptor f, LuaValue v) {
        if (v.type() != LuaValue.TSTRING) throw expected("string", f, v);
        LuaString s = v.checkstring();
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    private static double number(FieldDescriptor f, LuaValue v) {
        if (v.type() != LuaValue.TNUMBER) {
            LuaValue n = v.type() == LuaValue.TSTRING ? v.tonumber() : LuaValue.NIL;
            if (n.isnil()) throw expected("number", f, v);
            return n.todouble();
        }
        return v.todouble();
    }

    /** An integral number, or a string ("#" prefix allowed, "0x" hex allowed), within [min, max]. */
    static long integer(FieldDescriptor f, LuaValue v, long max, long min) {
        long x;
        if (v.type() == LuaValue.TSTRING) {
            String s = v.tojstring();
            if (s.startsWith("#")) s = s.substring(1);
            try {
                boolean neg = s.startsWith("-");
                String digits = neg ? s.substring(1) : s;
                x = digits.startsWith("0x") || digits.startsWith("0X")
                        ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseUnsignedLong(digits);
                if (neg) x = -x;
            } catch (NumberFormatException e) {
                throw expected("integer", f, v);
            }
            if (max == Long.MAX_VALUE) return x;   // 64-bit: the bits as given
        } else if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            if (d != Math.rint(d) || Double.isInfinite(d)) throw new LuaError("number has no integer representation at field '" + f.getName() + "'");
            if (d >= 9.223372036854775808e18 && d < 1.8446744073709551616e19) return (long) (d - 9.223372036854775808e18) ^ Long.MIN_VALUE;
            x = (long) d;
            if (max == Long.MAX_VALUE) return x;
        } else {
            throw expected("number", f, v);
        }
        if (x > max || x < min) throw new LuaError("integer " + x + " out of range at field '" + f.getName() + "'");
        return x;
    }

    private static LuaError expected(String what, FieldDescriptor f, LuaValue v) {
        return new LuaError(what + " expected at field '" + f.getName() + "', got " + v.typename());
    }
}
