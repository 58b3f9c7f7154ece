package io.skyloom.launcher;

import io.skyloom.core.ConfigException;
import io.skyloom.core.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options and skynet-style config files ({@code key = value}, Lua comments,
 * strings in quotes). Known keys: thread, harbor/nodeId, transport, lua_path, luaservice,
 * file_access, luajc, luajc_cache (a folder, or false), lua_debug, endless_warning (seconds, 0 = no monitor); every other key goes to the node's env, as skynet's
 * config does.
 */
final class Options {

    private Options() {}

    /** Takes the leading options out of {@code args} and applies them. */
    static void apply(List<String> args, NodeConfig.Builder config) {
        while (!args.isEmpty() && args.get(0).startsWith("--")) {
            String opt = args.remove(0);
            if (args.isEmpty()) throw new IllegalArgumentException(opt + " needs a value");
            String value = args.remove(0);
            switch (opt) {
                case "--thread" -> config.thread(parseInt("thread", value));
                case "--config" -> readConfig(Path.of(value), config);
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
    }

    static void readConfig(Path file, NodeConfig.Builder config) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
        }
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.replaceFirst("--.*$", "").trim();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new ConfigException("config", file + ":" + n + ": expected key = value");
            String key = line.substring(0, eq).trim();
            String value = unquote(line.substring(eq + 1).trim());
            switch (key) {
                case "thread" -> config.thread(parseInt(key, value));
                case "harbor", "nodeId" -> config.nodeId(parseInt(key, value));
                case "transport" -> config.transport(Path.of(value));
                case "lua_path" -> config.luaPath(value);
                case "luaservice" -> config.servicePath(value);
                case "file_access" -> {
                    for (String dir : value.split(";")) if (!dir.isBlank()) config.fileAccess(Path.of(dir.trim()));
                }
                case "luajc" -> config.luajc(parseBoolean(key, value));
                case "luajc_cache" -> config.luajcCache(value.isBlank() || value.trim().equals("false") ? null : Path.of(value.trim()));
                case "endless_warning" -> config.endlessWarning(java.time.Duration.ofMillis(
                        Math.round(parseDouble(key, value) * 1000)));
                case "lua_debug" -> config.luaDebug(parseBoolean(key, value));
                default -> config.env(key, value);
            }
        }
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")))
            return v.substring(1, v.length() - 1);
        return v;
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "not true or false: " + value);
        };
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "not a number: " + value);
        }
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "not a whole number: " + value);
        }
    }
}
