package io.skyloom.lua.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP socket: a receiver virtual thread delivers each datagram with its sender's address
 * ("host:port", which sendto and udp_address take back). Sends go out on the caller's
 * thread: a datagram is never queued behind a slow peer, and a full kernel buffer drops it,
 * as UDP does. Received datagrams waiting for the owner to take them in hold at most
 * {@link #IN_FLIGHT} bytes; past that, new ones are dropped (and counted in netstat's
 * "dropped"), as a full socket buffer would drop them, so a flood cannot fill the heap.
 */
final class UdpSock extends Sock {

    private final DatagramChannel channel;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    static final long IN_FLIGHT = 1 << 20;
    private final AtomicLong inFlight = new AtomicLong();   // delivered, not yet taken in
    private final AtomicLong dropped = new AtomicLong();
    private volatile SocketAddress peer;   // udp_connect's default destination

    UdpSock(SocketDriver driver, int id, int owner, DatagramChannel channel) {
        super(driver, id, owner);
        this.channel = channel;
    }

    @Override
    String kind() {
        return "UDP";
    }

    void open() {
        driver.thread("socket:" + id + ":udp", this::receiveLoop);
    }

    @Override
    void start(int service) {
        claim(service, null);
    }

    void connect(SocketAddress to) {
        peer = to;
    }

    boolean send(SocketAddress to, byte[] data) throws IOException {
        SocketAddress dest = to == null ? peer : to;
        if (dest == null) throw new SocketRefused("udp socket " + id + " has no peer: use sendto or udp_connect first");
        if (ended()) return false;
        channel.send(ByteBuffer.wrap(data), dest);
        sent.addAndGet(data.length);
        wtime = driver.now();
        return true;
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try {
            for (;;) {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                buf.flip();
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                received.addAndGet(data.length);
                rtime = driver.now();
                if (inFlight.addAndGet(data.length) > IN_FLIGHT && data.length > 0) {
                    inFlight.addAndGet(-data.length);
                    dropped.incrementAndGet();
                    continue;
                }
                String addr = from instanceof InetSocketAddress a ? SocketDriver.format(a) : String.valueOf(from);
                if (!deliver(new SocketMessage(SocketMessage.UDP, id, data.length, data, addr, this)))
                    inFlight.addAndGet(-data.length);
            }
        } catch (ClosedChannelException e) {
            discard();
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (end(SocketMessage.of(SocketMessage.ERROR, id, 0, why))) release();
        }
    }

    @Override
    void taken(int n) {
        inFlight.addAndGet(-n);
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
        m.put("type", "UDP");
        m.put("read", received.get());
        m.put("dropped", dropped.get());
        m.put("write", sent.get());
        try {
            if (channel.getLocalAddress() instanceof InetSocketAddress local) m.put("sock", SocketDriver.format(local));
        } catch (IOException closed) {
            // no local address to show
        }
        SocketAddress p = peer;
        if (p instanceof InetSocketAddress a) m.put("peer", SocketDriver.format(a));
        return m;
    }
}
