package io.skyloom.lua.tls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.luaj.vm2.LuaError;

/**
 * ltls's tls context on an SSLEngine: bytes from the peer go in (handshake, read), bytes
 * for the peer come out (handshake, write), and the caller moves them over its socket,
 * as skynet's tlshelper does with OpenSSL's memory BIOs. Owned by one service's task.
 */
final class TlsSession {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private ByteBuffer netIn = ByteBuffer.allocate(0);     // read mode: what came from the peer, not yet unwrapped
    private final ByteArrayOutputStream early = new ByteArrayOutputStream();   // application bytes that came with the handshake
    private boolean begun, finished, closed;

    TlsSession(SSLEngine engine) {
        this.engine = engine;
    }

    boolean finished() {
        return finished;
    }

    /** Feeds the peer's bytes to the handshake; returns the bytes to send it (maybe none). */
    byte[] handshake(byte[] in) {
        if (finished) throw new LuaError("handshake is finished");
        live();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!begun) {
                engine.beginHandshake();
                begun = true;
            }
            feed(in);
            for (;;) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_WRAP -> wrap(EMPTY, out);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrap(early)) return out.toByteArray();   // more bytes from the peer needed
                    }
                    case NEED_TASK -> {
                        for (Runnable t; (t = engine.getDelegatedTask()) != null; ) t.run();
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        finished = true;
                        return out.toByteArray();
                    }
                }
                if (engine.isOutboundDone() && engine.isInboundDone()) throw new LuaError("tls handshake: the peer closed");
            }
        } catch (SSLException e) {
            throw new LuaError("tls handshake failed: " + e.getMessage());
        }
    }

    /**
     * Feeds the peer's bytes; returns the plaintext they held, and any held back from
     * earlier (maybe none). read("") drains what came in with the handshake's last bytes.
     */
    byte[] read(byte[] in) {
        live();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (early.size() > 0) {
            out.writeBytes(early.toByteArray());
            early.reset();
        }
        feed(in);
        if (!finished) return out.toByteArray();   // kept for after the handshake
        try {
            while (netIn.hasRemaining() && unwrap(out)) {
                if (engine.isInboundDone()) break;
            }
        } catch (SSLException e) {
            throw new LuaError("tls read failed: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** The bytes that carry {@code plain} to the peer. */
    byte[] write(byte[] plain) {
        live();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer src = ByteBuffer.wrap(plain);
        try {
            do {
                wrap(src, out);
            } while (src.hasRemaining());
        } catch (SSLException e) {
            throw new LuaError("tls write failed: " + e.getMessage());
        }
        return out.toByteArray();
    }

    void close() {
        if (closed) return;
        closed = true;
        engine.closeOutbound();
    }

    private void live() {
        if (closed) throw new LuaError("the tls context is closed");
    }

    private void feed(byte[] in) {
        if (in == null || in.length == 0) return;
        ByteBuffer b = ByteBuffer.allocate(netIn.remaining() + in.length);
        b.put(netIn).put(in).flip();
        netIn = b;
    }

    private void wrap(ByteBuffer src, ByteArrayOutputStream out) throws SSLException {
        ByteBuffer dst = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        for (;;) {
            SSLEngineResult r = engine.wrap(src, dst);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                dst = ByteBuffer.allocate(dst.capacity() * 2);
                continue;
            }
            out.write(dst.array(), 0, dst.position());
            if (r.getStatus() == Status.CLOSED && src.hasRemaining()) throw new LuaError("tls write: the session is closed");
            return;
        }
    }

    /** One unwrap into {@code out}; false when a whole record has not arrived yet. */
    private boolean unwrap(ByteArrayOutputStream out) throws SSLException {
        ByteBuffer dst = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        for (;;) {
            SSLEngineResult r = engine.unwrap(netIn, dst);
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> dst = ByteBuffer.allocate(dst.capacity() * 2);
                case BUFFER_UNDERFLOW -> {
                    return false;
                }
                case CLOSED -> {
                    out.write(dst.array(), 0, dst.position());
                    return false;
                }
                case OK -> {
                    out.write(dst.array(), 0, dst.position());
                    return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || r.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP;
                }
            }
        }
    }
}
