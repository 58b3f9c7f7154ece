package io.skyloom.lua.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A listening TCP socket. Once started, its accept virtual thread takes each connection,
 * gives it an id owned by the listener's owner, and delivers an accept message; the new
 * connection reads nothing until someone starts it (skynet's model: the accepting service
 * decides who reads it).
 */
final class Listener extends Sock {

    private final ServerSocketChannel channel;
    private final InetSocketAddress local;
    private final AtomicLong accepted = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    Listener(SocketDriver driver, int id, int owner, ServerSocketChannel channel, InetSocketAddress local) {
        super(driver, id, owner);
        this.channel = channel;
        this.local = local;
    }

    @Override
    String kind() {
        return "LISTEN";
    }

    /** skynet's listen answers with a connect message that carries the bound address and port. */
    void announce() {
        deliver(connectMessage());
    }

    private SocketMessage connectMessage() {
        return SocketMessage.of(SocketMessage.CONNECT, id, local.getPort(), local.getAddress().getHostAddress());
    }

    @Override
    void start(int service) {
        claim(service, connectMessage());
        if (started.compareAndSet(false, true)) driver.thread("socket:" + id + ":accept", this::acceptLoop);
    }

    private void acceptLoop() {
        try {
            for (;;) {
                SocketChannel c = channel.accept();
                accepted.incrementAndGet();
                rtime = driver.now();
                StreamConn conn = driver.adopt(c, owner);
                if (conn == null) return;   // the node is closing
                if (!deliver(new SocketMessage(SocketMessage.ACCEPT, id, conn.id, conn.peer().getBytes(), null, null)))
                    conn.discard();
            }
        } catch (ClosedChannelException e) {
            discard();
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (end(SocketMessage.of(SocketMessage.ERROR, id, 0, "accept: " + why))) release();
        }
    }

    @Override
    void close() {
        shutdown();
    }

    @Override
    void release() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to tell
        }
    }

    @Override
    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "LISTEN");
        m.put("accept", accepted.get());
        m.put("sock", SocketDriver.format(local));
        return m;
    }
}
