package io.skyloom.foreign.harbor;

import io.skyloom.core.ConfigException;
import io.skyloom.core.Handle;
import io.skyloom.core.PType;
import io.skyloom.core.Transport;
import io.skyloom.core.kernel.RemoteError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * skynet's harbor between the JVMs of one host, on Chronicle Queue: every node reads one
 * queue (its own, in the transport folder) and appends to the queues of the nodes it
 * sends to. A sender appends its frame itself, in the peer's {@link Outbox} (one
 * appender per peer, under a lock). A node has two platform threads of its own: the
 * reader, which owns the node's tailer (Chronicle wants a tailer on one thread) and
 * hands each frame to the kernel; and the watch, which writes the node's heartbeat and
 * reads its peers'. A peer whose beat is older than {@link #DOWN_NANOS}
 * (killed, crashed, stopped with SIGSTOP) or whose beat file is gone (closed) is down:
 * every call waiting on it fails, new sends to it fail at once. A peer that comes back
 * with a new incarnation is reachable again; frames of or for its old incarnation are
 * dropped. A restarted node reads its queue from the end: what was sent to its earlier
 * incarnation and not read is not delivered. A payload of {@link BlockArea#MIN_PAYLOAD}
 * bytes or more travels in a block of the sender's {@link BlockArea} for the receiver,
 * its frame only naming the block: the reader decodes it from there and frees it.
 *
 * <p>Thread-safe. Fields below "reader" and "watch" belong to that thread.
 */
public final class ChronicleTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.harbor");
    /** A beat older than this means the peer is down: six missed beats. */
    static final long DOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(600);
    /**
     * How long the reader spins after a frame before it sleeps on its bell
     * (-Dskyloom.harbor.spinMicros). Waking a sleeping reader costs a ring and a wake-up
     * on both sides, and a node whose callers stalled a moment (a GC, the OS giving their
     * core to the other process) found the peer's reader asleep: with 50 us, 1-3 % of a
     * sequential caller's calls took 0.3-0.4 ms (p99 0.3-0.4 ms); with 1 ms, p99 13-52 us.
     * The spin yields its carrier at each turn, so it holds a core only while nothing else
     * of the node wants to run.
     */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("skyloom.harbor.spinMicros", 1000));
    /**
     * How long the reader spins after this node sent a request, when the reply may come
     * soon (-Dskyloom.harbor.callSpinMicros): a reply that finds the reader awake needs no
     * ring and no wake-up. No request, no spin.
     */
    static final long CALL_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("skyloom.harbor.callSpinMicros", 200));
    /**
     * The reader is a virtual thread (-Dskyloom.harbor.virtualReader=false: a platform
     * one). Its spin yields its carrier to the task it just woke, so a hop needs no carrier
     * wake-up and no second core: between two JVMs on 2 vCPUs, a Java caller's sequential
     * calls to a Lua echo had a p50 of 2.3-4.3 us and a p99 of 13-52 us (the kernel's own
     * spins off while the reader spins, see {@link Inbox#readerSpinning}); the platform
     * reader's hop through a carrier wake-up gave a p50 of 25-50 us and a p99 of 0.1-0.5 ms.
     * Calls 5 ms apart, which find both readers asleep: p50 0.3-0.5 ms with either, p90
     * 1.2-1.4 ms with the virtual one against 0.4-1.1 ms (the node's idle carriers must wake
     * before the reader runs; blocking on the bell from a platform thread that unparks the
     * virtual reader measured the same).
     */
    static final boolean VIRTUAL_READER = !"false".equals(System.getProperty("skyloom.harbor.virtualReader"));
    /**
     * A payload this big (-Dskyloom.harbor.quietAfterKiB, 4 MiB) takes its sender longer to
     * copy into its block than a sleeping reader takes to wake (0.2-0.3 ms), and the sender
     * rings before it copies ({@link Outbox}): so the reader does not spin after reading
     * one. On 2 cores the spins of two readers took the CPU the copies needed (8 MB copies
     * 0.35 ms alone, p90 1.1-1.4 ms beside them). After sending one as a request, the
     * reader's spin for the reply counts from when it is in the queue, since the copy
     * outlasts the spin and the reply (an echo) may come right after.
     */
    static final int QUIET_AFTER = (int) Math.min(Integer.MAX_VALUE, Long.getLong("skyloom.harbor.quietAfterKiB", 4096) << 10);
    /** The longest a sleeping reader waits for a ring before it looks at its queue anyway. */
    static final int WAIT_MILLIS = 20;

    private final HarborFolder folder;
    private final int me;
    private final long incarnation;
    private final FileLock lock;
    private final ConcurrentHashMap<Integer, Peer> peers = new ConcurrentHashMap<>();
    private final ReentrantLock transitions = new ReentrantLock();   // peer up/down changes, one at a time
    private final ConcurrentHashMap<Integer, Outbox> outboxes = new ConcurrentHashMap<>();
    private final FrameLog frameLog = new FrameLog(LOG);
    private final BlockArea.Readers areas;     // the reader's: the peers' block areas it mapped

    private Thread readerThread, watchThread;
    private java.net.DatagramSocket ringer;    // set in attach before any thread uses it; rings peers' bells (null: they wake within their wait)
    private volatile Inbox inbox;
    private boolean lastWasBig;                  // the reader's: the frame it read last named a payload of QUIET_AFTER bytes or more
    private volatile long lastRequestNanos;    // when this node last sent a request: the reader spins a while after it
    private volatile boolean closing;
    // After this node's own stall (watch): a peer whose last beat came after stallFrom
    // less two beats is not judged before judgeAfter.
    private volatile long stallFrom, judgeAfter = System.nanoTime();
    private static final long BEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(HarborFolder.BEAT_MILLIS);

    /** A peer as last seen: which incarnation, and whether it counts as up. */
    record Peer(long incarnation, boolean up) {}

    public ChronicleTransport(Path dir, int nodeId) {
        if (nodeId < 1 || nodeId > Handle.MAX_NODE_ID)
            throw new ConfigException("harbor", "a node on a transport folder needs an id of 1 to 255, not " + nodeId);
        this.folder = new HarborFolder(dir);
        this.me = nodeId;
        long inc;
        do inc = ThreadLocalRandom.current().nextLong(); while (inc == 0);
        this.incarnation = inc;
        this.areas = new BlockArea.Readers(folder, nodeId, inc);
        this.lastRequestNanos = System.nanoTime() - CALL_SPIN_NANOS;   // no request yet: nothing to spin for
        this.lock = folder.lock(nodeId);
    }

    long incarnation() {
        return incarnation;
    }

    /** The reader's thread, once attached (for tests). */
    Thread readerThread() {
        return readerThread;
    }

    @Override
    public void attach(Inbox in) {
        if (in.nodeId() != me) throw new IllegalArgumentException("transport of node " + me + " attached to node " + in.nodeId());
        this.inbox = in;
        // The ringer comes before the reader and the first beat: the answer to a peer's
        // first request opens an outbox, which keeps the ringer it was given.
        try {
            ringer = new java.net.DatagramSocket(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        } catch (java.net.SocketException e) {
            LOG.warn("node {} cannot open a loopback socket to wake its peers: {}", me, e.getMessage());
        }
        // The reader opens the queue on its own thread (Chronicle checks that a tailer
        // stays on one) and is at its end before the first beat tells peers to send.
        java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
        Thread.Builder reader = VIRTUAL_READER ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        readerThread = reader.name("harbor-reader:" + me).start(() -> read(ready));
        FileChannel beat;
        try {
            ready.get(30, TimeUnit.SECONDS);
            beat = folder.openBeat(me);
            folder.writeBeat(beat, me, incarnation);
        } catch (Exception e) {
            closing = true;
            if (ringer != null) ringer.close();
            release();
            Throwable why = e instanceof java.util.concurrent.ExecutionException ee ? ee.getCause() : e;
            throw new ConfigException("transport", "cannot open node " + me + "'s queue in " + folder.dir() + ": " + why);
        }
        watchThread = Thread.ofPlatform().daemon().name("harbor-watch:" + me).start(() -> watch(beat));
        for (int id : folder.beatingNodes()) if (id != me) refresh(id);
        LOG.info("node {} joined the harbor in {}", me, folder.dir());
    }

    // ---- sending (any thread) -----------------------------------------------------------

    @Override
    public boolean send(int source, int destination, int type, int session, Object payload) {
        int node = Handle.nodeId(destination);
        if (closing || node == me || node == 0) return false;
        Peer p = peers.get(node);
        if (p == null || !p.up()) p = refresh(node);
        if (p == null || !p.up()) return false;
        Payloads.Wire w = Payloads.encode(type, payload, node, p.incarnation());
        try {
            if (w.length() > Frame.MAX_PAYLOAD)
                throw new IllegalArgumentException("message of " + w.length() + " bytes is over the " + Frame.MAX_PAYLOAD
                        + "-byte limit of a frame between processes");
            Outbox box = outbox(node);
            if (box == null) return false;
            boolean request = session != 0 && !PType.isReply(w.type());
            if (request) lastRequestNanos = System.nanoTime();
            boolean sent = box.append(p.incarnation(), source, destination, session, w);
            if (sent) w.sent();
            // Again once in the queue: a big payload's copy into its block outlasts the
            // spin, and its reply (an echo, say) can come right after it lands.
            if (request && w.length() >= QUIET_AFTER) lastRequestNanos = System.nanoTime();
            return sent;
        } finally {
            w.release();
        }
    }

    /** The outbox to node {@code node}, opened at the first send; null (and logged) when its queue cannot be opened. */
    private Outbox outbox(int node) {
        Outbox box = outboxes.get(node);
        if (box != null) return box;
        try {
            box = outboxes.computeIfAbsent(node, n -> Outbox.open(folder, me, incarnation, n, ringer));
            if (closing) box.close();        // opened while close() closed the others: append refuses it
            return box;
        } catch (RuntimeException e) {
            frameLog.dropped("cannot open node " + node + "'s queue: " + e.getMessage());
            return null;
        }
    }

    // ---- receiving (the reader) ---------------------------------------------------------

    private void read(java.util.concurrent.CompletableFuture<Void> ready) {
        ChronicleQueue own;
        ExcerptTailer tailer;
        Doorbell bell;
        try {
            own = folder.openQueue(me);
            tailer = own.createTailer().toEnd();     // an earlier incarnation's unread frames are not ours
            bell = Doorbell.open(folder.bell(me), me);
        } catch (RuntimeException | IOException e) {
            ready.completeExceptionally(e);
            return;
        }
        ready.complete(null);
        byte[] head = new byte[Frame.HEADER];
        long idleSince = 0;
        Inbox in = inbox;
        boolean spinning = false;    // told to the kernel, whose callers and runners then do not spin
        try {
            while (!closing) {
                if (readOne(tailer, head)) {
                    idleSince = lastWasBig ? System.nanoTime() - SPIN_NANOS : 0;    // after a big one, no spin
                    continue;
                }
                // Spin a moment after traffic (frames of a burst come close together) and
                // after a request of this node (its reply then needs no ring), then sleep on
                // the bell: mark asleep, look once more, wait for a ring. Measured on 2
                // vCPUs: napping instead (10-200 us) made a call's p50 240-300 us, as each
                // hop waited out a nap. The spin yields: on 2 cores the threads it waits for
                // (the service that answers, the caller it wakes) need the core it holds;
                // with onSpinWait the call's p50 was 110-210 us, with yield 58-60 us.
                long now = System.nanoTime();
                if (idleSince == 0) idleSince = now;
                if (now - idleSince < SPIN_NANOS || now - lastRequestNanos < CALL_SPIN_NANOS) {
                    if (!spinning) in.readerSpinning(spinning = true);
                    Thread.yield();
                    continue;
                }
                if (spinning) in.readerSpinning(spinning = false);
                bell.sleeping();
                if (readOne(tailer, head)) {
                    bell.awake();
                    idleSince = 0;
                } else if (!bell.await(WAIT_MILLIS)) {
                    return;
                }
            }
        } finally {
            if (spinning) in.readerSpinning(false);
            bell.close();
            tailer.close();
            own.close();
        }
    }

    /**
     * Reads the next frame, if any, and hands it on. Its header is checked in a copy; its
     * payload is copied once, from the mapped queue into the array the frame keeps.
     */
    private boolean readOne(ExcerptTailer tailer, byte[] head) {
        Frame f;
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) return false;
            Bytes<?> b = dc.wire().bytes();
            long n = b.readRemaining();
            if (n > Frame.HEADER + Frame.MAX_PAYLOAD) {
                frameLog.dropped("a frame of " + n + " bytes, over the " + Frame.MAX_PAYLOAD + "-byte limit of its payload");
                return true;
            }
            int h = (int) Math.min(n, Frame.HEADER);
            b.read(head, 0, h);
            f = Frame.decode(ByteBuffer.wrap(head, 0, h), (int) n, p -> b.read(p));
        } catch (Frame.BadFrame e) {
            frameLog.dropped(e.getMessage());
            return true;
        }
        lastWasBig = f.kind() == Payloads.BLOCK && BlockArea.Ref.length(f.payload()) >= QUIET_AFTER;
        try {
            receive(f);
        } catch (RuntimeException e) {      // the reader must outlive any one frame
            frameLog.dropped("a frame the kernel refused: " + e);
        }
        return true;
    }

    /** The bytes an echo from node {@code sender} names in this node's own area for it (reader thread). */
    private BlockArea.Echoed echo(int sender, long senderIncarnation, long offset, long sequence, int at, int length)
            throws Frame.BadFrame {
        Outbox box = outboxes.get(sender);
        if (box == null) throw new Frame.BadFrame("an echo from node " + sender + ", to which node " + me + " sent no block");
        return box.echo(senderIncarnation, offset, sequence, at, length);
    }

    /** One frame from the queue: untrusted bytes. */
    void receive(byte[] bytes) {
        Frame f;
        try {
            f = Frame.decode(bytes, bytes.length);
        } catch (Frame.BadFrame e) {
            frameLog.dropped(e.getMessage());
            return;
        }
        receive(f);
    }

    /** One frame whose header decoded: its fields are still untrusted. */
    private void receive(Frame f) {
        if (f.receiverIncarnation() != incarnation) return;          // for an earlier incarnation of this node
        if (Handle.nodeId(f.destination()) != me) {
            frameLog.dropped("a frame for " + Handle.format(f.destination()) + " in node " + me + "'s queue");
            return;
        }
        if (Handle.nodeId(f.source()) != f.senderNode()) {
            frameLog.dropped("a frame from node " + f.senderNode() + " naming source " + Handle.format(f.source()));
            return;
        }
        Peer p = peers.get(f.senderNode());
        if (p == null || p.incarnation() != f.senderIncarnation()) p = refresh(f.senderNode());
        if (p == null || p.incarnation() != f.senderIncarnation()) return;   // from an incarnation that is gone
        Payloads.Delivered d;
        try {
            d = Payloads.decode(f, areas, this::echo);
        } catch (Frame.BadFrame e) {
            frameLog.dropped("from node " + f.senderNode() + ": " + e.getMessage());
            if (f.session() != 0 && !PType.isReply(f.type()))
                inbox.deliver(f.destination(), f.source(), PType.ERROR, f.session(),
                        new RemoteError("node " + me + " could not read the request: " + e.getMessage(), "", false));
            return;
        }
        if (d.type() < 0 || d.type() > 255) return;
        inbox.deliver(f.source(), f.destination(), d.type(), f.session(), d.payload());
    }

    // ---- liveness (the watch, and senders meeting an unknown peer) ----------------------

    private void watch(FileChannel beat) {
        long lastRound = 0;
        try {
            while (!closing) {
                long now = System.nanoTime();
                // This thread itself did not run for a while (a GC pause, a starved or
                // stopped process): a peer that was beating when the stall began may have
                // stalled with it and had no chance to beat since, so it gets two beats'
                // time before it is judged. Once per hold-off: stalls that follow one
                // another do not extend it, and a peer silent since before the stall is
                // judged at once.
                if (lastRound != 0 && now - lastRound > DOWN_NANOS / 2 && now - judgeAfter >= 0) {
                    stallFrom = lastRound;
                    judgeAfter = now + 2 * BEAT_NANOS;
                }
                lastRound = now;
                try {
                    folder.writeBeat(beat, me, incarnation);
                } catch (IOException e) {
                    LOG.warn("node {} cannot write its heartbeat in {}: {}", me, folder.dir(), e.getMessage());
                }
                java.util.Set<Integer> seen = new java.util.HashSet<>(folder.beatingNodes());
                seen.addAll(peers.keySet());
                for (int id : seen) if (id != me) refresh(id);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(HarborFolder.BEAT_MILLIS));
            }
        } finally {
            try {
                beat.close();
            } catch (IOException ignored) {
                // the beat file goes anyway
            }
        }
    }

    /** Reads node {@code id}'s beat and records what it says, telling the kernel of a peer gone. */
    private Peer refresh(int id) {
        HarborFolder.Beat b = folder.readBeat(id);
        long at = System.nanoTime();
        boolean fresh = b != null && at - b.nanos() < DOWN_NANOS;
        if (!fresh && b != null && at - judgeAfter < 0 && b.nanos() - (stallFrom - 2 * BEAT_NANOS) >= 0)
            return peers.get(id);   // it beat until this node stalled: not judged yet (see watch)
        String downReason = null;
        Peer now;
        transitions.lock();
        try {
            Peer was = peers.get(id);
            if (fresh) {
                now = new Peer(b.incarnation(), true);
                if (was != null && was.up() && was.incarnation() != b.incarnation()) downReason = "it restarted";
            } else {
                now = was == null ? null : new Peer(was.incarnation(), false);
                if (was != null && was.up()) downReason = b == null ? "it closed" : "it stopped beating (last beat "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - b.nanos()) + " ms ago)";
            }
            if (now == null) peers.remove(id);
            else peers.put(id, now);
            if (downReason != null && inbox != null) inbox.peerDown(id, downReason);
            if (fresh && (was == null || !was.up() || was.incarnation() != b.incarnation())) {
                LOG.info("node {} sees node {} up (process {})", me, id, b.pid());
                if (inbox != null) inbox.peerUp(id);
            }
        } finally {
            transitions.unlock();
        }
        return now;
    }

    // ---- global names (any thread) ------------------------------------------------------

    private final java.util.Set<String> myNames = ConcurrentHashMap.newKeySet();   // names this node bound

    @Override
    public boolean reachable(int nodeId) {
        if (nodeId == me) return true;
        Peer p = peers.get(nodeId);
        if (p == null || !p.up()) p = refresh(nodeId);
        return p != null && p.up();
    }

    @Override
    public void registerName(String name, int handle) {
        int node = Handle.nodeId(handle);
        long inc = node == me ? incarnation : peers.getOrDefault(node, new Peer(0, false)).incarnation();
        folder.writeName(name, handle, inc);
        if (node == me) myNames.add(name);
    }

    @Override
    public int queryName(String name) {
        HarborFolder.Name n = folder.readName(name);
        if (n == null) return 0;
        int node = Handle.nodeId(n.handle());
        if (node == me) return n.incarnation() == incarnation ? n.handle() : 0;
        Peer p = peers.get(node);
        if (p == null || !p.up() || p.incarnation() != n.incarnation()) p = refresh(node);
        return p != null && p.up() && p.incarnation() == n.incarnation() ? n.handle() : 0;
    }

    @Override
    public void retireNames(int handle) {
        if (myNames.isEmpty()) return;
        for (String name : myNames) {
            HarborFolder.Name n = folder.readName(name);
            if (n != null && n.handle() == handle && n.incarnation() == incarnation && folder.removeName(name, n)) myNames.remove(name);
        }
    }

    // ---- close --------------------------------------------------------------------------

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        folder.removeBeat(me);          // peers see this node gone at their next look
        outboxes.values().forEach(Outbox::close);
        Doorbell.Peer own = Doorbell.Peer.of(folder.bell(me), me);
        if (own != null) {               // wake the reader, so it sees closing now rather than after its wait
            try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
                own.ring(s);
            } catch (IOException ignored) {
                // it wakes within its wait
            }
        }
        join(readerThread);
        join(watchThread);
        if (ringer != null) ringer.close();
        release();
    }

    private static void join(Thread t) {
        if (t == null) return;
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release() {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException ignored) {
            // the OS releases it with the process
        }
    }
}
