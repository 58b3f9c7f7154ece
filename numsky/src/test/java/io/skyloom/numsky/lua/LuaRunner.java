package io.skyloom.numsky.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * A LuaJ state with the libraries a Skyloom service has (no debug library, no luajava)
 * and numsky in package.preload, as the service host installs it. One per test.
 */
final class LuaRunner {

    final Globals g = new Globals();

    LuaRunner() {
        g.load(new BaseLib());
        g.load(new PackageLib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        LoadState.install(g);
        LuaC.install(g);
        ((LuaTable) g.get("package").get("preload")).set("numsky", NumskyLib.INSTANCE);
    }

    /** Runs a chunk with {@code ns} and {@code err(f, ...)} (pcall's message, or "no error"). */
    Varargs run(String lua) {
        return g.load("""
                local ns = require 'numsky'
                local function err(f, ...)
                    local ok, e = pcall(f, ...)
                    if ok then return "no error" end
                    return tostring(e)
                end
                """ + lua, "=test").invoke();
    }
}
