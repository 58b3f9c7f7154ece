package io.skyloom.lua.net;

/**
 * One PTYPE_SOCKET message, as skynet's {@code skynet_socket_message}: a type (skynet's
 * numbers: data 1, connect 2, close 3, accept 4, error 5, udp 6, warning 7; Skyloom adds
 * resolved 8 for a lookup that ended), the socket id, a number ({@code ud}: a size, a port,
 * a new id) and bytes (data, an address, an error text). {@code from} is a UDP sender's
 * address. Immutable; {@code permit} is what the reader may send again once the owner
 * has taken the data in (see {@link StreamConn} and {@link UdpSock}).
 */
public record SocketMessage(int type, int id, int ud, byte[] data, String from, Sock permit) {

    public static final int DATA = 1;
    public static final int CONNECT = 2;
    public static final int CLOSE = 3;
    public static final int ACCEPT = 4;
    public static final int ERROR = 5;
    public static final int UDP = 6;
    public static final int WARNING = 7;
    public static final int RESOLVED = 8;

    static SocketMessage of(int type, int id, int ud, String text) {
        return new SocketMessage(type, id, ud, text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null);
    }

    @Override
    public String toString() {
        return "socket message " + type + " id " + id + " ud " + ud + (data == null ? "" : " (" + data.length + " bytes)");
    }
}
