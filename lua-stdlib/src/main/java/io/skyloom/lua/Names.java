package io.skyloom.lua;

import org.luaj.vm2.LuaString;

/**
 * The names a Lua state's set-up reads and writes from Java, as Lua strings made once for
 * the JVM. LuaJ turns a Java string key into a new Lua string at every get and set (its
 * UTF-8 length, then its bytes, then a cache that mostly misses): in spawn that was a
 * tenth of the time a new state cost. A Lua string is immutable, so every state's tables
 * may hold the same one.
 */
final class Names {

    static final LuaString PACKAGE = LuaString.valueOf("package"), LOADED = LuaString.valueOf("loaded"),
            PRELOAD = LuaString.valueOf("preload"), SEARCHERS = LuaString.valueOf("searchers"),
            PATH = LuaString.valueOf("path"), CPATH = LuaString.valueOf("cpath"), LOADLIB = LuaString.valueOf("loadlib"),
            MATH = LuaString.valueOf("math"), LOAD = LuaString.valueOf("load"), LOADSTRING = LuaString.valueOf("loadstring"),
            LOADFILE = LuaString.valueOf("loadfile"), ERROR = LuaString.valueOf("error"), PCALL = LuaString.valueOf("pcall"),
            XPCALL = LuaString.valueOf("xpcall"), COLLECTGARBAGE = LuaString.valueOf("collectgarbage"),
            OS = LuaString.valueOf("os"), DEBUG = LuaString.valueOf("debug"), TRACEBACK = LuaString.valueOf("traceback"),
            COROUTINE = LuaString.valueOf("coroutine"), SERVICE_NAME = LuaString.valueOf("SERVICE_NAME"),
            SERVICE_PATH = LuaString.valueOf("SERVICE_PATH");

    private Names() {}
}
