package io.skyloom.lua.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;

/**
 * Tokens of the .proto language: identifiers (dotted), numbers, quoted strings with C
 * escapes, single-character symbols; // and block comments skipped. Errors carry the
 * file and line. Owned by one parse.
 */
final class ProtoLexer {

    enum Kind { IDENT, NUMBER, STRING, SYMBOL, EOF }

    private final String text;
    private final String file;
    private int pos;
    private int line = 1;

    Kind kind;
    String token;        // the identifier, number text, symbol, or the decoded string (Latin-1 bytes)

    ProtoLexer(String text, String file) {
        this.text = text;
        this.file = file;
        next();
    }

    LuaError error(String what) {
        return new LuaError(file + ":" + line + ": " + what + (kind == Kind.EOF ? " at end of input" : " near '" + token + "'"));
    }

    boolean is(String s) {
        return (kind == Kind.SYMBOL || kind == Kind.IDENT) && token.equals(s);
    }

    boolean accept(String s) {
        if (!is(s)) return false;
        next();
        return true;
    }

    void expect(String s) {
        if (!accept(s)) throw error("'" + s + "' expected");
    }

    String ident() {
        if (kind != Kind.IDENT) throw error("name expected");
        String s = token;
        next();
        return s;
    }

    /** A possibly dotted, possibly leading-dot type or option name. */
    String fullIdent() {
        StringBuilder sb = new StringBuilder();
        if (accept(".")) sb.append('.');
        sb.append(ident());
        while (is(".")) {
            next();
            sb.append('.').append(ident());
        }
        return sb.toString();
    }

    String string() {
        if (kind != Kind.STRING) throw error("string expected");
        StringBuilder sb = new StringBuilder(token);
        next();
        while (kind == Kind.STRING) {   // adjacent literals concatenate
            sb.append(token);
            next();
        }
        return sb.toString();
    }

    long integer() {
        boolean neg = accept("-");
        if (kind != Kind.NUMBER) throw error("integer expected");
        String t = token;
        long v;
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) v = Long.parseUnsignedLong(t.substring(2), 16);
            else if (t.length() > 1 && t.startsWith("0")) v = Long.parseUnsignedLong(t.substring(1), 8);
            else v = Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw error("integer expected");
        }
        next();
        return neg ? -v : v;
    }

    void next() {
        skip();
        if (pos >= text.length()) {
            kind = Kind.EOF;
            token = "";
            return;
        }
        char c = text.charAt(pos);
        int start = pos;
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
            kind = Kind.IDENT;
            token = text.substring(start, pos);
        } else if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            while (pos < text.length()) {
                char d = text.charAt(pos);
                boolean exp = (d == '+' || d == '-') && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')
                        && !text.startsWith("0x", start) && !text.startsWith("0X", start);
                if (!(Character.isLetterOrDigit(d) || d == '.' || exp)) break;
                pos++;
            }
            kind = Kind.NUMBER;
            token = text.substring(start, pos);
        } else if (c == '"' || c == '\'') {
            kind = Kind.STRING;
            token = quoted(c);
        } else {
            pos++;
            kind = Kind.SYMBOL;
            token = String.valueOf(c);
        }
    }

    private void skip() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) throw new LuaError(file + ":" + line + ": unfinished comment");
                for (int i = pos; i < end; i++) if (text.charAt(i) == '\n') line++;
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    /** A string literal's bytes (UTF-8 of its text, escapes decoded), as a Latin-1 string. */
    private String quoted(char q) {
        pos++;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') throw new LuaError(file + ":" + line + ": unfinished string");
            char c = text.charAt(pos++);
            if (c == q) break;
            if (c != '\\') {
                b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (pos >= text.length()) throw new LuaError(file + ":" + line + ": unfinished string");
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> b.write('\n');
                case 't' -> b.write('\t');
                case 'r' -> b.write('\r');
                case 'a' -> b.write(7);
                case 'b' -> b.write('\b');
                case 'f' -> b.write('\f');
                case 'v' -> b.write(11);
                case 'x', 'X' -> {
                    int v = 0, n = 0;
                    while (n < 2 && pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                        v = v * 16 + Character.digit(text.charAt(pos++), 16);
                        n++;
                    }
                    b.write(v);
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0', n = 1;
                        while (n < 3 && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '7') {
                            v = v * 8 + text.charAt(pos++) - '0';
                            n++;
                        }
                        b.write(v);
                    } else {
                        b.write(e);   // \\ \' \" and anything else stands for itself
                    }
                }
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
