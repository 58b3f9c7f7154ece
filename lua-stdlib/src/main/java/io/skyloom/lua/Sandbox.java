package io.skyloom.lua;

import io.skyloom.lua.stdlib.Stdlib;
import io.skyloom.lua.stdlib.StopFlag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.OsLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseIoLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The standard library a Lua service gets: base (load of text only, dofile/loadfile
 * inside the service folders), string, table, math, bit32, os limited to time, clock,
 * date and difftime, io whose open reaches only the folders the node allows, debug
 * limited to traceback, and require searching only the configured paths. No luajava,
 * no Java class loading, no os.execute.
 */
final class Sandbox {

    static {
        // LuaJ keeps one string metatable for the whole JVM; freeze it before any
        // service runs so no service can change another's strings.
        Globals probe = new Globals();
        probe.load(new BaseLib());
        probe.load(new PackageLib());
        // LuaJ's ^ goes through one JVM-wide MathLib: JseMathLib's (Math.pow) must be it,
        // though services get Skyloom's math table instead of JseMathLib's functions.
        probe.load(new JseMathLib());
        probe.load(new StringLib());
        LuaTable shared = (LuaTable) probe.get("string");
        shared.set("dump", dumpOfLuaOnly(shared.get("dump")));
        Stdlib.installString(shared, StopFlag.SHARED);
        LuaTable frozenString = new ReadOnlyTable(shared, "the string library shared by all services");
        LuaTable mt = new LuaTable();
        mt.rawset(LuaValue.INDEX, frozenString);
        mt.rawset(LuaValue.METATABLE, frozenString);
        LuaString.s_metatable = new ReadOnlyTable(mt, "the string metatable");

        // LuaJ's stateless library functions, made once: each service's string, table,
        // bit32 and os tables are its own (a service may change them), filled with these.
        // Loading the libraries anew in every service was a fifth of spawn's time.
        STRING = shared;
        probe.load(new TableLib());
        TABLE = (LuaTable) probe.get("table");
        probe.load(new Bit32Lib());
        BIT32 = (LuaTable) probe.get("bit32");
        probe.load(new OsLib());
        OS = (LuaTable) probe.get("os");
    }

    private static final LuaTable STRING, TABLE, BIT32, OS;

    /** os for a service: these four of LuaJ's, keys and functions alike. */
    private static final LuaString[] OS_NAMES = {LuaString.valueOf("time"), LuaString.valueOf("clock"),
            LuaString.valueOf("date"), LuaString.valueOf("difftime")};

    /** A new table with the entries of {@code template}. */
    private static LuaTable copyOf(LuaTable template) {
        LuaTable t = new LuaTable(0, template.keyCount());
        LuaValue k = LuaValue.NIL;
        for (Varargs e; !(k = (e = template.next(k)).arg1()).isnil(); ) t.rawset(k, e.arg(2));
        return t;
    }

    /** {@code name} as a global and as what require(name) returns, as LuaJ's library loads set it. */
    private static void library(Globals g, LuaString name, LuaTable lib) {
        g.rawset(name, lib);
        ((LuaTable) g.rawget(Names.PACKAGE).rawget(Names.LOADED)).rawset(name, lib);
    }

    private static final LuaString BIT32_NAME = LuaString.valueOf("bit32"), TABLE_NAME = LuaString.valueOf("table"),
            STRING_NAME = LuaString.valueOf("string"), IO_NAME = LuaString.valueOf("io");

    private Sandbox() {}

