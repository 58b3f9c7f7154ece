package io.skyloom.lua.codec;

import java.util.HexFormat;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * {@code require "md5"}: skynet's md5 module ({@code sum}, {@code sumhexa},
 * {@code hmacmd5(data, key)} in hex, {@code exor}) on the JDK's MD5. Each require gets
 * a fresh table. Stateless.
 */
final class Md5Lib extends TwoArgFunction {

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable m = new LuaTable();
        LuaFn.put(m, "sum", a -> LuaBytes.of(CryptLib.digest("MD5", LuaBytes.arg(a, 1))));
        LuaFn.put(m, "sumhexa", a -> hex(CryptLib.digest("MD5", LuaBytes.arg(a, 1))));
        LuaFn.put(m, "hmacmd5", a -> hex(CryptLib.hmac("HmacMD5", LuaBytes.arg(a, 2), LuaBytes.arg(a, 1))));
        LuaFn.put(m, "exor", a -> {
            byte[] s1 = LuaBytes.arg(a, 1), s2 = LuaBytes.arg(a, 2);
            if (s1.length != s2.length) throw new LuaError("bad argument #2 to 'exor' (lengths must be equal)");
            for (int i = 0; i < s1.length; i++) s1[i] ^= s2[i];
            return LuaBytes.of(s1);
        });
        return m;
    }

    private static LuaValue hex(byte[] digest) {
        return valueOf(HexFormat.of().formatHex(digest));
    }
}
