package io.skyloom.lua.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * A sproto schema: its types and its protocols sorted by tag. Immutable, so one schema
 * can be shared by every service (sprotoloader's slots).
 */
final class Sproto {

    final SprotoType[] types;
    final SprotoProtocol[] protocols;
    private final Map<String, SprotoType> typesByName = new HashMap<>();
    private final Map<String, SprotoProtocol> protocolsByName = new HashMap<>();
    private final Map<Integer, SprotoProtocol> protocolsByTag = new HashMap<>();

    Sproto(SprotoType[] types, SprotoProtocol[] protocols) {
        this.types = types;
        this.protocols = protocols;
        for (SprotoType t : types) typesByName.putIfAbsent(t.name, t);
        for (SprotoProtocol p : protocols) {
            protocolsByName.putIfAbsent(p.name(), p);
            protocolsByTag.putIfAbsent(p.tag(), p);
        }
    }

    /** What Lua's tostring shows (LuaJ prints a userdata's object): no Java class name. */
    @Override
    public String toString() {
        return "userdata: sproto";
    }

    SprotoType type(String name) {
        return typesByName.get(name);
    }

    SprotoProtocol protocol(String name) {
        return protocolsByName.get(name);
    }

    SprotoProtocol protocol(int tag) {
        return protocolsByTag.get(tag);
    }
}
