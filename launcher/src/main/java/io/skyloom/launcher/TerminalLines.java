package io.skyloom.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The REPL's lines on a terminal: JLine's line editing (emacs keys, arrows), history
 * kept in ~/.skyloom_history. The terminal is JLine's system one through its exec
 * provider (stty), which needs no native code.
 */
final class TerminalLines implements LineSource {

    private final Terminal terminal;
    private final LineReader reader;

    private TerminalLines(Terminal terminal) {
        this.terminal = terminal;
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);    // the REPL itself decides when a chunk is complete
        parser.setEofOnEscapedNewLine(false);
        parser.setEscapeChars(new char[0]);     // a backslash is Lua's, not the line editor's
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("skyloom").parser(parser)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);   // '!' is Lua's too
        Path history = historyFile();
        if (history != null) b.variable(LineReader.HISTORY_FILE, history);
        this.reader = b.build();
    }

    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            // JDK 22+ may give a console on a pipe too, and says with isTerminal (absent in 21)
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException jdk21) {
            return true;
        }
    }

    /** The terminal, or null when JLine cannot open it (the REPL then reads plain lines). */
    static TerminalLines open() {
        try {
            return new TerminalLines(TerminalBuilder.builder().system(true).jna(false).jansi(false).build());
        } catch (IOException | RuntimeException e) {
            System.err.println("skyloom: no line editing (" + e.getMessage() + ")");
            return null;
        }
    }

    private static Path historyFile() {
        String home = System.getProperty("user.home");
        if (home == null) return null;
        Path p = Path.of(home, ".skyloom_history");
        return Files.isWritable(p.getParent()) ? p : null;
    }

    @Override
    public String read(String prompt) throws Interrupted {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            throw new Interrupted();
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void onInterrupt(Runnable action) {
        // JLine takes Ctrl-C over while it reads a line and gives it back after.
        terminal.handle(Terminal.Signal.INT, signal -> action.run());
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException ignored) {
            // the process ends next
        }
    }
}
