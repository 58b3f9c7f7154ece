package io.skyloom.lua.codec;

import java.util.function.Supplier;
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
        preload.set("skyloom.tls", new io.skyloom.lua.tls.TlsLib());   // the JDK's TLS under ltls.c (ltls/c.lua)
        preload.set("rapidjson.core", new JsonLib());   // rapidjson, json and cjson are Lua beside it
        preload.set("sproto.core", new SprotoLib());     // sproto, sprotoparser, sprotoloader likewise
        // pb and protoc.core share the service's schemas; made on first use, since most services use neither
        Supplier<PbState> pb = new Supplier<>() {
            private PbState state;   // owned by the service whose preload this is

            @Override
            public PbState get() {
                if (state == null) state = new PbState();
                return state;
            }
        };
        preload.set("pb", new PbLib(pb));
        preload.set("protoc.core", new ProtocLib(pb));   // protoc.lua beside it
    }
}
