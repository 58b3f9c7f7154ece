/**
 * Skyloom's own standard-library functions for Lua services, where LuaJ's differ from C
 * Lua 5.2: {@code string.format} ({@link io.skyloom.lua.stdlib.Printf} is C's printf),
 * pattern matching ({@code LuaPattern}), the string, table and math functions at their
 * limits, {@code tonumber} and {@code tostring}. Every long loop here checks the
 * service's {@link io.skyloom.lua.stdlib.StopFlag}, so {@code kill} reaches a service
 * inside a library call. {@link io.skyloom.lua.stdlib.Stdlib} installs them; the
 * conformance table in this module's tests ({@code conformance/expected.tsv}, from C Lua
 * 5.2.4) specifies them.
 */
package io.skyloom.lua.stdlib;
