package io.skyloom.lua.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP connection: a blocking {@link SocketChannel} with a reader virtual thread (once
 * started) that delivers what arrives to the owner, in order, and a writer virtual
 * thread that sends what the owner queued, so a write never blocks the service.
 *
 * <p>Bounds: the reader has at most {@link #IN_FLIGHT} bytes delivered and not yet taken
 * in by the owner's Lua code (it waits for permits, which {@code socketdriver.unpack}
 * gives back), so a service that falls behind slows its peer down instead of filling the
 * heap. Pending writes are not bounded, as in skynet; past {@link #WARN_AT} the owner gets
 * a warning message, again at every doubling, and one with 0 once they are all sent.
 */
public final class StreamConn extends Sock {

    static final int CHUNK = 64 * 1024;
    static final int IN_FLIGHT = 1 << 20;
    static final long WARN_AT = 1 << 20;
    private static final Object FLUSH_AND_CLOSE = new Object();
    /** A closed connection reads and drops what its peer still sends for at most this long, */
    static final long LINGER_MS = 2000;
    /** or this many bytes, whichever comes first (see {@link #linger}). */
    static final long LINGER_BYTES = 16 << 20;

    private final SocketChannel channel;
    private final LinkedBlockingQueue<Object> writes = new LinkedBlockingQueue<>();   // byte[] or FLUSH_AND_CLOSE
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ReentrantLock pauseLock = new ReentrantLock();
    private final Condition resumed = pauseLock.newCondition();

    private final AtomicLong pending = new AtomicLong();   // bytes queued and not yet written
    private final AtomicLong readBytes = new AtomicLong();
    private final AtomicLong writtenBytes = new AtomicLong();
    private volatile long warnAt = WARN_AT;                // under the owner's write calls and the writer
    private volatile boolean paused;                       // set by the owner, read by the reader
    private volatile boolean closing;                      // close asked: no more writes
    private volatile boolean lingering;                    // closed; what still arrives is dropped
    private long drained;                                  // bytes dropped while lingering (the reading thread's)
    private volatile Thread reader;                        // set once, by start
    private volatile Thread writerThread;
    private volatile Thread lingerTimer;                   // ends a linger that lasts too long
    private volatile String peer;                          // "host:port", once connected

    StreamConn(SocketDriver driver, int id, int owner, SocketChannel channel) {
        super(driver, id, owner);
        this.channel = channel;
        this.peer = describe(channel);
    }

    private static String describe(SocketChannel ch) {
        try {
            return ch.getRemoteAddress() instanceof InetSocketAddress a ? SocketDriver.format(a) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    String kind() {
        return "TCP";
    }

    String peer() {
        return peer;
    }

    /**
     * socket.open's side: resolves and connects on this (virtual) thread, then says
     * connect and starts reading, as skynet starts a connection it opened; or says error.
     */
    void connect(String host, int port) {
        try {
            channel.socket().connect(new InetSocketAddress(InetAddress.getByName(host), port), SocketDriver.CONNECT_TIMEOUT_MS);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (end(SocketMessage.of(SocketMessage.ERROR, id, 0, "connect " + host + ":" + port + " failed: " + why))) release();
            return;
        }
        peer = describe(channel);
        try {
            open();
            start(owner);
        } catch (SocketRefused closing) {
            discard();   // the node closes: nobody is left to tell
        }
    }

    /** Starts the writer; the reader waits for {@link #start}. */
    void open() {
        writerThread = driver.thread("socket:" + id + ":write", this::writeLoop);
    }

    @Override
    void start(int service) {
        claim(service, SocketMessage.of(SocketMessage.CONNECT, id, port(), peerHost()));
        resume();
        if (reader == null && !ended()) startReader();
    }

    private void startReader() {
        pauseLock.lock();
        try {
            if (reader == null) reader = driver.thread("socket:" + id + ":read", this::readLoop);
        } finally {
            pauseLock.unlock();
        }
    }

    private int port() {
        int colon = peer.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(peer.substring(colon + 1));
    }

    private String peerHost() {
        int colon = peer.lastIndexOf(':');
        return colon < 0 ? peer : peer.substring(0, colon);
    }

    void nodelay() {
        try {
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException ignored) {
            // a closed connection has no delay to change
        }
    }

    void pause() {
        paused = true;
    }

    private void resume() {
        pauseLock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            pauseLock.unlock();
        }
    }

    /** The owner's Lua code took {@code n} delivered bytes in. */
    @Override
    void taken(int n) {
        inFlight.release(n);
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try {
            for (;;) {
                awaitResume();
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    if (end(SocketMessage.of(SocketMessage.CLOSE, id, 0, null)) || lingering) release();
                    return;
                }
                if (n == 0) continue;
                if (lingering) {
                    if ((drained += n) > LINGER_BYTES) {
                        release();
                        return;
                    }
                    continue;
                }
                byte[] data = new byte[n];
                buf.flip();
                buf.get(data);
                readBytes.addAndGet(n);
                rtime = driver.now();
                inFlight.acquire(n);
                if (!deliver(new SocketMessage(SocketMessage.DATA, id, n, data, null, this))) inFlight.release(n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard();
        } catch (ClosedChannelException e) {
            // closed by close/shutdown, which said so, or by the node closing
            discard();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void awaitResume() throws InterruptedException {
        if (!paused) return;
        pauseLock.lock();
        try {
            while (paused && !ended()) resumed.await();
        } finally {
            pauseLock.unlock();
        }
    }

    private void fail(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (end(SocketMessage.of(SocketMessage.ERROR, id, 0, why))) release();
    }

    /** Queues {@code data}; false when the connection is closing or gone. */
    boolean write(byte[] data) {
        if (closing || ended()) return false;
        if (data.length == 0) return true;
        long p = pending.addAndGet(data.length);
        writes.add(data);
        long at = warnAt;
        if (p >= at) {
            while (p >= at) at *= 2;
            warnAt = at;
            deliver(SocketMessage.of(SocketMessage.WARNING, id, (int) Math.min(Integer.MAX_VALUE, p / 1024), null));
        }
        return true;
    }

    private void writeLoop() {
        try {
            for (;;) {
                Object item = writes.take();
                if (item == FLUSH_AND_CLOSE) {
                    if (end(SocketMessage.of(SocketMessage.CLOSE, id, 0, null))) linger();
                    return;
                }
                byte[] data = (byte[]) item;
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) channel.write(b);
                writtenBytes.addAndGet(data.length);
                wtime = driver.now();
                if (pending.addAndGet(-data.length) == 0 && warnAt > WARN_AT) {
                    warnAt = WARN_AT;
                    deliver(SocketMessage.of(SocketMessage.WARNING, id, 0, null));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard();
        } catch (ClosedChannelException e) {
            discard();
        } catch (IOException e) {
            fail(e);
        }
    }

    /**
     * A lingering close, as HTTP servers do it: the peer gets what we wrote and then our
     * end (FIN), and what it still sends is read and dropped until it ends too, for at
     * most {@link #LINGER_MS} or {@link #LINGER_BYTES}. Closing at once with unread input
     * would make the OS reset the connection, and a peer still sending (say, a request
     * body refused as too big) would lose the answer that says why.
     */
    private void linger() {
        lingering = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            release();
            return;
        }
        try {
            lingerTimer = driver.thread("socket:" + id + ":linger", () -> {
                try {
                    Thread.sleep(LINGER_MS);
                } catch (InterruptedException ended) {
                    return;   // released already, or the node closes (which closes every socket)
                }
                release();
            });
        } catch (SocketRefused nodeClosing) {
            release();
            return;
        }
        if (reader != null) {
            resume();    // a paused reader drains too
            return;
        }
        ByteBuffer scratch = ByteBuffer.allocate(CHUNK);
        try {
            for (int n; (n = channel.read(scratch)) >= 0 && (drained += n) <= LINGER_BYTES; ) scratch.clear();
        } catch (IOException closedMeanwhile) {
            // the timer or the node closed it
        }
        release();
    }

    @Override
    void close() {
        if (closing) return;
        closing = true;
        writes.add(FLUSH_AND_CLOSE);
    }

    @Override
    void release() {
        writes.clear();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing more to tell anyone
        }
        resume();
        // a thread parked on the queue or on read permits wakes up and ends
        for (Thread t : new Thread[] {writerThread, reader, lingerTimer})
            if (t != null && t != Thread.currentThread()) t.interrupt();
    }

    @Override
    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "TCP");
        m.put("read", readBytes.get());
        m.put("write", writtenBytes.get());
        m.put("wbuffer", pending.get());
        m.put("reading", reader != null && !paused);
        m.put("writing", pending.get() > 0);
        m.put("peer", peer);
        return m;
    }
}
