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
 * unwound, but debug.traceback called while it runs shows the stack of the error, as
 * Lua's handler, which runs where the error was raised, sees it: so
 * {@code xpcall(f, debug.traceback)} (skynet's own idiom) names the place of the error.
 *
 * <p>In LuaJC mode these replace Sandbox's wrappers around LuaJ's own pcall and xpcall:
 * those only rewrite a message, and need the LuaError this needs; the interpreter keeps
 * LuaJ's, whose call-frame bookkeeping its tracebacks rely on.
 */
final class CompiledPositions {

    private CompiledPositions() {}

    static void install(Globals g) {
        g.set("pcall", new Pcall());
        g.set("xpcall", new Xpcall());
        LuaValue debug = g.rawget(Names.DEBUG);
        if (debug.istable()) {
            LuaValue threads = debug.rawget(Names.TRACEBACK);   // LuaJ's (or the plain one): kept for another coroutine's
            debug.rawset(Names.TRACEBACK, new Traceback(threads));
        }
    }

    /**
     * debug.traceback of a parked task of the service reads the compiled frames of the
     * Java thread parked under it (the debug protocol's TASK, skynet.task(t)).
     */
    static void parkedTasks(Globals g, Tasks tasks) {
        LuaValue debug = g.rawget(Names.DEBUG);
        if (debug.istable() && debug.rawget(Names.TRACEBACK) instanceof Traceback t) t.tasks = tasks;
    }

    /**
     * The error whose xpcall handler runs on this thread: a task's coroutine is a thread of
     * its own, so another task of the service that runs while a handler waits sees its own.
     * Set only while a handler runs, which errors make rare.
     */
    private static final ThreadLocal<LuaError> HANDLING = new ThreadLocal<>();

    private static final java.util.Set<String> CATCHERS = java.util.Set.of(Pcall.class.getName(), Xpcall.class.getName());

    /**
     * debug.traceback([msg [, level]]) over compiled frames: those of the error whose
     * handler is running, else those of this call. With a coroutine as its first
     * argument it is the library's, which knows no compiled frames of another stack.
     */
    private static final class Traceback extends VarArgFunction {
        private final LuaValue ofThread;
        private Tasks tasks;     // set once the service is made; read by its own tasks only

        Traceback(LuaValue ofThread) {
            this.ofThread = ofThread;
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.arg1().isthread()) {
                Thread parked = tasks == null ? null : tasks.threadOf((org.luaj.vm2.LuaThread) args.arg1());
                if (parked == null) return ofThread.invoke(args);
                LuaValue msg = args.arg(2);
                if (!msg.isnil() && !msg.isstring()) return msg;
                String frames = ErrorMessages.compiledFrames(parked.getStackTrace(), Math.max(0, args.optint(3, 0)));
                return valueOf((msg.isnil() ? "" : msg.tojstring() + "\n") + "stack traceback:" + frames);
            }
            LuaValue msg = args.arg1();
            if (!msg.isnil() && !msg.isstring()) return msg;
            LuaError e = HANDLING.get();
            // Level 1 is the function that called traceback; for an error, where it was raised.
            int level = args.optint(2, 1);
            String frames = e != null ? ofError(e, Math.max(0, level - 1))
                    : ErrorMessages.compiledFrames(new Throwable().getStackTrace(), Math.max(0, level - 1));
            return valueOf((msg.isnil() ? "" : msg.tojstring() + "\n") + "stack traceback:" + frames);
        }

        /**
         * The frames of an error being handled, innermost first: the compiled ones inside the
         * xpcall, those of interpreted code in it (LuaJ's traceback of the error, when the
         * code that raised it was interpreted: load, a file naming memlimit), then the
         * xpcall itself and the compiled frames that called it, as Lua lists them.
         */
        private static String ofError(LuaError e, int skip) {
            StackTraceElement[] stack = e.getStackTrace();
            int at = 0;
            while (at < stack.length && !stack[at].getClassName().equals(Xpcall.class.getName())) at++;
            String inside = ErrorMessages.compiledFrames(java.util.Arrays.copyOfRange(stack, 0, at), skip);
            if (at == stack.length) return inside;
            String outside = ErrorMessages.compiledFrames(java.util.Arrays.copyOfRange(stack, at, stack.length), 0);
            return inside + interpretedFrames(e) + "\n\t[Java]: in function 'xpcall'" + outside;
        }

        /** The lines of LuaJ's own traceback of e, without its closing "[Java]: in ?". */
        private static String interpretedFrames(LuaError e) {
            String t = ErrorMessages.traceback(String.valueOf(e.getMessage()));
            if (t.isEmpty()) return "";
            String lines = t.substring(t.indexOf('\n') < 0 ? t.length() : t.indexOf('\n'));
            while (lines.endsWith("\n\t[Java]: in ?")) lines = lines.substring(0, lines.length() - "\n\t[Java]: in ?".length());
            return lines;
        }
    }

    private static final class Pcall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkvalue(1);
            try {
                return varargsOf(TRUE, f.invoke(args.subargs(2)));
            } catch (LuaError e) {
                return varargsOf(FALSE, message(e));
            } catch (StackOverflowError | OutOfMemoryError e) {
                return varargsOf(FALSE, valueOf(ResourceErrors.message(e)));
            } catch (Exception e) {     // as LuaJ's pcall: a Java exception becomes its message
                String m = e.getMessage();
                return varargsOf(FALSE, valueOf(m != null ? m : e.toString()));
            }
        }
    }

    private static final class Xpcall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkvalue(1), handler = args.checkfunction(2);
            try {
                return varargsOf(TRUE, f.invoke(args.subargs(3)));
            } catch (LuaError e) {
                LuaError outer = HANDLING.get();
                HANDLING.set(e);
                try {
                    return varargsOf(FALSE, handler.invoke(message(e)));
                } finally {
                    if (outer == null) HANDLING.remove();
                    else HANDLING.set(outer);
                }
            } catch (StackOverflowError | OutOfMemoryError e) {    // the stack has unwound: room for the handler
                return varargsOf(FALSE, handler.invoke(valueOf(ResourceErrors.message(e))));
            } catch (Exception e) {     // as LuaJ's xpcall: a Java exception reaches the handler as its message
                String m = e.getMessage();
                return varargsOf(FALSE, handler.invoke(valueOf(m != null ? m : e.toString())));
            }
        }
    }

    /** The error's value, a string message given its position first. */
    static LuaValue message(LuaError e) {
        int level = LuaErrorAccess.level(e);
        if (!LuaErrorAccess.hasPosition(e) && level > 0) {
            StackTraceElement at = compiledFrame(e, level);
            if (at != null) LuaErrorAccess.position(e, at.getFileName() + ":" + at.getLineNumber() + ":");
        }
        LuaValue m = e.getMessageObject();
        if (m == null) return LuaValue.NIL;
        // Interpreted code of a LuaJC node (load, a file naming memlimit) raises as LuaJ's
        // interpreter does: "@file:1 message" and its traceback, written as Lua's here.
        return m.isstring() && !m.isnumber() ? LuaValue.valueOf(ErrorMessages.standard(m.tojstring())) : m;
    }

    /**
     * The level-th compiled frame under the pcall that caught the error: a library function
     * that pcall called directly has pcall as its level 1, so its error has no position,
     * as in Lua ({@code pcall(string.rep)}'s message is "bad argument #1 to 'rep' ...").
     */
    private static StackTraceElement compiledFrame(Throwable e, int level) {
        int seen = 0;
        for (StackTraceElement el : e.getStackTrace()) {
            if (CATCHERS.contains(el.getClassName())) return null;
            if (!el.getClassName().startsWith(ErrorMessages.LUAJC_PREFIX) || el.getLineNumber() < 0) continue;
            if (++seen == level) return el;
        }
        return null;
    }
}
