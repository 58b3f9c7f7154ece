package io.skyloom.lua.codec;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import org.luaj.vm2.LuaString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas one service's {@code pb} knows (lua-protobuf's state): the files loaded
 * so far, by file name, and every message and enum type by full name. Google's
 * well-known types (descriptor.proto, any, struct, wrappers, ...) are known from the
 * start, as lua-protobuf's protoc makes them known. Owned by one service: each
 * service's require of pb gets its own.
 */
final class PbState {

    /** Decoding and encoding switches of {@code pb.option}. */
    boolean enumAsValue;
    int int64Mode;                // 0: number, 1: "#" decimal string, 2: "#" hex string
    int defaultsMode;             // 0: auto (proto3 only), 1: none, 2: always
    boolean decodeDefaultArray;

    private final Map<String, FileDescriptor> files = new LinkedHashMap<>();
    // Lua strings of field names, made once: converting a Java String costs an encode per field and message
    private final Map<FieldDescriptor, LuaString> names = new HashMap<>();
    private final Map<OneofDescriptor, LuaString> oneofNames = new HashMap<>();
    private final Map<String, GenericDescriptor> types = new LinkedHashMap<>();

    PbState() {
        for (FileDescriptor f : WellKnown.FILES) add(f);
    }

    /** Loads a serialized FileDescriptorSet; returns false when it is not one or does not link. */
    boolean load(byte[] set) {
        FileDescriptorSet s;
        try {
            s = FileDescriptorSet.parseFrom(set);
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
        try {
            for (FileDescriptorProto p : s.getFileList()) add(build(p));
            return true;
        } catch (DescriptorValidationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Links {@code p} against the files known here (a missing import yields placeholder types). */
    FileDescriptor build(FileDescriptorProto p) throws DescriptorValidationException {
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : p.getDependencyList()) {
            FileDescriptor f = files.get(d);
            if (f != null) deps.add(f);
        }
        return FileDescriptor.buildFrom(p, deps.toArray(new FileDescriptor[0]), true);
    }

    LuaString name(FieldDescriptor f) {
        return names.computeIfAbsent(f, x -> LuaString.valueOf(x.getName()));
    }

    LuaString name(OneofDescriptor o) {
        return oneofNames.computeIfAbsent(o, x -> LuaString.valueOf(x.getName()));
    }

    FileDescriptor file(String name) {
        return files.get(name);
    }

    void add(FileDescriptor f) {
        files.put(f.getName(), f);
        for (Descriptor d : f.getMessageTypes()) addMessage(d);
        for (EnumDescriptor e : f.getEnumTypes()) types.put(e.getFullName(), e);
    }

    private void addMessage(Descriptor d) {
        types.put(d.getFullName(), d);
        for (Descriptor n : d.getNestedTypes()) addMessage(n);
        for (EnumDescriptor e : d.getEnumTypes()) types.put(e.getFullName(), e);
    }

    /** A type by "pkg.Name" or ".pkg.Name"; null when unknown. */
    GenericDescriptor type(String name) {
        return types.get(name.startsWith(".") ? name.substring(1) : name);
    }

    Iterable<GenericDescriptor> types() {
        return types.values();
    }

    void clear() {
        names.clear();
        oneofNames.clear();
        files.clear();
        types.clear();
        for (FileDescriptor f : WellKnown.FILES) add(f);
    }

    void clear(String type) {
        types.remove(type.startsWith(".") ? type.substring(1) : type);
    }

    /** Google's well-known files, as protobuf-java ships them. */
    static final class WellKnown {
        static final List<FileDescriptor> FILES = List.of(
                com.google.protobuf.DescriptorProtos.getDescriptor(),
                com.google.protobuf.AnyProto.getDescriptor(),
                com.google.protobuf.ApiProto.getDescriptor(),
                com.google.protobuf.DurationProto.getDescriptor(),
                com.google.protobuf.EmptyProto.getDescriptor(),
                com.google.protobuf.FieldMaskProto.getDescriptor(),
                com.google.protobuf.SourceContextProto.getDescriptor(),
                com.google.protobuf.StructProto.getDescriptor(),
                com.google.protobuf.TimestampProto.getDescriptor(),
                com.google.protobuf.TypeProto.getDescriptor(),
                com.google.protobuf.WrappersProto.getDescriptor());

        private WellKnown() {}
    }
}
