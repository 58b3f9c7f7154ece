package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.Handle;
import io.skyloom.foreign.Skyloom;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skynet's debug_console service over a real loopback socket, as `nc 127.0.0.1 PORT`
 * would use it: the welcome line, one command per line, results ending in
 * {@code <CMD OK>} or {@code <CMD Error>}, and the console going on after bad input.
 */
class DebugConsoleTest {

    private static final Pattern STARTED = Pattern.compile("Start debug console at ([0-9.]+):(\\d+)");

    @TempDir Path allowed;
    Skyloom node;
    int consoleHandle;
    String host;
    int port;

    /** One connection: lines out, lines in, each read with a deadline (the socket's timeout). */
    static final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        final OutputStream out;

        Client(String host, int port) throws IOException {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        String line() throws IOException {
            return in.readLine();
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Sends a command; returns the lines up to and with its end marker. */
        List<String> command(String line) throws IOException {
            send(line);
            List<String> lines = new ArrayList<>();
            for (;;) {
                String l = in.readLine();
                if (l == null) throw new AssertionError("the console closed after '" + line + "': " + lines);
                lines.add(l);
                if (l.equals("<CMD OK>") || l.equals("<CMD Error>") || l.startsWith("Invalid command")) return lines;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        node = Skyloom.start(NodeConfig.builder().thread(2).servicePath(LuaServiceTest.LUA_DIR + "/?.lua")
                .fileAccess(allowed).build());
        startConsole(0);
    }

    private void startConsole(Object... args) throws Exception {
        try (LogCapture log = new LogCapture()) {
            consoleHandle = node.newservice("debug_console", args);
            assertThat(log.awaitContains("Start debug console at")).isTrue();
            Matcher m = STARTED.matcher(log.text());
            assertThat(m.find()).isTrue();
            host = m.group(1);
            port = Integer.parseInt(m.group(2));
        }
    }

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void welcomesListsAndHelpsAndGoesOnAfterAnUnknownCommandOrABadAddress() throws Exception {
        assertThat(host).isEqualTo("127.0.0.1");   // loopback unless told otherwise
        try (Client c = new Client(host, port)) {
            assertThat(c.line()).isEqualTo("Welcome to skynet console");
            assertThat(c.command("help")).contains("list\tList all the service", "<CMD OK>");
            assertThat(c.command("list")).containsExactly(Handle.format(consoleHandle) + "\tdebug_console 0", "<CMD OK>");
            assertThat(c.command("frobnicate")).containsExactly("Invalid command, type help for command list");
            assertThat(c.command("kill zz")).containsExactly("not an address: zz", "<CMD Error>");
            assertThat(c.command("info .nobody")).containsExactly("no service named .nobody", "<CMD Error>");
            assertThat(c.command("kill")).containsExactly("need an address (:0000000a, .name or hex)", "<CMD Error>");
            assertThat(c.command("ping " + Handle.format(consoleHandle))).hasSize(2).endsWith("<CMD OK>");
        }
    }

    @Test
    void startsServicesAndAsksThemOverTheDebugProtocol() throws Exception {
        try (Client c = new Client(host, port)) {
            c.line();
            List<String> started = c.command("start debug_target");
            assertThat(started).hasSize(2).endsWith("<CMD OK>");
            String target = started.get(0).split("\t")[0];
            assertThat(started.get(0)).isEqualTo(target + "\tdebug_target");

            assertThat(c.command("call " + target + " \"hit\"")).containsExactly("1\t1", "n\t1", "<CMD OK>");
            assertThat(c.command("call " + target + " \"hit\", (")).last().isEqualTo("<CMD Error>");
            assertThat(c.command("info " + target + " x")).containsExactly("target info x, n = 1", "<CMD OK>");
            assertThat(c.command("stat")).anyMatch(l -> l.matches(Pattern.quote(target) + "\tcpu:0\tmessage:\\d+\tmqlen:\\d+\ttask:0"))
                    .last().isEqualTo("<CMD OK>");
            assertThat(c.command("mem")).anyMatch(l -> l.matches(Pattern.quote(target) + "\t[0-9.]+ Kb \\(debug_target\\)"));
            assertThat(c.command("gc")).anyMatch(l -> l.startsWith(target + "\t") && l.endsWith("Kb (debug_target)"));
            assertThat(c.command("task " + target)).containsExactly("<CMD OK>");
            // this very connection: read what was sent so far, written at most a minute ago
            assertThat(c.command("netstat")).anyMatch(l -> l.startsWith("1\t") && l.contains("type:LISTEN"))
                    .anyMatch(l -> l.matches("2\t.*read:\\d+\t.*rtime:[0-9.]+s\t.*type:TCP.*"))
                    .last().isEqualTo("<CMD OK>");
            assertThat(c.command("start no_such_service")).hasSize(2).first().asString()
                    .startsWith("Failed: ").contains("no_such_service");

            assertThat(c.command("kill " + target)).containsExactly(target + "\tdebug_target", "<CMD OK>");
            assertThat(c.command("list")).doesNotContain(target + "\tdebug_target");
            assertThat(c.command("info " + target)).last().isEqualTo("<CMD Error>");

            List<String> unique = c.command("service");
            assertThat(unique).containsExactly("<CMD OK>");
            int u = node.uniqueservice("debug_target");
            assertThat(c.command("service")).containsExactly("debug_target\t" + Handle.format(u), "<CMD OK>");
            assertThat(c.command("exit " + Handle.format(u))).containsExactly("<CMD OK>");
            assertThat(node.whenExited(u).get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void logStartsAServiceWhoseMessagesAreTraced() throws Exception {
        try (Client c = new Client(host, port); LogCapture log = new LogCapture()) {
            c.line();
            List<String> started = c.command("log debug_target");
            assertThat(started).hasSize(2).endsWith("<CMD OK>");
            String target = started.get(0).split("\t")[0];
            assertThat(c.command("call " + target + " \"hit\"")).endsWith("<CMD OK>");
            assertThat(log.awaitContains("<TRACE " + target + "-")).as("the target traces its lua messages").isTrue();
        }
    }

    @Test
    void injectRunsAFileTheNodeAllowsInsideTheTargetAndRefusesOthers(@TempDir Path elsewhere) throws Exception {
        Path script = Files.writeString(allowed.resolve("fix.lua"), "counter.n = 100 print('fixed', counter.n)");
        Path outside = Files.writeString(elsewhere.resolve("evil.lua"), "print('should not run')");
        try (Client c = new Client(host, port)) {
            c.line();
            String target = c.command("start debug_target").get(0).split("\t")[0];
            assertThat(c.command("inject " + target + " " + script)).containsExactly("fixed\t100", "<CMD OK>");
            assertThat(c.command("call " + target + " \"hit\"")).first().isEqualTo("1\t101");
            assertThat(c.command("inject " + target + " " + outside)).hasSize(2).first().asString()
                    .startsWith("Can't open " + outside).contains("not allowed");
            Path broken = Files.writeString(allowed.resolve("broken.lua"), "error('no')");
            assertThat(c.command("inject " + target + " " + broken)).last().isEqualTo("<CMD Error>");
            assertThat(c.command("call " + target + " \"hit\"")).first().isEqualTo("1\t102");
        }
    }

    @Test
    void anHttpGetRunsOneCommandAndCloses() throws Exception {
        try (Client c = new Client(host, port)) {
            assertThat(c.line()).isEqualTo("Welcome to skynet console");
            c.send("GET /list HTTP/1.1\r\nHost: localhost\r\n\r");
            assertThat(c.line()).isEqualTo(Handle.format(consoleHandle) + "\tdebug_console 0");
            assertThat(c.line()).isEqualTo("<CMD OK>");
            assertThat(c.line()).isNull();   // closed
        }
        try (Client c = new Client(host, port)) {
            c.line();
            c.send("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\ngetenv where");
            assertThat(c.line()).isEqualTo("where\tnil");
            assertThat(c.line()).isEqualTo("<CMD OK>");
            assertThat(c.line()).isNull();
        }
    }

    @Test
    void setenvGetenvTraceAndDbgcmdReachTheNodeAndTheServices() throws Exception {
        try (Client c = new Client(host, port); LogCapture log = new LogCapture()) {
            c.line();
            assertThat(c.command("setenv where console")).containsExactly("<CMD OK>");
            assertThat(node.getenv("where")).isEqualTo("console");
            assertThat(c.command("getenv where")).containsExactly("where\tconsole", "<CMD OK>");
            String target = c.command("start debug_target").get(0).split("\t")[0];
            assertThat(c.command("trace " + target + " on")).containsExactly("<CMD OK>");
            assertThat(c.command("call " + target + " \"hit\"")).endsWith("<CMD OK>");
            assertThat(log.awaitContains("<TRACE " + target + "-")).as("the target traces its lua messages").isTrue();
            assertThat(c.command("dbgcmd " + target + " SUPPORT lua")).containsExactly("true", "<CMD OK>");
            assertThat(c.command("dbgcmd " + target + " NOSUCH")).last().isEqualTo("<CMD Error>");
        }
    }

    @Test
    void aLuaServiceStartsOneOnAnAddressAndAPortAndManyClientsAreServedAtOnce() throws Exception {
        try (LogCapture log = new LogCapture()) {
            int starter = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("start", function() return skynet.newservice("debug_console", "127.0.0.1", 0) end)
                    skynet.start(function() end)
                    """);
            consoleHandle = ((Number) node.foreign().call(starter, "start")[0]).intValue();
            assertThat(log.awaitContains("(debug_console)] Start debug console at 127.0.0.1:")).isTrue();
            Matcher m = STARTED.matcher(log.text());
            while (m.find()) port = Integer.parseInt(m.group(2));   // the second console's
        }
        try (Client a = new Client("127.0.0.1", port); Client b = new Client("127.0.0.1", port)) {
            a.line();
            b.line();
            assertThat(a.command("ping " + Handle.format(consoleHandle))).endsWith("<CMD OK>");
            assertThat(b.command("list")).contains(Handle.format(consoleHandle) + "\tdebug_console 127.0.0.1 0");
        }
    }

    @Test
    void badArgumentsFailTheStartNamingWhatIsWrongAndTheNodeGoesOn() throws Exception {
        assertThatThrownBy(() -> node.newservice("debug_console"))
                .hasMessageContaining("debug_console takes a port, or an address and a port, not 0 arguments");
        assertThatThrownBy(() -> node.newservice("debug_console", "eighty"))
                .hasMessageContaining("debug_console: the port is a number, not eighty");
        assertThatThrownBy(() -> node.newservice("debug_console", (long) port))   // taken by the first console
                .isInstanceOf(io.skyloom.core.CallFailedException.class)
                .hasMessageContaining("debug_console: cannot listen on 127.0.0.1:" + port + ": Address already in use");
        try (Client c = new Client(host, port)) {
            c.line();
            assertThat(c.command("list")).hasSize(2);
        }
    }
}
