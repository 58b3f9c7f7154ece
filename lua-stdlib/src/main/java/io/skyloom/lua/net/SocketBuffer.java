package io.skyloom.lua.net;

import org.luaj.vm2.LuaString;

/**
 * The bytes a Lua service received on one connection and has not read yet (skynet's
 * socket buffer of lua-socket.c). Owned by the service's Lua code: one task at a time.
 * One array, compacted as it is read; what it may hold is bounded by socket.lua's limit.
 */
final class SocketBuffer {

    private byte[] bytes = new byte[256];
    private int start;
    private int end;

    int size() {
        return end - start;
    }

    int push(LuaString s) {
        int n = s.m_length;
        if (end + n > bytes.length) grow(n);
        System.arraycopy(s.m_bytes, s.m_offset, bytes, end, n);
        end += n;
        return size();
    }

    private void grow(int n) {
        int live = size();
        byte[] to = live + n <= bytes.length / 2 ? bytes : new byte[Math.max(bytes.length * 2, live + n)];
        System.arraycopy(bytes, start, to, 0, live);
        bytes = to;
        start = 0;
        end = live;
    }

    /** The first {@code n} bytes, taken out; null when fewer are there. */
    LuaString pop(int n) {
        if (n > size()) return null;
        return take(n, n);
    }

    private LuaString take(int n, int skip) {
        byte[] out = new byte[n];
        System.arraycopy(bytes, start, out, 0, n);
        start += skip;
        if (start == end) start = end = 0;
        return LuaString.valueOf(out);
    }

    LuaString readall() {
        return take(size(), size());
    }

    /** The bytes before the first {@code sep}, taken out with it; null when no {@code sep} is there yet. */
    LuaString readline(LuaString sep) {
        int at = find(sep);
        return at < 0 ? null : take(at - start, at - start + sep.m_length);
    }

    boolean hasLine(LuaString sep) {
        return find(sep) >= 0;
    }

    private int find(LuaString sep) {
        int m = sep.m_length;
        if (m == 0) return start;
        byte first = sep.m_bytes[sep.m_offset];
        outer:
        for (int i = start; i + m <= end; i++) {
            if (bytes[i] != first) continue;
            for (int j = 1; j < m; j++) if (bytes[i + j] != sep.m_bytes[sep.m_offset + j]) continue outer;
            return i;
        }
        return -1;
    }

    void clear() {
        start = end = 0;
        if (bytes.length > 1 << 16) bytes = new byte[256];
    }
}