    /**
     * A fresh, sandboxed Globals for one service. Its stop flag is the debug library's
     * when there is one (so kill stops both the interpreter and the library's loops), a
     * flag of its own otherwise; {@link #stopFlag} finds it.
     */
    static Globals create(ScriptFinder finder, List<Path> fileAccess, StoppableDebugLib debugLib) {
        StopFlag stop = debugLib != null ? debugLib.flag() : new StopFlag();
        Globals g = new ServiceGlobals(stop);
        g.STDIN = InputStream.nullInputStream();   // a service has no console: io.read sees end of file
        g.load(new BaseLib());
        g.load(new PackageLib());
        library(g, BIT32_NAME, copyOf(BIT32));
        LuaTable table = copyOf(TABLE);
        Stdlib.installTable(table, stop);
        library(g, TABLE_NAME, table);
        LuaTable string = copyOf(STRING);   // dump is LuaJ's, for Lua functions only
        Stdlib.installString(string, stop);
        library(g, STRING_NAME, string);
        // Skyloom's math library whole: LuaJ's would be made and at once replaced.
        LuaTable math = new LuaTable(0, 32);   // its 30 functions without a rehash on the way
        Stdlib.installMath(math);
        library(g, Names.MATH, math);
        Stdlib.installBase(g);
        LoadState.install(g);
        LuaC.install(g);
        g.compiler = org.luaj.vm2.compiler.SyntaxErrors::compile;   // LuaC with C Lua's syntax error messages
        g.undumper = TEXT_ONLY;
        g.finder = finder;

        g.rawset(Names.LOAD, textOnlyLoad(g.rawget(Names.LOAD)));
        g.rawset(Names.LOADSTRING, g.rawget(Names.LOAD));   // C Lua 5.2's compatibility name
        g.rawset(Names.LOADFILE, returningErrors(g.rawget(Names.LOADFILE)));
        g.rawset(Names.ERROR, levelZeroWithoutPosition(g.rawget(Names.ERROR)));
        g.rawset(Names.PCALL, standardPcall(g.rawget(Names.PCALL)));
        g.rawset(Names.XPCALL, standardXpcall(g.rawget(Names.XPCALL)));
        g.rawset(Names.COLLECTGARBAGE, new CollectGarbage());

        LuaTable os = new LuaTable(0, OS_NAMES.length);
        for (LuaString name : OS_NAMES) os.rawset(name, OS.rawget(name));
        g.rawset(Names.OS, os);

        installIo(g, fileAccess);

        LuaTable debug = new LuaTable();
        if (debugLib != null) {
            // DebugLib tracks every call so errors carry a full traceback and a killed
            // service stops at its next instruction; it costs speed.
            debugLib.attach(g);
            debug.rawset(Names.TRACEBACK, debugLib.traceback());
            ((ServiceGlobals) g).frames = debugLib;   // for skynet.injectcode, through skyloom.code
        } else {
            debug.rawset(Names.TRACEBACK, new Traceback());
        }
        g.rawset(Names.DEBUG, debug);
        ((LuaTable) g.rawget(Names.PACKAGE).rawget(Names.LOADED)).rawset(Names.DEBUG, debug);
        ((LuaTable) g.rawget(Names.PACKAGE).rawget(Names.LOADED)).rawset(Names.OS, os);
        return g;
    }

    /** The stop flag of a service's Globals made by {@link #create}: kill raises it. */
    static StopFlag stopFlag(Globals g) {
        return ((ServiceGlobals) g).stop;
    }

    /**
     * Refuses binary chunks wherever LuaJ would load one (load, loadstring, loadfile,
     * dofile, require): crafted bytecode can break out of the VM's checks. Text chunks
     * pass on to the compiler (returning null makes LuaJ compile the stream from its start).
     */
    private static final Globals.Undumper TEXT_ONLY = new Globals.Undumper() {
        @Override
        public Prototype undump(InputStream stream, String chunkname) throws IOException {
            if (stream.read() == 0x1b) throw new LuaError("attempt to load a binary chunk (mode is 't')");
            return null;
        }
    };

