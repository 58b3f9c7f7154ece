package io.skyloom.junit;

import io.skyloom.core.ConfigException;
import io.skyloom.core.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a {@link SkyloomTest} asks for, as a {@link NodeConfig}: every value checked here so
 * that a bad one fails the test at start with the attribute's name, not the kernel's key.
 */
record NodeSettings(SkyloomTest test, NodeConfig config) {

    static NodeSettings of(SkyloomTest t) {
        NodeConfig.Builder b = NodeConfig.builder().thread(2);
        if (!t.config().isEmpty()) ConfigFile.read(Path.of(t.config()), b);
        if (t.thread() < 1) throw bad("thread", t.thread(), "must be at least 1");
        if (t.thread() != 2 || t.config().isEmpty()) b.thread(t.thread());
        if (t.nodeId() < 0 || t.nodeId() > 255) throw bad("nodeId", t.nodeId(), "must be 0 to 255");
        if (t.nodeId() != 0) b.nodeId(t.nodeId());
        if (t.nodes() < 1 || t.nodes() > 255) throw bad("nodes", t.nodes(), "must be 1 to 255");
        if (t.nodes() > 1 && t.nodeId() != 0) throw bad("nodeId", t.nodeId(), "linked nodes take the ids 1 to nodes; leave nodeId out");
        if (t.nodes() > 1 && t.virtualTime()) throw bad("nodes", t.nodes(), "virtual time drives one node; use nodes = 1");
        if (t.harbor() && t.virtualTime()) throw bad("harbor", true, "virtual time cannot drive other processes");
        for (String p : t.servicePath()) b.servicePath(template("servicePath", p));
        for (String p : t.luaPath()) b.luaPath(template("luaPath", p));
        for (String kv : t.env()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw bad("env", kv, "expected \"key=value\"");
            b.env(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (t.closeTimeoutMillis() < 0) throw bad("closeTimeoutMillis", t.closeTimeoutMillis(), "must not be negative");
        b.closeTimeout(java.time.Duration.ofMillis(t.closeTimeoutMillis()));
        if (t.luajc()) b.luajc(true);
        if (t.virtualTime()) b.manualClock(true);
        if (t.lifecycle() == SkyloomTest.Lifecycle.SHARED && t.shared().isBlank())
            throw bad("shared", "", "lifecycle = SHARED needs a key naming the node classes share");
        NodeConfig config = b.build();
        try {
            config.validate();
        } catch (ConfigException e) {
            throw new ExtensionConfigurationException("@SkyloomTest: " + e.getMessage(), e);
        }
        return new NodeSettings(t, config);
    }

    /** The same settings for node {@code id} on the transport folder {@code folder}. */
    NodeConfig withTransport(int id, java.nio.file.Path folder) {
        NodeConfig c = config;
        return new NodeConfig(c.thread(), id, c.luaPath(), c.servicePath(), c.fileAccess(), c.env(), c.closeTimeout(),
                c.luajc(), c.luaDebug(), c.endlessWarning(), folder, c.manualClock());
    }

    /** The same settings for the linked node {@code id}. */
    NodeConfig forNode(int id) {
        NodeConfig c = config;
        return new NodeConfig(c.thread(), id, c.luaPath(), c.servicePath(), c.fileAccess(), c.env(), c.closeTimeout(),
                c.luajc(), c.luaDebug(), c.endlessWarning(), c.transport(), c.manualClock());
    }

    List<String> services() {
        return List.of(test.services());
    }

    /** A folder becomes {@code folder/?.lua}; a template must name an existing folder. */
    private static String template(String attribute, String value) {
        String t = value.contains("?") ? value : value.replaceAll("/+$", "") + "/?.lua";
        String dir = t.substring(0, t.indexOf('?'));
        Path folder = Path.of(dir.isEmpty() ? "." : dir).toAbsolutePath();
        if (!dir.isEmpty() && !dir.endsWith("/")) folder = folder.getParent();
        if (folder == null || !Files.isDirectory(folder))
            throw bad(attribute, value, "no such folder: " + folder);
        return Path.of(t).isAbsolute() ? t : Path.of("").toAbsolutePath() + "/" + t;
    }

    static ExtensionConfigurationException bad(String attribute, Object value, String why) {
        return new ExtensionConfigurationException("@SkyloomTest(" + attribute + " = "
                + (value instanceof String ? "\"" + value + "\"" : value) + "): " + why);
    }

    /** A skynet-style config file, as the launcher reads one. */
    static final class ConfigFile {
        private ConfigFile() {}

        static void read(Path file, NodeConfig.Builder b) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw bad("config", file.toString(), "cannot read it (" + e.getMessage() + ")");
            }
            int n = 0;
            for (String raw : lines) {
                n++;
                String line = raw.replaceFirst("--.*$", "").trim();
                if (line.isEmpty()) continue;
                int eq = line.indexOf('=');
                if (eq < 0) throw bad("config", file.toString(), "line " + n + ": expected key = value");
                String key = line.substring(0, eq).trim();
                String value = unquote(line.substring(eq + 1).trim());
                switch (key) {
                    case "thread" -> b.thread(number(file, key, value));
                    case "harbor", "nodeId" -> b.nodeId(number(file, key, value));
                    case "lua_path" -> b.luaPath(value);
                    case "luaservice" -> b.servicePath(value);
                    case "luajc" -> b.luajc(Boolean.parseBoolean(value));
                    case "lua_debug" -> b.luaDebug(Boolean.parseBoolean(value));
                    default -> b.env(key, value);
                }
            }
        }

        private static String unquote(String v) {
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")))
                return v.substring(1, v.length() - 1);
            return v;
        }

        private static int number(Path file, String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw bad("config", file.toString(), key + " is not a whole number: " + value);
            }
        }
    }
}
