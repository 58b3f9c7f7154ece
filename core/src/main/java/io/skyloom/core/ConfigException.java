package io.skyloom.core;

/** A configuration value is invalid; the message names the key and the value. */
public class ConfigException extends SkyloomException {
    private final String key;

    public ConfigException(String key, String message) {
        super("config '" + key + "': " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
