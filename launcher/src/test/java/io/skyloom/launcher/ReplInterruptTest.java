package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.PType;
import io.skyloom.core.kernel.Node;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C in the REPL belongs to the chunk running when it was pressed, through the API
 * the terminal's signal handler uses (a pseudo-terminal cannot time a press to land
 * just as a chunk returns). The REPL runs on a real node with its real Lua service; a
 * chunk reaches the test by calling the node's Java gateway, so the test knows it runs.
 */
class ReplInterruptTest {

    final Node node = Node.start(NodeConfig.builder().thread(2).build());
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void close() {
        node.close();
    }

    static final String PRESS = "require('pyskynet.foreign').call('.java', 'press')";

    /** Lines as typed, each after an optional action (what the user does before typing it). */
    static final class Typed implements LineSource {
        static final Object CTRL_C = new Object();   // in the script: Ctrl-C pressed between chunks
        final Deque<Object> script = new ArrayDeque<>();
        Runnable ctrlC;   // the REPL's Ctrl-C handler, as the terminal would call it

        Typed(Object... linesAndActions) {
            script.addAll(List.of(linesAndActions));
        }

        @Override
        public String read(String prompt) {
            for (;;) {
                Object next = script.poll();
                if (next == null) return null;
                if (next instanceof String line) return line;
                if (next == CTRL_C) ctrlC.run();
                else ((Runnable) next).run();
            }
        }

        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public void onInterrupt(Runnable action) {
            ctrlC = action;
        }

        @Override
        public void close() {}
    }

    /** The gateway runs {@code onPress} whenever a chunk calls it with "press". */
    void onPress(Consumer<Object[]> onPress) {
        node.gateway().handle(PType.FOREIGN, m -> {
            onPress.accept((Object[]) m.payload());
            return new Object[0];
        });
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPressDuringAChunkThatLandsAfterItReturnedLeavesTheNextChunkAndItsGlobalsAlone() {
        Repl.Chunk[] pressedDuring = new Repl.Chunk[1];
        Repl[] repl = new Repl[1];
        onPress(args -> pressedDuring[0] = repl[0].runningChunk());
        Typed in = new Typed("x = 41 " + PRESS, (Runnable) () -> repl[0].interrupt(pressedDuring[0]), "x + 1");
        repl[0] = new Repl(node, in, out, err);
        repl[0].loop();
        assertThat(pressedDuring[0]).isNotNull();
        assertThat(out()).as(err()).isEqualTo("42\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void ctrlCWhileAChunkRunsStopsThatChunkAloneAndTheNextOnesRunInAFreshService() {
        Typed in = new Typed("y = 1 " + PRESS + " y = 2", "y", "z = 5", "z");
        onPress(args -> in.ctrlC.run());   // pressed while the chunk waits for this answer
        new Repl(node, in, out, err).loop();
        assertThat(out()).isEqualTo("nil\n5\n");
        assertThat(err()).isEqualTo("interrupted: the REPL's service was stopped; a new one starts, without the old globals\n");
    }

    @Test
    void ctrlCBetweenChunksStopsNothing() {
        new Repl(node, new Typed("w = 7", Typed.CTRL_C, "w"), out, err).loop();
        assertThat(out()).isEqualTo("7\n");
        assertThat(err()).isEmpty();
    }
}
