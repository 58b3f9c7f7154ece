package io.skyloom.lua.codec;

import org.luaj.vm2.LuaTable;

/**
 * The codec and crypto modules a Lua service can {@code require}: registered in a
 * service's {@code package.preload}, so each service builds its own module tables on
 * first use and no Lua-visible state is shared between services.
 */
public final class CodecModules {

    private CodecModules() {}

    public static void install(LuaTable preload) {
        preload.set("skynet.crypt", new CryptLib());
        preload.set("client.crypt", new CryptLib());
        preload.set("md5", new Md5Lib());
        preload.set("rapidjson.core", new JsonLib());   // rapidjson, json and cjson are Lua beside it
        preload.set("sproto.core", new SprotoLib());     // sproto, sprotoparser, sprotoloader likewise
    }
}
