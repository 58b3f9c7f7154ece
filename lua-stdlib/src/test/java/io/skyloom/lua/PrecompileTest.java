package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;

import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.junit.jupiter.api.Test;

/**
 * The build's compiled built-ins (Precompile): with LuaJC on, a built-in file comes from
 * the jar's classes, paired with its prototypes and function names; interpreted, it is
 * LuaJ's closure as ever.
 */
class PrecompileTest {

    private static final ScriptFinder.Source SKYNET =
            new ScriptFinder.Source("skyloom/lualib/skynet.lua", "builtin:lualib/skynet.lua", null, ScriptFinder.BUILTIN + "lualib/skynet.lua");

    @Test
    void aBuiltInFileIsTheJarsCompiledClassWithItsPrototypeAndNames() {
        LuaFunction f = new CodeCache(true, null).get(SKYNET).instantiate(new LuaTable());
        assertThat(f.getClass().getName()).isEqualTo(Precompile.className("lualib/skynet.lua"));
        assertThat(CodeCache.prototypeOf(f)).isNotNull();
        assertThat(CodeCache.prototypeOf(f).p).isNotEmpty();
        assertThat(CodeCache.functionLabel(f.getClass().getName() + "$dispatch_message")).isEqualTo("function 'dispatch_message'");
    }

    @Test
    void interpretedItIsLuajsClosure() {
        LuaFunction f = new CodeCache(false, null).get(SKYNET).instantiate(new LuaTable());
        assertThat(f).isInstanceOf(org.luaj.vm2.LuaClosure.class);
    }
}
