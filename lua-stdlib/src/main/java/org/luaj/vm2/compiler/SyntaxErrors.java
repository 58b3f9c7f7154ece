package org.luaj.vm2.compiler;

import java.io.IOException;
import java.io.InputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * LuaJ's compiler with C Lua 5.2's syntax error messages. LuaJ's parser drops the
 * "near 'token'" part ("unexpected symbol 61 (=)" where Lua says "unexpected symbol
 * near '='"), fails with a NullPointerException where a limit is exceeded ("too many
 * local variables") and with a NumberFormatException on a malformed number. This runs
 * the same parse as {@code LuaC.compile} and, on failure, words the error from the
 * lexer's state as Lua's does. It lives in LuaJ's package because that state is
 * package-private there; it depends on LuaJ 3.0.1's layout, which the build pins.
 */
public final class SyntaxErrors {

    private static final int MAX_VARS = 200;   // Lua 5.2's MAXVARS, LuaJ's LUAI_MAXVARS

    private SyntaxErrors() {}

    /** Compiles {@code stream} as chunk {@code name} ("@file", "=name" or the source). */
    public static Prototype compile(InputStream stream, String name) throws IOException {
        LuaC.CompileState state = new LuaC.CompileState();
        LexState lex = new LexState(state, stream);
        FuncState fs = new FuncState();
        lex.fs = fs;
        try {
            lex.setinput(state, stream.read(), stream, (LuaString) LuaValue.valueOf(name));
            fs.f = new Prototype();
            fs.f.source = (LuaString) LuaValue.valueOf(name);
            lex.mainfunc(fs);
            return fs.f;
        } catch (LuaError e) {
            throw new LuaError(reworded(lex, String.valueOf(e.getMessage())), 0);
        } catch (NumberFormatException e) {
            throw new LuaError(where(lex, name) + "malformed number near '" + buffer(lex) + "'", 0);
        } catch (NullPointerException e) {
            if (!limitError(e)) throw e;
            String what = limitOf(e);
            throw new LuaError(where(lex, name) + "too many " + what + " in " + function(lex) + " near " + near(lex), 0);
        }
    }

    private static String where(LexState lex, String name) {
        return org.luaj.vm2.Lua.chunkid(name) + ":" + lex.linenumber + ": ";
    }

    /** "file:1: msg" with LuaJ's wording of msg turned into Lua's, and the token it failed near. */
    private static String reworded(LexState lex, String m) {
        int colon = m.indexOf(": ");
        if (colon < 0) return m;
        String head = m.substring(0, colon + 2);
        String msg = m.substring(colon + 2);
        if (msg.matches("label '[^' ]+ already defined.*"))   // LuaJ forgets the closing quote
            msg = msg.replaceFirst("label '([^' ]+) already", "label '$1' already");
        if (msg.startsWith("no visible label 'break' for <goto> at line "))
            return head + "<break> at line " + msg.substring("no visible label 'break' for <goto> at line ".length())
                    + " not inside a loop";
        if (msg.startsWith("label ") || msg.startsWith("no visible label") || msg.startsWith("<goto")) return head + msg;
        msg = msg.replaceFirst("^unexpected symbol \\d+ \\(.*\\)$", "unexpected symbol")
                .replace("'<name>'", "<name>").replace("'<eof>'", "<eof>").replace("'<string>'", "<string>")
                .replace("'<number>'", "<number>");
        if (msg.equals("chunk has too many syntax levels"))
            msg = "too many C levels (limit is 200) in " + function(lex);
        if (msg.equals("escape sequence too large")) msg = "decimal escape too large";
        if (msg.startsWith("hexadecimal digit expected")) msg = "hexadecimal digit expected";
        if (msg.startsWith("unfinished string") || msg.startsWith("unfinished long") || msg.equals("malformed number")
                || msg.startsWith("decimal escape") || msg.startsWith("hexadecimal digit"))
            return head + msg + " near " + (lex.current == -1 && !msg.startsWith("malformed") ? "<eof>" : "'" + buffer(lex) + "'");
        return head + msg + " near " + near(lex);
    }

    /** The current token as Lua's txtToken writes it. */
    private static String near(LexState lex) {
        int token = currentToken(lex);
        if (token == LexState.TK_NAME || token == LexState.TK_STRING || token == LexState.TK_NUMBER)
            return "'" + buffer(lex) + "'";
        if (token < LexState.FIRST_RESERVED)
            return token >= 32 && token < 127 ? "'" + (char) token + "'" : "char(" + token + ")";
        String s = LexState.luaX_tokens[token - LexState.FIRST_RESERVED];
        if (token == LexState.TK_EOS) return "<eof>";   // LuaJ's table says <eos>
        return token < LexState.TK_EOS ? "'" + s + "'" : s;
    }

    /** LexState.t.token; Token is a private class, so it is read reflectively (only on a syntax error). */
    private static int currentToken(LexState lex) {
        try {
            java.lang.reflect.Field t = LexState.class.getDeclaredField("t");
            t.setAccessible(true);
            Object token = t.get(lex);
            java.lang.reflect.Field f = token.getClass().getDeclaredField("token");
            f.setAccessible(true);
            return f.getInt(token);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return LexState.TK_EOS;
        }
    }

    private static String buffer(LexState lex) {
        if (lex.buff == null) return "";
        int n = Math.min(lex.nbuff, lex.buff.length);
        while (n > 0 && lex.buff[n - 1] == '\0') n--;   // LuaJ saves the terminating zero C Lua saves
        return new String(lex.buff, 0, n);
    }

    private static String function(LexState lex) {
        FuncState fs = lex.fs;
        if (fs == null || fs.f == null || fs.f.linedefined == 0) return "main function";
        return "function at line " + fs.f.linedefined;
    }

    private static boolean limitError(NullPointerException e) {
        for (StackTraceElement el : e.getStackTrace())
            if (el.getClassName().equals(FuncState.class.getName()) && el.getMethodName().equals("errorlimit")) return true;
        return false;
    }

    private static String limitOf(NullPointerException e) {
        for (StackTraceElement el : e.getStackTrace()) {
            String m = el.getMethodName();
            if (m.contains("upval")) return "upvalues (limit is 255)";
            if (m.contains("localvar") || m.contains("freereg") || m.contains("checkstack")) return "local variables (limit is " + MAX_VARS + ")";
        }
        return "local variables (limit is " + MAX_VARS + ")";
    }
}
