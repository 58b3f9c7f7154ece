package io.skyloom.lua.net;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * lua-netpack.c's queue: per connection, the part of a packet that has arrived (a 2-byte
 * big-endian length, then that many bytes), and the whole packets one data message
 * brought beyond its first. Owned by one service's Lua code (the gate).
 */
final class NetpackQueue {

    record Packet(int fd, byte[] bytes) {}

    private final Map<Integer, ByteArrayOutputStream> partial = new HashMap<>();
    private final ArrayDeque<Packet> ready = new ArrayDeque<>();

    /** Splits what arrived on {@code fd} into packets, appended to {@link #ready}; returns how many. */
    int push(int fd, byte[] data) {
        ByteArrayOutputStream have = partial.remove(fd);
        byte[] b = data;
        if (have != null) {
            have.writeBytes(data);
            b = have.toByteArray();
        }
        int at = 0;
        int found = 0;
        while (b.length - at >= 2) {
            int size = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
            if (b.length - at - 2 < size) break;
            byte[] p = new byte[size];
            System.arraycopy(b, at + 2, p, 0, size);
            ready.add(new Packet(fd, p));
            at += 2 + size;
            found++;
        }
        if (at < b.length) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(b, at, b.length - at);
            partial.put(fd, rest);
        }
        return found;
    }

    int waiting() {
        return ready.size();
    }

    Packet pop() {
        return ready.poll();
    }

    /** The connection closed: its partial packet goes (its whole ones stay, as skynet's). */
    void closed(int fd) {
        partial.remove(fd);
    }

    void clear() {
        partial.clear();
        ready.clear();
    }
}
