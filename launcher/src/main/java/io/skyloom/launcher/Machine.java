package io.skyloom.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What machine the figures come from: the CPU model and count, and a build's revision. */
final class Machine {

    private Machine() {}

    static String describe() {
        String model = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
        } catch (IOException e) {
            // not Linux: the model stays unknown
        }
        return model + " (" + Runtime.getRuntime().availableProcessors() + " CPUs), Java " + Runtime.version();
    }

    /** " (commit abc1234)" for a git checkout, else "". */
    static String gitRevision(Path dir) {
        try {
            Process p = new ProcessBuilder(List.of("git", "-C", dir.toString(), "rev-parse", "--short", "HEAD"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && out.matches("[0-9a-f]{4,40}") ? " (commit " + out + ")" : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
