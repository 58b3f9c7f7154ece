package io.skyloom.lua.codec;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * {@code require "protoc.core"}: the compiler under protoc.lua, sharing the service's
 * pb state. {@code compile(text, name, include_imports)} gives a serialized
 * FileDescriptorSet, {@code compile_file(text, name)} one serialized
 * FileDescriptorProto, {@code known(name)} whether pb has loaded that file. Made once
 * per service.
 */
final class ProtocLib extends TwoArgFunction {

    private final Supplier<PbState> state;
    private int unnamed;   // owned by the service: names for texts loaded without one

    ProtocLib(Supplier<PbState> state) {
        this.state = state;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable m = new LuaTable();
        LuaFn.put(m, "compile", a -> LuaBytes.of(ProtocCompiler.compile(state.get(), utf8(LuaBytes.arg(a, 1)),
                name(a.arg(2)), a.arg(3).toboolean())));
        LuaFn.put(m, "compile_file", a -> LuaBytes.of(ProtocCompiler.compileFile(state.get(), utf8(LuaBytes.arg(a, 1)),
                name(a.arg(2))).toByteArray()));
        LuaFn.put(m, "known", a -> valueOf(state.get().file(a.checkjstring(1)) != null));
        return m;
    }

    private String name(LuaValue given) {
        return given.isstring() ? given.tojstring() : "<input" + (++unnamed) + ">.proto";
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
