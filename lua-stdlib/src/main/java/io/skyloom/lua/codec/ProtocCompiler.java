package io.skyloom.lua.codec;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;

/**
 * protoc's job for Lua: .proto text to a FileDescriptorSet, linked by protobuf-java
 * against the files the service's pb already knows (its imports must be loaded
 * first, or be Google's well-known files), with every type reference resolved to its
 * full name as protoc writes it. Stateless apart from the state it is given.
 */
final class ProtocCompiler {

    private ProtocCompiler() {}

    static FileDescriptorProto compileFile(PbState state, String text, String name) {
        FileDescriptorProto raw = ProtoParser.parse(text, name);
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : raw.getDependencyList()) {
            FileDescriptor f = state.file(d);
            if (f == null) throw new LuaError(name + ": import \"" + d + "\" is not loaded (load it with protoc first)");
            deps.add(f);
        }
        FileDescriptor fd;
        try {
            fd = FileDescriptor.buildFrom(raw, deps.toArray(new FileDescriptor[0]));
        } catch (DescriptorValidationException e) {
            throw new LuaError(name + ": " + e.getDescription() + " (" + e.getProblemSymbolName() + ")");
        }
        FileDescriptorProto.Builder out = raw.toBuilder();
        for (int i = 0; i < fd.getMessageTypes().size(); i++) resolve(out.getMessageTypeBuilder(i), fd.getMessageTypes().get(i));
        for (int i = 0; i < fd.getServices().size(); i++) resolve(out.getServiceBuilder(i), fd.getServices().get(i));
        return out.build();
    }

    static byte[] compile(PbState state, String text, String name, boolean includeImports) {
        FileDescriptorProto file = compileFile(state, text, name);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        if (includeImports) for (String d : file.getDependencyList()) set.addFile(state.file(d).toProto());
        return set.addFile(file).build().toByteArray();
    }

    private static void resolve(DescriptorProto.Builder m, Descriptor d) {
        for (int i = 0; i < d.getFields().size(); i++) {
            FieldDescriptor f = d.getFields().get(i);
            FieldDescriptorProto.Builder fb = m.getFieldBuilder(i);
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                fb.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName("." + f.getMessageType().getFullName());
            } else if (f.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                fb.setType(FieldDescriptorProto.Type.TYPE_ENUM).setTypeName("." + f.getEnumType().getFullName());
            }
        }
        for (int i = 0; i < d.getNestedTypes().size(); i++) resolve(m.getNestedTypeBuilder(i), d.getNestedTypes().get(i));
    }

    private static void resolve(ServiceDescriptorProto.Builder s, ServiceDescriptor d) {
        for (int i = 0; i < d.getMethods().size(); i++) {
            MethodDescriptor md = d.getMethods().get(i);
            MethodDescriptorProto.Builder mb = s.getMethodBuilder(i);
            mb.setInputType("." + md.getInputType().getFullName()).setOutputType("." + md.getOutputType().getFullName());
        }
    }
}
