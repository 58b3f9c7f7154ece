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
        if (!t.config().isEmpty()) {
            try {
                io.skyloom.launcher.SkynetConfig.read(Path.of(t.config()), b);
            } catch (ConfigException e) {
                throw bad("config", t.config(), e.getMessage());
            }
        }
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
        if (!t.luajc()) b.luajc(false);
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
                c.luajc(), c.luaDebug(), c.endlessWarning(), folder, c.luajcCache(), c.manualClock());
    }

    /** The same settings for the linked node {@code id}. */
    NodeConfig forNode(int id) {
        return withTransport(id, config.transport());
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
}
