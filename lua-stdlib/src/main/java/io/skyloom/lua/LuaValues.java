package io.skyloom.lua;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import io.skyloom.foreign.ForeignValues;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Values crossing a service boundary, as DESIGN.md fixes them. Lua to Java: strings
 * become {@code String} when their bytes are UTF-8 and {@code byte[]} otherwise; a table
 * whose keys are exactly 1..n a {@code List}, any other a {@code Map}; nil null; integral
 * numbers that fit exactly a {@code Long}, others a {@code Double}. Java to Lua the other
 * way round. Tables are always copied; cycles and functions are refused. Stateless.
 */
public final class LuaValues {

    static final int MAX_DEPTH = 64;

    private LuaValues() {}

    // ---- Lua -> Java -------------------------------------------------------------------

    public static Object toJava(LuaValue v) {
        return toJava(v, 0, null);
    }

    public static Object[] toJava(Varargs args, int from) {
        int n = args.narg();
        Object[] out = new Object[Math.max(0, n - from + 1)];
        for (int i = from; i <= n; i++) out[i - from] = toJava(args.arg(i), 0, null);
        return out;
    }

    private static Object toJava(LuaValue v, int depth, IdentityHashMap<LuaValue, Boolean> path) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER:
                return number(v);
            case LuaValue.TSTRING:
                return string((LuaString) v.checkstring());
            case LuaValue.TTABLE:
                return table((LuaTable) v, depth, path);
            case LuaValue.TUSERDATA:
                if (io.skyloom.lua.codec.JsonNull.is(v)) return null;
                Object o = v.touserdata();
                if (ForeignValues.sharesByReference(o)) return o;
                throw new LuaError("cannot pass a userdata of " + (o == null ? "nil" : o.getClass().getSimpleName()) + " to another service");
            default:
                throw new LuaError("cannot pass a " + v.typename() + " to another service");
        }
    }

    static Object number(LuaValue v) {
        if (v.isint()) return (long) v.toint();
        double d = v.todouble();
        if (d == Math.rint(d) && Math.abs(d) <= 0x1p53) return (long) d;
        return d;
    }

    static Object string(LuaString s) {
        byte[] bytes = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, bytes, 0, s.m_length);
        boolean ascii = true;
        for (byte b : bytes) if (b < 0) { ascii = false; break; }
        if (ascii) return new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return bytes;
        }
    }

    private static Object table(LuaTable t, int depth, IdentityHashMap<LuaValue, Boolean> path) {
        if (depth >= MAX_DEPTH) throw new LuaError("table nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
        if (path == null) path = new IdentityHashMap<>();
        if (path.put(t, Boolean.TRUE) != null) throw new LuaError("cannot pass a table that contains itself");
        try {
            int n = t.length();
            int count = 0;
            LuaValue k = LuaValue.NIL;
            boolean sequence = true;
            for (;;) {
                Varargs e = t.next(k);
                if ((k = e.arg1()).isnil()) break;
                count++;
                if (sequence && !(k.isinttype() && k.toint() >= 1 && k.toint() <= n)) sequence = false;
            }
            if (sequence && count == n) {
                Object[] list = new Object[n];
                for (int i = 1; i <= n; i++) list[i - 1] = toJava(t.get(i), depth + 1, path);
                return ForeignValues.frozenList(list);
            }
            LinkedHashMap<Object, Object> map = new LinkedHashMap<>(count * 2);
            k = LuaValue.NIL;
            for (;;) {
                Varargs e = t.next(k);
                if ((k = e.arg1()).isnil()) break;
                map.put(toJava(k, depth + 1, path), toJava(e.arg(2), depth + 1, path));
            }
            return ForeignValues.frozenMap(map);
        } finally {
            path.remove(t);
        }
    }

    // ---- Java -> Lua -------------------------------------------------------------------

    public static LuaValue toLua(Object o) {
        return toLua(o, 0);
    }

    public static LuaValue[] toLua(Object[] values) {
        LuaValue[] out = new LuaValue[values.length];
        for (int i = 0; i < values.length; i++) out[i] = toLua(values[i], 0);
        return out;
    }

    private static LuaValue toLua(Object o, int depth) {
        if (depth >= MAX_DEPTH) throw new LuaError("value nested deeper than " + MAX_DEPTH + " levels");
        if (o == null) return LuaValue.NIL;
        if (o instanceof String s) return LuaString.valueOf(s.getBytes(StandardCharsets.UTF_8));
        if (o instanceof Long l) return (l == (int) (long) l) ? LuaValue.valueOf((int) (long) l) : LuaValue.valueOf((double) l);
        if (o instanceof Integer i) return LuaValue.valueOf(i);
        if (o instanceof Double d) return LuaValue.valueOf(d);
        if (o instanceof Boolean b) return LuaValue.valueOf(b);
        if (o instanceof Number n) return LuaValue.valueOf(n.doubleValue());
        if (o instanceof byte[] b) return LuaString.valueOf(b.clone());
        if (o instanceof Character c) return LuaValue.valueOf(String.valueOf(c));
        if (o instanceof List<?> list) {
            LuaTable t = new LuaTable(list.size(), 0);
            int i = 1;
            for (Object e : list) t.rawset(i++, toLua(e, depth + 1));
            return t;
        }
        if (o instanceof Map<?, ?> map) {
            LuaTable t = new LuaTable(0, map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                LuaValue k = toLua(e.getKey(), depth + 1);
                if (k.isnil()) throw new LuaError("a map with a null key cannot become a Lua table");
                t.rawset(k, toLua(e.getValue(), depth + 1));
            }
            return t;
        }
        if (o instanceof Object[] arr) {
            LuaTable t = new LuaTable(arr.length, 0);
            for (int i = 0; i < arr.length; i++) t.rawset(i + 1, toLua(arr[i], depth + 1));
            return t;
        }
        if (o instanceof Enum<?> e) return LuaValue.valueOf(e.name());
        LuaValue shared = SharedValues.toLua(o);
        if (shared != null) return shared;
        throw new LuaError("cannot pass a Java " + o.getClass().getName() + " to Lua");
    }
}
