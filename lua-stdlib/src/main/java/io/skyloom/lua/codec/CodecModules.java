package io.skyloom.lua.codec;

import java.util.function.Supplier;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The codec and crypto modules a Lua service can {@code require}: registered in a
 * service's {@code package.preload}, so each service builds its own module tables on
 * first use and no Lua-visible state is shared between services. The preload entries
 * only name the module: its library class loads on the first require anywhere (crypt's
 * class alone starts the JDK's security providers, pb's loads protobuf), so a service
 * that requires none of them, hello.lua for one, loads none of them.
 */
public final class CodecModules {

    private CodecModules() {}

    private static final int CRYPT = 0, MD5 = 1, TLS = 2, JSON = 3, SPROTO = 4, PB = 5, PROTOC = 6;

    /** The loaders that hold nothing of a service: one for the JVM, as immutable as a string. */
    private static final Loader CRYPT_LOADER = new Loader(CRYPT, null), MD5_LOADER = new Loader(MD5, null),
            TLS_LOADER = new Loader(TLS, null), JSON_LOADER = new Loader(JSON, null), SPROTO_LOADER = new Loader(SPROTO, null);

    private static final LuaString SKYNET_CRYPT = LuaString.valueOf("skynet.crypt"),
            CLIENT_CRYPT = LuaString.valueOf("client.crypt"), MD5_NAME = LuaString.valueOf("md5"),
            TLS_NAME = LuaString.valueOf("skyloom.tls"), JSON_NAME = LuaString.valueOf("rapidjson.core"),
            SPROTO_NAME = LuaString.valueOf("sproto.core"), PB_NAME = LuaString.valueOf("pb"),
            PROTOC_NAME = LuaString.valueOf("protoc.core");

    public static void install(LuaTable preload) {
        preload.rawset(SKYNET_CRYPT, CRYPT_LOADER);
        preload.rawset(CLIENT_CRYPT, CRYPT_LOADER);
        preload.rawset(MD5_NAME, MD5_LOADER);
        preload.rawset(TLS_NAME, TLS_LOADER);         // the JDK's TLS under ltls.c (ltls/c.lua)
        preload.rawset(JSON_NAME, JSON_LOADER);       // rapidjson, json and cjson are Lua beside it
        preload.rawset(SPROTO_NAME, SPROTO_LOADER);   // sproto, sprotoparser, sprotoloader likewise
        // pb and protoc.core share the service's schemas; made on first use, since most services use neither
        Supplier<PbState> pb = new Supplier<>() {
            private PbState state;   // owned by the service whose preload this is

            @Override
            public PbState get() {
                if (state == null) state = new PbState();
                return state;
            }
        };
        preload.rawset(PB_NAME, new Loader(PB, pb));
        preload.rawset(PROTOC_NAME, new Loader(PROTOC, pb));   // protoc.lua beside it
    }

    /**
     * require's loader of one module: makes the module's library and lets it build the
     * table. pb's and protoc's belong to one service and keep the library they made
     * (protoc's numbers the service's unnamed texts).
     */
    private static final class Loader extends TwoArgFunction {
        private final int module;
        private final Supplier<PbState> pb;   // pb and protoc only: the service's schemas
        private TwoArgFunction made;          // likewise; owned by that service

        Loader(int module, Supplier<PbState> pb) {
            this.module = module;
            this.pb = pb;
        }

        @Override
        public LuaValue call(LuaValue modname, LuaValue env) {
            if (made != null) return made.call(modname, env);
            TwoArgFunction lib = switch (module) {
                case CRYPT -> new CryptLib();
                case MD5 -> new Md5Lib();
                case TLS -> new io.skyloom.lua.tls.TlsLib();
                case JSON -> new JsonLib();
                case SPROTO -> new SprotoLib();
                case PB -> new PbLib(pb);
                default -> new ProtocLib(pb);
            };
            if (pb != null) made = lib;
            return lib.call(modname, env);
        }
    }
}
