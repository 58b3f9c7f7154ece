package io.skyloom.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaErrorAccess;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * pcall and xpcall for code compiled by LuaJC, which keeps no Lua frames: LuaJ then
 * gives an error caught inside Lua no "file:line:" position. The compiled classes carry
 * Lua line numbers, so the position of error level n is the n-th compiled frame of the
 * Java stack the error was thrown on. The handler of xpcall runs after the stack has
 * unwound (compiled code has no Lua traceback to see anyway).
 *
 * <p>In LuaJC mode these replace Sandbox's wrappers around LuaJ's own pcall and xpcall:
 * those only rewrite a message, and need the LuaError this needs; the interpreter keeps
 * LuaJ's, whose call-frame bookkeeping its tracebacks rely on.
 */
final class CompiledPositions {

    private CompiledPositions() {}

    static void install(Globals g) {
        g.set("pcall", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue f = args.checkvalue(1);
                try {
                    return varargsOf(TRUE, f.invoke(args.subargs(2)));
                } catch (LuaError e) {
                    return varargsOf(FALSE, message(e));
                } catch (StackOverflowError e) {
                    return varargsOf(FALSE, valueOf("stack overflow"));
                } catch (Exception e) {     // as LuaJ's pcall: a Java exception becomes its message
                    String m = e.getMessage();
                    return varargsOf(FALSE, valueOf(m != null ? m : e.toString()));
                }
            }
        });
        g.set("xpcall", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue f = args.checkvalue(1), handler = args.checkfunction(2);
                try {
                    return varargsOf(TRUE, f.invoke(args.subargs(3)));
                } catch (LuaError e) {
                    return varargsOf(FALSE, handler.invoke(message(e)));
                }
            }
        });
    }

    /** The error's value, a string message given its position first. */
    static LuaValue message(LuaError e) {
        int level = LuaErrorAccess.level(e);
        if (!LuaErrorAccess.hasPosition(e) && level > 0) {
            StackTraceElement at = compiledFrame(e, level);
            if (at != null) LuaErrorAccess.position(e, at.getFileName() + ":" + at.getLineNumber() + ":");
        }
        LuaValue m = e.getMessageObject();
        return m != null ? m : LuaValue.NIL;
    }

    private static StackTraceElement compiledFrame(Throwable e, int level) {
        int seen = 0;
        for (StackTraceElement el : e.getStackTrace()) {
            if (!el.getClassName().startsWith(ErrorMessages.LUAJC_PREFIX) || el.getLineNumber() < 0) continue;
            if (++seen == level) return el;
        }
        return null;
    }
}
