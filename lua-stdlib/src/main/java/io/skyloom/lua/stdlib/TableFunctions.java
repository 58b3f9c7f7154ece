package io.skyloom.lua.stdlib;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code table.concat}, {@code insert}, {@code remove}, {@code unpack} and {@code sort}
 * with C Lua 5.2.4's bounds, conversions (positions are C ints) and messages; concat and
 * sort check the service's stop flag as they go. Stateless but for the flag.
 */
final class TableFunctions {

    private TableFunctions() {}

    /** luaL_len: the length with __len, which must be an integer. */
    static int lengthOf(LuaValue t) {
        LuaValue n = t.len();
        if (n.type() != LuaValue.TNUMBER) throw new LuaError("object length is not a number");
        return (int) Args.toInteger(n.todouble());
    }

    static VarArgFunction concat(StopFlag stop) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Args.table(args, 1, "concat");
                LuaTable t = args.arg1().checktable();
                LuaString sep = Args.optString(args, 2, "concat", LuaString.valueOf(""));
                int i = Args.optCint(args, 3, "concat", 1);
                int last = args.arg(4).isnil() ? lengthOf(t) : Args.cint(args, 4, "concat");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long size = 0;
                for (long k = i; k <= last; k++) {
                    if (((k - i) & (StopFlag.STEPS - 1)) == 0) stop.check();
                    LuaValue v = t.rawget((int) k);
                    LuaString s;
                    if (v.type() == LuaValue.TSTRING) s = (LuaString) v;
                    else if (v.type() == LuaValue.TNUMBER) s = LuaString.valueOf(NumberText.of(v.todouble()));
                    else throw new LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
                    size += s.m_length + (k < last ? sep.m_length : 0);
                    if (size > StringFunctions.MAX_STRING) throw new LuaError("resulting string too large");
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                    if (k < last) out.write(sep.m_bytes, sep.m_offset, sep.m_length);
                }
                return LuaString.valueUsing(out.toByteArray());
            }
        };
    }

    static VarArgFunction insert() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Args.table(args, 1, "insert");
                LuaTable t = (LuaTable) args.arg1();
                int e = lengthOf(t) + 1;   // the first empty slot
                int pos;
                switch (args.narg()) {
                    case 2 -> pos = e;
                    case 3 -> {
                        pos = Args.cint(args, 2, "insert");
                        if (pos < 1 || pos > e) throw Args.error(2, "insert", "position out of bounds");
                        for (int i = e; i > pos; i--) t.rawset(i, t.rawget(i - 1));
                    }
                    default -> throw new LuaError("wrong number of arguments to 'insert'");
                }
                t.rawset(pos, args.arg(args.narg()));
                return NONE;
            }
        };
    }

    static VarArgFunction remove() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Args.table(args, 1, "remove");
                LuaTable t = (LuaTable) args.arg1();
                int size = lengthOf(t);
                int pos = Args.optCint(args, 2, "remove", size);
                if (pos != size && (pos < 1 || pos > size + 1))
                    throw Args.error(1, "remove", "position out of bounds");
                LuaValue result = t.rawget(pos);
                for (; pos < size; pos++) t.rawset(pos, t.rawget(pos + 1));
                t.rawset(pos, NIL);
                return result;
            }
        };
    }

    static VarArgFunction unpack() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Args.table(args, 1, "unpack");
                LuaValue t = args.arg1();
                int i = Args.optCint(args, 2, "unpack", 1);
                int e = args.arg(3).isnil() ? lengthOf(t) : Args.cint(args, 3, "unpack");
                if (i > e) return NONE;
                long n = (long) e - i + 1;
                if (n >= StringFunctions.MAX_RESULTS) throw new LuaError("too many results to unpack");
                LuaValue[] r = new LuaValue[(int) n];
                for (int k = 0; k < n; k++) r[k] = t.rawget(i + k);
                return varargsOf(r);
            }
        };
    }

    /** table.maxn (5.2's compatibility function): the largest positive numeric key. */
    static VarArgFunction maxn() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Args.table(args, 1, "maxn");
                LuaTable t = (LuaTable) args.arg1();
                double max = 0;
                LuaValue k = NIL;
                while (true) {
                    Varargs n = t.next(k);
                    if ((k = n.arg1()).isnil()) break;
                    if (k.type() == TNUMBER && k.todouble() > max) max = k.todouble();
                }
                return valueOf(max);
            }
        };
    }

    static VarArgFunction sort(StopFlag stop) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Args.table(args, 1, "sort");
                LuaTable t = (LuaTable) args.arg1();
                int n = lengthOf(t);
                LuaValue cmp = args.arg(2);
                if (!cmp.isnil() && !cmp.isfunction()) throw Args.typeError(args, 2, "sort", "function");
                new TableSort(t, cmp, stop).sort(1, n);
                return NONE;
            }
        };
    }
}
