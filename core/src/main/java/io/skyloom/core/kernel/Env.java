package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The node's environment: values shared by all its services; each key is set once. */
final class Env {

    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();

    Env(Map<String, ?> initial) {
        initial.forEach((k, v) -> values.put(k, v));
    }

    Object get(String key) {
        return values.get(key);
    }

    void set(String key, Object value) {
        if (value == null) throw new IllegalArgumentException("env value for '" + key + "' is null");
        if (values.putIfAbsent(key, value) != null)
            throw new IllegalStateException("env key '" + key + "' is already set: a key can be set once");
    }
}
