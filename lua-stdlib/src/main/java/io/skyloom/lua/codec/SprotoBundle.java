package io.skyloom.lua.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.luaj.vm2.LuaError;

/**
 * Reads a schema bundle (what sprotoparser.parse returns: the schema encoded with
 * sproto's own meta-schema, {@code .group { type 0 : *type  protocol 1 : *protocol }})
 * into a {@link Sproto}. Any inconsistency is an error naming the bundle, so a bad
 * bundle never yields a half-built schema. Stateless.
 */
final class SprotoBundle {

    /** A field as read, with the index of its struct type (-1 for a built-in), linked once all types are read. */
    private record FieldSpec(SprotoField field, int subtype) {}

    private SprotoBundle() {}

    static Sproto read(byte[] b) {
        try {
            return build(b);
        } catch (LuaError e) {
            throw new LuaError("invalid sproto schema bundle (" + e.getMessage().replace("decode error: ", "") + ")");
        }
    }

    private static Sproto build(byte[] b) {
        List<byte[]> typeBlobs = new ArrayList<>(), protoBlobs = new ArrayList<>();
        SprotoWire.read(b, 0, b.length, (tag, value, buf, off, len) -> {
            if (value >= 0) throw SprotoWire.error("group field is not an array");
            if (tag == 0) items(buf, off, len, typeBlobs);
            else if (tag == 1) items(buf, off, len, protoBlobs);
            else throw SprotoWire.error("unknown group field " + tag);
        });
        int n = typeBlobs.size();
        String[] names = new String[n];
        List<List<FieldSpec>> fieldSpecs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<FieldSpec> specs = new ArrayList<>();
            names[i] = type(typeBlobs.get(i), specs);
            fieldSpecs.add(specs);
        }
        SprotoType[] types = new SprotoType[n];
        for (int i = 0; i < n; i++) {
            List<FieldSpec> specs = fieldSpecs.get(i);
            SprotoField[] fields = new SprotoField[specs.size()];
            for (int j = 0; j < fields.length; j++) fields[j] = specs.get(j).field();
            for (int j = 1; j < fields.length; j++)
                if (fields[j].tag <= fields[j - 1].tag) throw SprotoWire.error("tags of " + names[i] + " are not ascending");
            types[i] = new SprotoType(names[i], fields);
        }
        for (int i = 0; i < n; i++) {
            for (FieldSpec spec : fieldSpecs.get(i)) {
                int sub = spec.subtype();
                if (sub < 0) continue;
                if (sub >= n) throw SprotoWire.error("type index " + sub + " out of range");
                SprotoField f = spec.field();
                f.sub = types[sub];
                if (f.map && f.sub.fields.length < 2) throw SprotoWire.error("map " + f.name + " needs a two-field type");
            }
        }
        SprotoProtocol[] protocols = new SprotoProtocol[protoBlobs.size()];
        for (int i = 0; i < protocols.length; i++) protocols[i] = protocol(protoBlobs.get(i), types);
        Arrays.sort(protocols, Comparator.comparingInt(SprotoProtocol::tag));
        return new Sproto(types, protocols);
    }

    /** The items of an array of structs: each a 32-bit length and its bytes. */
    private static void items(byte[] b, int off, int len, List<byte[]> out) {
        int end = off + len;
        while (off < end) {
            if (end - off < 4) throw SprotoWire.error("truncated array item");
            long sz = SprotoWire.u32(b, off);
            if (sz > end - off - 4) throw SprotoWire.error("array item longer than the array");
            out.add(Arrays.copyOfRange(b, off + 4, off + 4 + (int) sz));
            off += 4 + (int) sz;
        }
    }

    /** .type { name 0 : string  fields 1 : *field }; adds its fields to {@code specs}. */
    private static String type(byte[] b, List<FieldSpec> specs) {
        String[] name = new String[1];
        SprotoWire.read(b, 0, b.length, (tag, value, buf, off, len) -> {
            if (value >= 0) throw SprotoWire.error("type field " + tag + " is not data");
            if (tag == 0) name[0] = new String(buf, off, len, StandardCharsets.UTF_8);
            else if (tag == 1) {
                List<byte[]> fields = new ArrayList<>();
                items(buf, off, len, fields);
                for (byte[] f : fields) specs.add(field(f));
            } else throw SprotoWire.error("unknown type field " + tag);
        });
        if (name[0] == null) throw SprotoWire.error("type without a name");
        return name[0];
    }

    /** .field { name 0  buildin 1  type 2  tag 3  array 4  key 5  map 6 }. */
    private static FieldSpec field(byte[] b) {
        String[] name = new String[1];
        int[] v = {-1, -1, -1, 0, -1, 0};   // buildin, type/extra, tag, array, key, map
        SprotoWire.read(b, 0, b.length, (tag, value, buf, off, len) -> {
            if (tag == 0) {
                if (value >= 0) throw SprotoWire.error("field name is not a string");
                name[0] = new String(buf, off, len, StandardCharsets.UTF_8);
            } else if (tag >= 1 && tag <= 6) {
                if (value < 0) throw SprotoWire.error("field attribute " + tag + " is not a value");
                v[tag - 1] = value;
            } else throw SprotoWire.error("unknown field attribute " + tag);
        });
        int buildin = v[0], extra = v[1], tag = v[2];
        if (name[0] == null || tag < 0) throw SprotoWire.error("field without a name or tag");
        if (buildin >= SprotoField.STRUCT) throw SprotoWire.error("invalid buildin type " + buildin);
        int kind = buildin >= 0 ? buildin : SprotoField.STRUCT;
        if (kind == SprotoField.STRUCT && extra < 0) throw SprotoWire.error("field " + name[0] + " has no type");
        long decimal = 0;
        if (kind == SprotoField.INTEGER && extra > 0) {
            if (extra > 18) throw SprotoWire.error("precision " + extra + " too large");
            decimal = 1;
            for (int i = 0; i < extra; i++) decimal *= 10;
        }
        boolean binary = kind == SprotoField.STRING && extra == 1;
        SprotoField f = new SprotoField(name[0], tag, kind, v[3] != 0, decimal, binary, v[4], v[5] != 0);
        return new FieldSpec(f, kind == SprotoField.STRUCT ? extra : -1);
    }

    /** .protocol { name 0  tag 1  request 2  response 3  confirm 4 }. */
    private static SprotoProtocol protocol(byte[] b, SprotoType[] types) {
        String[] name = new String[1];
        int[] v = {-1, -1, -1, 0};
        SprotoWire.read(b, 0, b.length, (tag, value, buf, off, len) -> {
            if (tag == 0) {
                if (value >= 0) throw SprotoWire.error("protocol name is not a string");
                name[0] = new String(buf, off, len, StandardCharsets.UTF_8);
            } else if (tag >= 1 && tag <= 4) {
                if (value < 0) throw SprotoWire.error("protocol attribute " + tag + " is not a value");
                v[tag - 1] = value;
            } else throw SprotoWire.error("unknown protocol attribute " + tag);
        });
        if (name[0] == null || v[0] < 0) throw SprotoWire.error("protocol without a name or tag");
        return new SprotoProtocol(name[0], v[0], typeAt(types, v[1]), typeAt(types, v[2]), v[3] != 0);
    }

    private static SprotoType typeAt(SprotoType[] types, int i) {
        if (i < 0) return null;
        if (i >= types.length) throw SprotoWire.error("type index " + i + " out of range");
        return types[i];
    }
}
