package io.skyloom.lua.codec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * {@code require "sproto.core"}: the primitives skynet's sproto.lua, sprotoparser.lua
 * and sprotoloader.lua are built on (newproto, querytype, encode, decode, pack, unpack,
 * protocol, default, saveproto, loadproto, and parse for sprotoparser). Schemas and
 * types reach Lua as userdata without a metatable, so Lua can pass them back here and
 * compare them but reach nothing of the Java objects behind them. Each require gets a
 * fresh table; the sixteen saved-schema slots are JVM-wide, as skynet's are
 * process-wide, and safe to share since a schema is immutable.
 */
final class SprotoLib extends TwoArgFunction {

    private static final int SLOTS = 16;
    private static final AtomicReferenceArray<LuaUserdata> SAVED = new AtomicReferenceArray<>(SLOTS);
    /** The response type of a protocol whose response is declared nil: encodes to "" and decodes to nothing. */
    private static final LuaUserdata NO_CONTENT = new LuaUserdata(new Object() {
        @Override
        public String toString() {
            return "userdata: sproto_type nil";
        }
    });

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable m = new LuaTable();
        LuaFn.put(m, "newproto", a -> new LuaUserdata(SprotoBundle.read(LuaBytes.arg(a, 1))));
        LuaFn.put(m, "deleteproto", a -> NONE);   // the garbage collector frees a schema
        LuaFn.put(m, "dumpproto", a -> NONE);
        LuaFn.put(m, "querytype", a -> {
            SprotoType t = sproto(a, 1).type(a.checkjstring(2));
            return t == null ? NONE : new LuaUserdata(t);
        });
        LuaFn.put(m, "encode", a -> encode(a));
        LuaFn.put(m, "decode", a -> decode(a));
        LuaFn.put(m, "pack", a -> LuaBytes.of(pack(a)));
        LuaFn.put(m, "unpack", a -> {
            LuaString s = a.checkstring(1);
            return LuaBytes.of(SprotoPack.unpack(s.m_bytes, s.m_offset, s.m_length, SprotoEncoder.MAX_SIZE * 8));
        });
        LuaFn.put(m, "protocol", a -> protocol(a));
        LuaFn.put(m, "default", a -> SprotoDefaults.of(type(a, 1)));
        LuaFn.put(m, "saveproto", a -> {
            sproto(a, 1);
            SAVED.set(slot(a.optint(2, 0)), (LuaUserdata) a.arg1());
            return NONE;
        });
        LuaFn.put(m, "loadproto", a -> {
            int i = slot(a.optint(1, 0));
            LuaUserdata sp = SAVED.get(i);
            if (sp == null) throw new LuaError("nil sproto at index " + i);
            return sp;
        });
        LuaFn.put(m, "parse", a -> LuaBytes.of(SprotoSchemaBinary.write(SprotoSchemaText.parse(
                new String(LuaBytes.arg(a, 1), StandardCharsets.UTF_8), a.optjstring(2, "=text")))));
        return m;
    }

    private static Varargs encode(Varargs a) {
        if (a.arg1() == NO_CONTENT) {
            if (!a.arg(2).isnil()) throw new LuaError("bad argument #2 to 'encode' (nil expected: the response is declared nil)");
            return LuaValue.EMPTYSTRING;
        }
        SprotoType st = type(a, 1);
        if (!a.arg(2).istable()) throw new LuaError("bad argument #2 to 'encode' (table expected, got " + a.arg(2).typename() + ")");
        return LuaBytes.of(new SprotoEncoder().encode(st, a.arg(2)));
    }

    /** decode(type, bin [, into]): the table and the bytes the message spans. */
    private static Varargs decode(Varargs a) {
        if (a.arg1() == NO_CONTENT) return NONE;
        SprotoType st = type(a, 1);
        LuaString s = a.checkstring(2);
        LuaTable into = a.arg(3).istable() ? (LuaTable) a.arg(3) : new LuaTable();
        int used = SprotoDecoder.decode(st, s.m_bytes, s.m_offset, s.m_length, into);
        return varargsOf(into, valueOf(used));
    }

    private static byte[] pack(Varargs a) {
        LuaString s = a.checkstring(1);
        return SprotoPack.pack(s.m_bytes, s.m_offset, s.m_length);
    }

    /** protocol(sp, name or tag): tag or name, request type, response type (or the no-content marker). */
    private static Varargs protocol(Varargs a) {
        Sproto sp = sproto(a, 1);
        SprotoProtocol p;
        LuaValue id;
        if (a.arg(2).type() == TNUMBER) {
            p = sp.protocol(a.arg(2).toint());
            if (p == null) return NONE;
            id = valueOf(p.name());
        } else {
            if (!a.arg(2).isstring()) throw new LuaError("bad argument #2 to 'protocol' (Should be number or string)");
            p = sp.protocol(a.arg(2).tojstring());
            if (p == null) return NONE;
            id = valueOf(p.tag());
        }
        LuaValue request = p.request() == null ? NIL : new LuaUserdata(p.request());
        LuaValue response = p.response() != null ? new LuaUserdata(p.response()) : p.confirm() ? NO_CONTENT : NIL;
        return varargsOf(id, request, response);
    }

    private static Sproto sproto(Varargs a, int i) {
        if (a.arg(i) instanceof LuaUserdata u && u.m_instance instanceof Sproto sp) return sp;
        throw new LuaError("bad argument #" + i + " (Need a sproto object)");
    }

    private static SprotoType type(Varargs a, int i) {
        if (a.arg(i) instanceof LuaUserdata u && u.m_instance instanceof SprotoType t) return t;
        throw new LuaError("bad argument #" + i + " (Need a sproto_type object)");
    }

    private static int slot(int i) {
        if (i < 0 || i >= SLOTS) throw new LuaError("Invalid global slot index " + i);
        return i;
    }
}
