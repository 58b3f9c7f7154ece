/**
 * Skyloom's kernel. The API is {@code io.skyloom.core}: what a Java service, a transport
 * and a program see. {@code io.skyloom.core.kernel} is the kernel itself and is not
 * exported: a program on the module path cannot reach it. Skyloom's own modules above
 * this one (foreign, numsky, the Lua host) are not named modules and read it from the
 * class path: they need LuaJ, whose jar has classes in the unnamed package and so
 * cannot be a module, and the Lua host adds classes to LuaJ's own packages.
 */
module io.skyloom.core {
    requires transitive io.skyloom.scheduler;
    requires org.slf4j;

    exports io.skyloom.core;

    uses io.skyloom.core.kernel.ScriptHost;
    uses io.skyloom.core.kernel.TransportFactory;
}
