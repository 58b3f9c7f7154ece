package io.skyloom.lua.shared;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code require "skynet.stm"}, skynet's single-writer shared message: {@code stm.new(msg)}
 * makes a writer (call it with a new message to replace the old), {@code stm.copy(writer)}
 * a handle to send to other services, {@code stm.newcopy(handle)} a reader there: calling
 * {@code reader(f, ud)} runs {@code f(msg, sz, ud)} and returns true and what f returns
 * when the message changed since this reader's last read, else false. The message is a
 * string or a packed message, both immutable, so writer and readers share it by
 * reference; each read unpacks afresh. One table per Lua state (its metatables).
 */
public final class StmLib {

    /** The shared message and its version; replaced whole, read by any thread. */
    public static final class Cell {
        private volatile Version current;

        Cell(Object msg) {
            current = new Version(msg);
        }
    }

    private static final class Version {
        final Object msg;   // LuaString or a packed message's Java object
        Version(Object msg) {
            this.msg = msg;
        }
    }

    private static final class Reader {
        final Cell cell;
        Version last;
        Reader(Cell cell) {
            this.cell = cell;
        }
    }

    private StmLib() {}

    public static LuaTable create() {
        LuaTable writerMeta = new LuaTable();
        LuaTable readerMeta = new LuaTable();
        writerMeta.set("__call", fn("update", a -> {
            cell(a.arg1(), "update").current = new Version(message(a, 2, "update"));
            return LuaValue.NONE;
        }));
        readerMeta.set("__call", fn("read", StmLib::read));
        LuaTable t = new LuaTable();
        t.set("new", fn("new", a -> new LuaUserdata(new Cell(message(a, 1, "new")), writerMeta)));
        t.set("copy", fn("copy", a -> new LuaUserdata(cell(a.arg1(), "copy"))));
        t.set("newcopy", fn("newcopy", a -> new LuaUserdata(new Reader(cell(a.arg1(), "newcopy")), readerMeta)));
        return t;
    }

    private static Varargs read(Varargs a) {
        if (!(a.arg1().touserdata() instanceof Reader r)) throw new LuaError("bad argument #1 to 'read' (stm reader expected)");
        LuaValue f = a.checkfunction(2);
        Version v = r.cell.current;
        if (v == r.last) return LuaValue.FALSE;
        r.last = v;
        LuaValue msg = v.msg instanceof LuaString s ? s : new LuaUserdata(v.msg);
        LuaValue sz = v.msg instanceof LuaString s ? LuaValue.valueOf(s.length()) : LuaValue.NIL;
        Varargs out = f.invoke(LuaValue.varargsOf(msg, sz, a.arg(3)));
        return LuaValue.varargsOf(LuaValue.TRUE, out);
    }

    private static Object message(Varargs a, int i, String fn) {
        LuaValue v = a.arg(i);
        if (v.type() == LuaValue.TSTRING) return v.checkstring();
        if (v instanceof LuaUserdata u && u.m_instance != null && !(u.m_instance instanceof Cell) && u.m_metatable == null)
            return u.m_instance;
        throw new LuaError("bad argument #" + i + " to '" + fn + "' (string or packed message expected, got " + v.typename() + ")");
    }

    private static Cell cell(LuaValue v, String fn) {
        if (v.touserdata() instanceof Cell c) return c;
        throw new LuaError("bad argument #1 to '" + fn + "' (stm object expected, got " + v.typename() + ")");
    }

    private interface Body {
        Varargs call(Varargs a);
    }

    private static LuaValue fn(String name, Body body) {
        return new VarArgFunction() {
            {
                this.name = name;
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.call(args);
            }
        };
    }
}
