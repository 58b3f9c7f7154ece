package io.skyloom.lua.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * JSON to Lua values on Jackson's streaming parser. Objects and arrays get the module's
 * object or array metatable, so an empty one encodes back as what it was; null is
 * {@link JsonNull#VALUE}. Input that is not UTF-8 is parsed a second time with its
 * stray bytes escaped ({@link Utf8Text}), so those bytes come back unchanged, as
 * lua-rapidjson (which does not validate UTF-8) gives them. Nesting is bounded by
 * Jackson's depth limit, so hostile input costs bounded stack and memory. One decoder
 * per module instance; not shared between services.
 */
final class JsonDecoder {

    static final int MAX_DEPTH = 1000;
    // Field names are not interned: the Lua strings are made anyway, and hostile input
    // with millions of distinct keys should not grow the JVM's string table.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    /** A parse failure: the message Lua sees, with its position. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final LuaTable objectMeta;
    private final LuaTable arrayMeta;

    JsonDecoder(LuaTable objectMeta, LuaTable arrayMeta) {
        this.objectMeta = objectMeta;
        this.arrayMeta = arrayMeta;
    }

    LuaValue decode(LuaString s) throws Failure {
        try (JsonParser p = FACTORY.createParser(s.m_bytes, s.m_offset, s.m_length)) {
            return document(p, false);
        } catch (JsonProcessingException e) {
            if (!String.valueOf(e.getOriginalMessage()).startsWith("Invalid UTF-8")) throw failure(e);
        } catch (IOException e) {
            throw new Failure(CodecError.describe(e));
        }
        byte[] json = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, json, 0, s.m_length);
        try (JsonParser p = FACTORY.createParser(Utf8Text.decodeEscapingBytes(json))) {
            return document(p, true);
        } catch (JsonProcessingException e) {
            throw failure(e);
        } catch (IOException e) {
            throw new Failure(CodecError.describe(e));
        }
    }

    private LuaValue document(JsonParser p, boolean escapedBytes) throws IOException, Failure {
        JsonToken t = p.nextToken();
        if (t == null) throw new Failure("The document is empty. (at byte 0)");
        LuaValue v = value(p, t, escapedBytes);
        if (p.nextToken() != null) throw new Failure("The document root must not be followed by other values. (at byte " + offset(p.currentTokenLocation()) + ")");
        return v;
    }

    private LuaValue value(JsonParser p, JsonToken t, boolean escapedBytes) throws IOException, Failure {
        switch (t) {
            case START_OBJECT: {
                LuaTable o = new LuaTable();
                o.setmetatable(objectMeta);
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    LuaString key = text(p, escapedBytes);
                    o.rawset(key, value(p, p.nextToken(), escapedBytes));
                }
                return o;
            }
            case START_ARRAY: {
                LuaTable a = new LuaTable();
                a.setmetatable(arrayMeta);
                int i = 0;
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken())
                    a.rawset(++i, value(p, e, escapedBytes));
                return a;
            }
            case VALUE_STRING:
                return text(p, escapedBytes);
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.INT ? LuaValue.valueOf(p.getIntValue()) : real(p);
            case VALUE_NUMBER_FLOAT:
                return real(p);
            case VALUE_TRUE:
                return LuaValue.TRUE;
            case VALUE_FALSE:
                return LuaValue.FALSE;
            case VALUE_NULL:
                return JsonNull.VALUE;
            default:
                throw new Failure("Invalid value. (at byte " + offset(p.currentTokenLocation()) + ")");
        }
    }

    private static LuaValue real(JsonParser p) throws IOException, Failure {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) throw new Failure("Number too big to be stored in double. (at byte " + offset(p.currentTokenLocation()) + ")");
        return LuaValue.valueOf(d);
    }

    private static LuaString text(JsonParser p, boolean escapedBytes) throws IOException {
        return LuaString.valueUsing(Utf8Text.encode(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), escapedBytes));
    }

    private static Failure failure(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int marker = m.indexOf(" (start marker at");
        if (marker > 0) m = m.substring(0, marker);
        // Jackson's limits name the Java method that sets them: "(1000, from `StreamReadConstraints.getMax...()`)"
        m = CodecError.describe(new RuntimeException(m.replaceAll(",? from `[^`]*`", "")));
        return new Failure(m + " (at byte " + offset(e.getLocation()) + ")");
    }

    private static long offset(JsonLocation at) {
        if (at == null) return 0;
        long b = at.getByteOffset();
        return b >= 0 ? b : Math.max(0, at.getCharOffset());
    }
}
