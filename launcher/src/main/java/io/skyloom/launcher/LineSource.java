package io.skyloom.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a prompt's lines come from: a terminal with line editing and history (JLine), or
 * plain standard input when that is not a terminal, so scripts and tests can drive the
 * REPL. Used by one thread, the prompt's.
 */
interface LineSource extends AutoCloseable {

    /** The next line without its end, or null at the end of input. */
    String read(String prompt) throws Interrupted;

    /** True on a terminal: the REPL then shows a banner and prompts. */
    boolean interactive();

    /** Runs {@code action} on Ctrl-C while no line is being read (a chunk runs). */
    default void onInterrupt(Runnable action) {}

    @Override
    void close();

    /** Ctrl-C at the prompt: the chunk being typed is dropped. */
    final class Interrupted extends Exception {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /** The terminal when standard input and output are one, else plain lines from standard input. */
    static LineSource system() {
        LineSource terminal = TerminalLines.isTerminal() ? TerminalLines.open() : null;
        return terminal != null ? terminal : new Plain(System.in);
    }

    /** Lines of a stream, no prompts: a pipe or a file. */
    final class Plain implements LineSource {
        private final BufferedReader reader;

        Plain(InputStream in) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        @Override
        public String read(String prompt) {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public void close() {
            // standard input belongs to the process
        }
    }
}