    /** loadfile returns nil and the message when the file may not be read, as Lua's does for any failure. */
    private static LuaValue returningErrors(LuaValue loadfile) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    return loadfile.invoke(args);
                } catch (LuaError e) {
                    return varargsOf(NIL, valueOf(e.getMessageObject().tojstring()));
                }
            }
        };
    }

    /**
     * pcall whose error message reads as Lua's ("file:12: message"): LuaJ writes
     * "@file:12 message" and, with the debug library on, appends the traceback.
     */
    /**
     * error(message, 0) raises the message as it is, as C Lua does: LuaJ's interpreter
     * prefixes every string error with the position of the innermost Lua frame, whatever
     * the level. A LuaError made from the value itself keeps it (pcall gets that value).
     * skynet's modules rely on it to pass an error text on unchanged (a Redis reply's).
     */
    private static LuaValue levelZeroWithoutPosition(LuaValue error) {
        return new org.luaj.vm2.lib.TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue message, LuaValue level) {
                if (!message.isnil() && level.optint(1) == 0) throw new LuaError(message);
                return error.call(message, level);
            }
        };
    }

    private static LuaValue standardPcall(LuaValue pcall) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Varargs r;
                try {
                    r = pcall.invoke(args);
                } catch (StackOverflowError | OutOfMemoryError e) {
                    // LuaJ's pcall catches LuaError and Exception only; C Lua's catches these too.
                    return varargsOf(FALSE, valueOf(ResourceErrors.message(e)));
                }
                if (r.arg1().toboolean() || !r.arg(2).isstring() || r.arg(2).isnumber()) return r;
                return varargsOf(FALSE, valueOf(ErrorMessages.standard(r.arg(2).tojstring())));
            }
        };
    }

    /** xpcall whose handler sees the message as Lua writes it (see standardPcall). */
    private static LuaValue standardXpcall(LuaValue xpcall) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue handler = args.arg(2);
                LuaValue wrapped = new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs a) {
                        LuaValue m = a.arg1();
                        if (m.isstring() && !m.isnumber()) m = valueOf(ErrorMessages.standard(m.tojstring()));
                        return handler.invoke(m);
                    }
                };
                LuaValue[] rest = new LuaValue[Math.max(0, args.narg() - 2)];
                for (int i = 0; i < rest.length; i++) rest[i] = args.arg(i + 3);
                try {
                    return xpcall.invoke(varargsOf(args.arg1(), wrapped, varargsOf(rest)));
                } catch (StackOverflowError | OutOfMemoryError e) {
                    return varargsOf(FALSE, handler.invoke(valueOf(ResourceErrors.message(e))));
                }
            }
        };
    }

    /**
     * string.dump that raises Lua's own "unable to dump given function" for a Java function,
     * where LuaJ's would throw a ClassCastException out of the service's Lua. A function
     * LuaJC compiled is dumped from the prototype it was compiled from, as the interpreter's.
     */
    private static LuaValue dumpOfLuaOnly(LuaValue dump) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue f = args.arg1();
                if (f instanceof org.luaj.vm2.LuaClosure) return dump.invoke(args);
                org.luaj.vm2.Prototype p = f instanceof org.luaj.vm2.LuaFunction lf ? CodeCache.prototypeOf(lf) : null;
                if (p == null)
                    throw new LuaError(f.isfunction() ? "unable to dump given function"
                            : "bad argument #1 to 'dump' (function expected, got " + f.typename() + ")");
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                try {
                    org.luaj.vm2.compiler.DumpState.dump(p, out, true);   // stripped, as LuaJ's dump
                } catch (java.io.IOException e) {
                    throw new LuaError(e.getMessage());
                }
                return org.luaj.vm2.LuaString.valueUsing(out.toByteArray());
            }
        };
    }

    /** load(chunk, name, mode, env) with binary chunks refused: crafted bytecode is unsafe. */
    private static LuaValue textOnlyLoad(LuaValue load) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String mode = args.optjstring(3, "t");
                if (mode.contains("b") && !mode.contains("t"))
                    return varargsOf(NIL, valueOf("binary chunks are not allowed"));
                // "bt" hands a binary chunk to TEXT_ONLY, which refuses it with Lua's message for mode "t".
                // An absent env must stay absent: LuaJ's load takes an explicit nil as the env.
                LuaValue[] a = args.narg() >= 4 ? new LuaValue[] {args.arg(1), args.arg(2), valueOf("bt"), args.arg(4)}
                        : new LuaValue[] {args.arg(1), args.arg(2), valueOf("bt")};
                return load.invoke(varargsOf(a));
            }
        };
    }

    /**
     * io for a service: made at its first use, not in every service's start (LuaJ's io
     * library makes a dozen functions, three files and their metatable; most services
     * never touch io). Until then the table is empty with an __index that fills it.
     */
    private static void installIo(Globals g, List<Path> fileAccess) {
        LuaTable io = new LuaTable();
        LuaTable lazy = new LuaTable();
        lazy.rawset(LuaValue.INDEX, new org.luaj.vm2.lib.TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                io.setmetatable(null);
                fillIo(g, io, fileAccess);
                return io.rawget(key);
            }
        });
        io.setmetatable(lazy);
        library(g, IO_NAME, io);
    }

    private static void fillIo(Globals g, LuaTable io, List<Path> fileAccess) {
        // LuaJ's library loads into a scratch table: only the entries below reach the service.
        Globals scratch = new Globals();
        scratch.STDIN = g.STDIN;
        scratch.STDOUT = g.STDOUT;
        scratch.STDERR = g.STDERR;
        scratch.load(new PackageLib());
        scratch.load(new JseIoLib());
        LuaTable full = (LuaTable) scratch.get("io");
        for (String name : new String[] {"write", "read", "stdout", "stderr", "stdin", "type", "close"})
            fill(io, name, full.get(name));
        LuaValue open = full.get("open");
        LuaValue lines = full.get("lines");
        fill(io, "open", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String path = args.checkjstring(1);
                if (!allowed(path, fileAccess))
                    return varargsOf(NIL, valueOf(path + ": file access is not allowed by the node's config (fileAccess)"));
                return open.invoke(args);
            }
        });
        fill(io, "lines", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() > 0 && !allowed(args.checkjstring(1), fileAccess))
                    return error(args.checkjstring(1) + ": file access is not allowed by the node's config (fileAccess)");
                return lines.invoke(args);
            }
        });
    }

    /** Sets io[name] unless the service set it already (io.write = its own, before io was made). */
    private static void fill(LuaTable io, String name, LuaValue v) {
        if (io.rawget(name).isnil()) io.rawset(name, v);
    }

    static boolean allowed(String path, List<Path> fileAccess) {
        if (fileAccess.isEmpty()) return false;
        Path p = Path.of(path).toAbsolutePath().normalize();
        try {
            // Follow links of what exists, so a link inside an allowed folder cannot point out.
            Path existing = p;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing != null) p = existing.toRealPath().resolve(existing.relativize(p));
        } catch (IOException e) {
            return false;
        }
        for (Path root : fileAccess) {
            try {
                if (p.startsWith(root.toRealPath())) return true;
            } catch (IOException ignored) {
                // a root that vanished allows nothing
            }
        }
        return false;
    }

    /** collectgarbage without full GCs: a service must not stall the JVM for everyone. */
    private static final class CollectGarbage extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            String opt = args.optjstring(1, "collect");
            if (opt.equals("count")) {
                Runtime rt = Runtime.getRuntime();
                double kb = (rt.totalMemory() - rt.freeMemory()) / 1024.0;
                return varargsOf(valueOf(kb), valueOf(0));
            }
            return valueOf(0);
        }
    }

    /** debug.traceback without DebugLib: the message, and where the error was raised. */
    private static final class Traceback extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue msg = args.arg1();
            if (!msg.isnil() && !msg.isstring()) return msg;
            String m = msg.isnil() ? "" : msg.tojstring() + "\n";
            return valueOf(m + "stack traceback:\n\t(enable luaDebug in the node config for a full traceback)");
        }
    }
}
