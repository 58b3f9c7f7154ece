package io.skyloom.lua.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;

/**
 * A parsed schema written as the bundle sprotoparser.parse returns, byte for byte:
 * types sorted by name (a type's index in that order is how fields and protocols refer
 * to it), fields in tag order, protocols in tag order, each record laid out exactly as
 * skynet's parser lays it out, so a bundle made here equals one made by skynet.
 * Stateless.
 */
final class SprotoSchemaBinary {

    static final Map<String, Integer> BUILDIN = Map.of("integer", 0, "boolean", 1, "string", 2, "binary", 2, "double", 3);

    private SprotoSchemaBinary() {}

    static byte[] write(SprotoSchemaText s) {
        if (s.types.isEmpty()) {
            if (!s.protocols.isEmpty()) throw new LuaError("protocols need at least one type");
            return new byte[] {0, 0};
        }
        List<String> names = new ArrayList<>(s.types.keySet());
        Collections.sort(names);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < names.size(); i++) ids.put(names.get(i), i);
        Out types = new Out();
        for (String name : names) types.bytes(type(name, s.types.get(name), s, ids));
        Out group = new Out();
        if (s.protocols.isEmpty()) {
            group.u16(1).u16(0).bytes(types.toByteArray());
        } else {
            List<SprotoSchemaText.Protocol> ps = new ArrayList<>(s.protocols.values());
            ps.sort((a, b) -> Integer.compare(a.tag, b.tag));
            Out protos = new Out();
            for (SprotoSchemaText.Protocol p : ps) protos.bytes(protocol(p, ids));
            group.u16(2).u16(0).u16(0).bytes(types.toByteArray()).bytes(protos.toByteArray());
        }
        return group.toByteArray();
    }

    private static byte[] type(String name, List<SprotoSchemaText.Field> fields, SprotoSchemaText s, Map<String, Integer> ids) {
        Out t = new Out();
        if (fields.isEmpty()) return t.u16(1).u16(0).bytes(utf8(name)).toByteArray();
        Out fs = new Out();
        for (SprotoSchemaText.Field f : fields) fs.bytes(field(f, s, ids));
        return t.u16(2).u16(0).u16(0).bytes(utf8(name)).bytes(fs.toByteArray()).toByteArray();
    }

    private static byte[] field(SprotoSchemaText.Field f, SprotoSchemaText s, Map<String, Integer> ids) {
        Integer buildin = BUILDIN.get(f.typename);
        Integer extra = f.typename.equals("binary") ? Integer.valueOf(1) : f.decimal == null ? null : Integer.valueOf(f.decimal);
        Integer key = null;
        boolean map = false;
        if (f.key != null) {
            List<SprotoSchemaText.Field> sub = s.types.get(f.typename);
            if (sub == null) throw new LuaError("Invalid map index :" + f.key);
            String keyName = f.key;
            if (keyName.isEmpty()) {
                map = true;
                if (sub.size() != 2) throw new LuaError("Invalid map definition: " + f.name + ", must only have two fields");
                keyName = sub.get(0).name;   // the field with the smaller tag
            }
            SprotoSchemaText.Field kf = null;
            for (SprotoSchemaText.Field x : sub) if (x.name.equals(keyName)) kf = x;
            if (kf == null || !BUILDIN.containsKey(kf.typename)) throw new LuaError("Invalid map index :" + keyName);
            key = kf.tag;
        }
        Out r = new Out();
        r.u16(f.array ? (key != null ? (map ? 7 : 6) : 5) : 4);
        r.u16(0);                                        // name, in the data part
        if (buildin != null) {
            r.value(buildin);
            if (extra != null) r.value(extra); else r.u16(1);   // skip the type index
            r.value(f.tag);
        } else {
            r.u16(1);                                    // skip buildin
            r.value(ids.get(f.typename));
            r.value(f.tag);
        }
        if (f.array) {
            r.value(1);
            if (key != null) {
                r.value(key);
                if (map) r.value(1);
            }
        }
        r.bytes(utf8(f.name));
        return r.toByteArray();
    }

    private static byte[] protocol(SprotoSchemaText.Protocol p, Map<String, Integer> ids) {
        Out r = new Out();
        boolean onlyTag = p.request == null && p.response == null && !p.confirm;
        int count = onlyTag ? 2 : p.response != null ? 4 : p.confirm ? 5 : 3;
        r.u16(count).u16(0).value(p.tag);
        if (!onlyTag) {
            if (p.request != null) r.value(ids.get(p.request)); else r.u16(1);
            if (p.response != null) r.value(ids.get(p.response));
            else if (p.confirm) r.u16(1).value(1);
        }
        r.bytes(utf8(p.name));
        return r.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Little-endian output with sproto's record and length helpers. */
    private static final class Out extends ByteArrayOutputStream {
        Out u16(int v) {
            write(v);
            write(v >>> 8);
            return this;
        }

        /** An inline record of value v: (v + 1) * 2. */
        Out value(int v) {
            int n = (v + 1) * 2;
            if (n < 0 || n > 0xffff) throw new LuaError("sproto value " + v + " out of range");
            return u16(n);
        }

        Out bytes(byte[] b) {
            for (int i = 0; i < 32; i += 8) write(b.length >>> i);
            write(b, 0, b.length);
            return this;
        }
    }
}
