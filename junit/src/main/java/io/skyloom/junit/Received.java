package io.skyloom.junit;

import io.skyloom.core.Handle;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One message a stub or a probe received: its protocol ({@code "lua"} or
 * {@code "foreign"}), who sent it, the command (the first value) and the other values as
 * Java sees them (Lua numbers are {@code Long} or {@code Double}, tables {@code List} or
 * {@code Map}), and whether it was a call.
 */
public record Received(String protocol, int source, String command, List<Object> args, boolean call) {

    /** True when the command is {@code command} and the values equal {@code args} (numbers by value). */
    public boolean matches(String command, Object... args) {
        if (!Objects.equals(this.command, command) || this.args.size() != args.length) return false;
        for (int i = 0; i < args.length; i++) if (!same(this.args.get(i), args[i])) return false;
        return true;
    }

    static boolean same(Object got, Object want) {
        if (got instanceof Number g && want instanceof Number w) return g.doubleValue() == w.doubleValue();
        return Objects.equals(got, want);
    }

    static String describe(String command, Object... args) {
        return command + List.of(args).stream().map(Received::show).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String show(Object o) {
        return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
    }

    @Override
    public String toString() {
        return (call ? "call " : "send ") + command + args.stream().map(Received::show).collect(Collectors.joining(", ", "(", ")"))
                + " from " + Handle.format(source);
    }
}
