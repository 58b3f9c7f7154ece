package io.skyloom.launcher;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A keep-alive HTTP/1.1 load generator on raw sockets: N connections, each a virtual
 * thread that sends one GET, reads its whole response (Content-Length framed), and
 * sends the next, for a given time. Not pipelined (skynet's httpd drops bytes after a
 * request). Each thread owns its connection and its latency samples; the counters are
 * atomics, read once all threads ended.
 */
final class HttpLoad {

    /** What a run did: responses, failed connections, seconds, and latency percentiles in microseconds. */
    record Result(long requests, long errors, double seconds, double p50, double p99, double max) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private HttpLoad() {}

    static Result run(int port, String path, int connections, Duration length) throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        AtomicLong done = new AtomicLong(), errors = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        long end = t0 + length.toNanos();
        for (int i = 0; i < connections; i++) {
            long[] mine = new long[1 << 16];      // every 16th latency, a ring
            samples.add(mine);
            threads.add(Thread.ofVirtual().name("http-load-" + i).start(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(30_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    long n = 0;
                    for (long now = System.nanoTime(); now < end; n++) {
                        out.write(request);
                        out.flush();
                        readResponse(in);
                        long after = System.nanoTime();
                        if ((n & 15) == 0) mine[(int) ((n >> 4) % mine.length)] = Math.max(1, after - now);
                        now = after;
                        done.incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] all = samples.stream().flatMapToLong(Arrays::stream).filter(x -> x > 0).sorted().toArray();
        if (all.length == 0) return new Result(done.get(), errors.get(), seconds, 0, 0, 0);
        return new Result(done.get(), errors.get(), seconds, all[all.length / 2] / 1e3,
                all[(int) (all.length * 0.99)] / 1e3, all[all.length - 1] / 1e3);
    }

    /** One GET on a connection of its own; returns the status code. */
    static int get(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return readResponse(new BufferedInputStream(s.getInputStream()));
        }
    }

    /** Reads one response (head, then a Content-Length body); returns its status. */
    static int readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) throw new IOException("the server closed the connection");
            head.append((char) c);
            if (c == '\n' && (matched == 1 || matched == 3)) matched++;
            else if (c == '\r') matched = matched == 2 ? 3 : 1;
            else matched = 0;
        }
        String h = head.toString();
        int length = 0;
        for (String line : h.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length"))
                length = Integer.parseInt(line.substring(colon + 1).trim());
        }
        in.skipNBytes(length);
        return Integer.parseInt(h.substring(9, 12));
    }
}
