package io.skyloom.lua.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua values to JSON with lua-rapidjson's rules: a table is an array when its
 * metatable says {@code __jsontype = "array"}, or it has no such mark and a length
 * above 0, or it is empty and {@code empty_table_as_array} is set; otherwise an object
 * of its string keys. Strings are written byte for byte (Lua strings need not be
 * UTF-8): Jackson writes each byte as one Latin-1 char, escaping only quotes,
 * backslashes and control characters, and the chars go back to bytes one to one.
 * One encoder per call.
 */
final class JsonEncoder {

    static final int DEFAULT_MAX_DEPTH = 128;
    private static final LuaString JSONTYPE = LuaString.valueOf("__jsontype");
    private static final LuaString ARRAY = LuaString.valueOf("array");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final DefaultPrettyPrinter PRETTY = rapidjsonLayout();

    private final boolean sortKeys;
    private final boolean emptyTableAsArray;
    private final int maxDepth;
    private final boolean pretty;

    JsonEncoder(LuaValue option) {
        if (!option.isnil() && !option.istable()) throw new LuaError("bad argument #2 to 'encode' (table expected, got " + option.typename() + ")");
        pretty = option.istable() && option.get("pretty").toboolean();
        sortKeys = option.istable() && option.get("sort_keys").toboolean();
        emptyTableAsArray = option.istable() && option.get("empty_table_as_array").toboolean();
        // max_depth is capped at the decoder's limit, so no option can run the stack out
        maxDepth = Math.min(JsonDecoder.MAX_DEPTH, option.istable() ? option.get("max_depth").optint(DEFAULT_MAX_DEPTH) : DEFAULT_MAX_DEPTH);
    }

    byte[] encode(LuaValue v) {
        StringWriter w = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            if (pretty) g.setPrettyPrinter(PRETTY.createInstance());   // a printer counts its nesting: one per call
            value(g, v, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return w.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether encode writes {@code t} as an array. */
    static boolean isArray(LuaTable t, boolean emptyTableAsArray) {
        LuaValue mt = t.getmetatable();
        if (mt != null) {
            LuaValue type = mt.rawget(JSONTYPE);
            if (type.isstring()) return type.raweq(ARRAY);
        }
        if (!t.next(LuaValue.NIL).arg1().isnil()) return t.rawlen() > 0;
        return emptyTableAsArray;
    }

    private void value(JsonGenerator g, LuaValue v, int depth) throws IOException {
        switch (v.type()) {
            case LuaValue.TBOOLEAN -> g.writeBoolean(v.toboolean());
            case LuaValue.TNUMBER -> number(g, v.todouble());
            case LuaValue.TSTRING -> g.writeString(latin1(v.checkstring()));
            case LuaValue.TTABLE -> table(g, (LuaTable) v, depth + 1);
            case LuaValue.TNIL -> g.writeNull();
            default -> {
                if (v == JsonNull.VALUE) g.writeNull();
                else throw new LuaError("unsupported value type : " + v.typename());
            }
        }
    }

    private static void number(JsonGenerator g, double d) throws IOException {
        if (JsonNumbers.isInteger(d)) g.writeNumber((long) d);
        else if (Double.isNaN(d) || Double.isInfinite(d)) throw new LuaError("error while encode double value: " + d + " has no JSON form");
        else g.writeNumber(JsonNumbers.format(d));
    }

    private void table(JsonGenerator g, LuaTable t, int depth) throws IOException {
        if (depth > maxDepth) throw new LuaError("nested too deep (more than " + maxDepth + " levels, or a cycle)");
        if (isArray(t, emptyTableAsArray)) {
            int n = t.rawlen();
            g.writeStartArray();
            for (int i = 1; i <= n; i++) value(g, t.rawget(i), depth);
            g.writeEndArray();
            return;
        }
        g.writeStartObject();
        if (sortKeys) {
            List<String> keys = new ArrayList<>();
            for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1())
                if (k.type() == LuaValue.TSTRING) keys.add(latin1(k.checkstring()));
            keys.sort(null);   // Latin-1 chars compare as unsigned bytes: strcmp order
            for (String k : keys) {
                g.writeFieldName(k);
                value(g, t.rawget(LuaString.valueOf(k.getBytes(StandardCharsets.ISO_8859_1))), depth);
            }
        } else {
            LuaValue k = LuaValue.NIL;
            for (;;) {
                Varargs e = t.next(k);
                if ((k = e.arg1()).isnil()) break;
                if (k.type() != LuaValue.TSTRING) continue;
                g.writeFieldName(latin1(k.checkstring()));
                value(g, e.arg(2), depth);
            }
        }
        g.writeEndObject();
    }

    private static String latin1(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    /** RapidJSON's PrettyWriter: four spaces, {@code "key": value}, empty containers as {} and []. */
    private static DefaultPrettyPrinter rapidjsonLayout() {
        Separators s = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter four = new DefaultIndenter("    ", "\n");
        return new DefaultPrettyPrinter(s).withObjectIndenter(four).withArrayIndenter(four);
    }
}
