package io.skyloom.lua.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;

/**
 * The sproto schema language parsed into types and protocols, with the checks and
 * name resolution skynet's sprotoparser does (nested types are "Outer.Inner", a field
 * type is looked up from the innermost enclosing type outwards, an inline request or
 * response is the type "proto.request"). Written as a plain recursive-descent parser
 * since skynet's is LPeg, which LuaJ lacks. One parser per text.
 */
final class SprotoSchemaText {

    /** A field as written: its type name still unresolved until {@link #resolve}. */
    static final class Field {
        final String name;
        final int tag;
        final boolean array;
        String typename;
        final String key;       // (key) of *T(key); "" for *T(); null when absent
        final String decimal;   // (n) of integer(n), as written
        Field(String name, int tag, boolean array, String typename, String key, String decimal) {
            this.name = name;
            this.tag = tag;
            this.array = array;
            this.typename = typename;
            this.key = key;
            this.decimal = decimal;
        }
    }

    /** A protocol as written. */
    static final class Protocol {
        final String name;
        final int tag;
        String request, response;
        boolean confirm;
        Protocol(String name, int tag) {
            this.name = name;
            this.tag = tag;
        }
    }

    final Map<String, List<Field>> types = new LinkedHashMap<>();
    final Map<String, Protocol> protocols = new LinkedHashMap<>();

    private final String text;
    private final String file;
    private int pos;
    private int line = 1;

    private SprotoSchemaText(String text, String file) {
        this.text = text;
        this.file = file;
    }

    static SprotoSchemaText parse(String text, String file) {
        SprotoSchemaText p = new SprotoSchemaText(text, file);
        p.all();
        p.checkProtocols();
        p.resolve();
        return p;
    }

    private void all() {
        for (;;) {
            blank();
            if (pos >= text.length()) return;
            if (peek() == '.') {
                pos++;
                String name = word();
                type(name);
            } else {
                protocol();
            }
        }
    }

    private void type(String name) {
        if (types.containsKey(name)) throw new LuaError("redefined " + name);
        List<Field> fields = new ArrayList<>();
        types.put(name, fields);   // reserve the name before nested types, as skynet's parser does
        struct(name, fields);
    }

    /** { field | .Nested { } ... } */
    private void struct(String typename, List<Field> fields) {
        blank();
        expect('{');
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<Integer> tags = new java.util.HashSet<>();
        for (;;) {
            blank();
            if (peek() == '}') {
                pos++;
                break;
            }
            if (peek() == '.') {
                pos++;
                String nested = typename + "." + word();
                if (types.containsKey(nested)) throw new LuaError("redefined " + nested);
                type(nested);
                continue;
            }
            String name = word();
            blank();
            int tag = number();
            blank();
            expect(':');
            blank();
            boolean array = false;
            if (peek() == '*') {
                array = true;
                pos++;
            }
            String ftype = typename();
            String key = null, decimal = null;
            blank0();
            if (peek() == '(') {
                pos++;
                blank();
                if (Character.isDigit(peek())) decimal = String.valueOf(number());
                else key = isAlpha(peek()) ? word() : "";
                blank();
                expect(')');
            }
            if (!names.add(name)) throw new LuaError("redefine " + name + " in type " + typename);
            if (!tags.add(tag)) throw new LuaError("redefine tag " + tag + " in type " + typename);
            String k = key, d = decimal;
            if (!ftype.equals("integer") && d != null) {   // skynet's parser reads (n) of a non-integer as a key
                k = d;
                d = null;
            }
            if (ftype.equals("integer") && k != null && !k.isEmpty()) throw syntax();
            if (k != null && !array) throw new LuaError("main index of " + typename + "." + name + " needs an array");
            fields.add(new Field(name, tag, array, ftype, ftype.equals("integer") ? null : k, d));
        }
        fields.sort((a, b) -> Integer.compare(a.tag, b.tag));
    }

    private void protocol() {
        String name = word();
        blank();
        int tag = number();
        blank();
        if (protocols.containsKey(name)) throw new LuaError("redefined " + name);
        Protocol p = new Protocol(name, tag);
        protocols.put(name, p);
        expect('{');
        for (;;) {
            blank();
            if (peek() == '}') {
                pos++;
                return;
            }
            String which = word();
            if (!which.equals("request") && !which.equals("response")) throw syntax();
            boolean response = which.equals("response");
            if (response ? (p.response != null || p.confirm) : p.request != null)
                throw new LuaError("redefine " + which + " in protocol " + name);
            blank();
            String typename;
            if (peek() == '{') {
                typename = name + "." + which;
                List<Field> fields = new ArrayList<>();
                types.put(typename, fields);
                struct(typename, fields);
            } else {
                typename = typename();
            }
            if (typename.equals("nil")) {
                if (response) p.confirm = true;
            } else if (response) {
                p.response = typename;
            } else {
                p.request = typename;
            }
        }
    }

    private void checkProtocols() {
        Map<Integer, String> tags = new java.util.HashMap<>();
        for (Protocol p : protocols.values()) {
            if (tags.putIfAbsent(p.tag, p.name) != null) throw new LuaError("redefined protocol tag " + p.tag + " at " + p.name);
            if (p.request != null && !types.containsKey(p.request))
                throw new LuaError("Undefined request type " + p.request + " in protocol " + p.name);
            if (p.response != null && !types.containsKey(p.response))
                throw new LuaError("Undefined response type " + p.response + " in protocol " + p.name);
        }
    }

    private void resolve() {
        for (Map.Entry<String, List<Field>> t : types.entrySet())
            for (Field f : t.getValue()) {
                String full = lookup(t.getKey(), f.typename);
                if (full == null) throw new LuaError("Undefined type " + f.typename + " in type " + t.getKey());
                f.typename = full;
            }
    }

    private String lookup(String scope, String name) {
        if (SprotoSchemaBinary.BUILDIN.containsKey(name)) return name;
        for (String s = scope; ; ) {
            if (types.containsKey(s + "." + name)) return s + "." + name;
            int dot = s.lastIndexOf('.');
            if (dot <= 0) return types.containsKey(name) ? name : null;
            s = s.substring(0, dot);
        }
    }

    // --- the lexical part: words, numbers, blanks and # comments

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) throw syntax();
        pos++;
    }

    private void blank0() {
        while (pos < text.length() && (peek() == ' ' || peek() == '\t')) pos++;
    }

    private void blank() {
        while (pos < text.length()) {
            char c = peek();
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && peek() != '\n') pos++;
            } else {
                return;
            }
        }
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private String word() {
        int start = pos;
        if (!isAlpha(peek())) throw syntax();
        while (isAlpha(peek()) || Character.isDigit(peek()) && peek() < 128) pos++;
        return text.substring(start, pos);
    }

    private String typename() {
        StringBuilder sb = new StringBuilder(word());
        while (peek() == '.') {
            pos++;
            sb.append('.').append(word());
        }
        return sb.toString();
    }

    private int number() {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') pos++;
        if (start == pos || pos - start > 9) throw syntax();
        return Integer.parseInt(text.substring(start, pos));
    }

    private LuaError syntax() {
        return new LuaError("syntax error at [" + file + "] line (" + line + ")");
    }
}
