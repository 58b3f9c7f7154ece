package io.skyloom.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one sitting: every run of every benchmark on every target, printed
 * as they come, then medians with their spread, the ratio, and CPU seconds per million
 * operations; the medians also go to an SVG chart. Owned by the bench's one thread.
 */
final class BenchReport {

    private final List<String> targets;
    private final Map<String, Map<String, List<BenchProcess.Outcome>>> runs = new LinkedHashMap<>();   // name -> target -> runs

    BenchReport(List<String> targets) {
        this.targets = targets;
    }

    void add(String target, BenchProcess.Outcome o) {
        runs.computeIfAbsent(o.name(), k -> new LinkedHashMap<>()).computeIfAbsent(target, k -> new ArrayList<>()).add(o);
    }

    /** One line per run, as it happens. */
    static void printRun(PrintStream out, int round, String target, BenchProcess.Outcome o) {
        if (!o.ok()) {
            out.printf("  round %d %-8s %-18s FAILED: %s%n", round, target, o.name(), o.error());
            return;
        }
        out.printf("  round %d %-8s %-18s %,14.0f ops/s %9.3f s %s%n", round, target, o.name(), o.opsPerSecond(), o.seconds(),
                Double.isNaN(o.cpuPerMillion()) ? "" : String.format("%8.2f cpu s/Mop", o.cpuPerMillion()));
    }

    /** The medians table; with two targets, the ratio of the first to the second. */
    void printSummary(PrintStream out) {
        StringBuilder head = new StringBuilder(String.format("%-18s", "benchmark"));
        for (String t : targets) head.append(String.format(" %34s %11s", t + " ops/s median (min-max)", "cpu s/Mop"));
        if (targets.size() == 2) head.append(String.format(" %7s", "ratio"));
        out.println(head);
        for (var e : runs.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-18s", e.getKey()));
            double[] medians = new double[targets.size()];
            for (int i = 0; i < targets.size(); i++) {
                List<BenchProcess.Outcome> rs = ok(e.getValue().get(targets.get(i)));
                medians[i] = median(rs, BenchProcess.Outcome::opsPerSecond);
                if (rs.isEmpty()) {
                    line.append(String.format(" %34s %11s", "FAILED", ""));
                    continue;
                }
                String spread = String.format("%,.0f (%,.0f-%,.0f)", medians[i], min(rs), max(rs));
                double cpu = median(rs, BenchProcess.Outcome::cpuPerMillion);
                line.append(String.format(" %34s %11s", spread, Double.isNaN(cpu) ? "-" : String.format("%.2f", cpu)));
            }
            if (targets.size() == 2)
                line.append(String.format(" %7s", medians[1] > 0 && medians[0] > 0 ? String.format("%.2fx", medians[0] / medians[1]) : "-"));
            out.println(line);
        }
    }

    /** Writes the medians as a bar chart; returns where, or null when it could not. */
    Path writeChart(Path dir, String title) {
        List<String> names = new ArrayList<>(runs.keySet());
        if (names.isEmpty()) return null;
        int barW = 28, gap = 26, left = 170, top = 60, rowH = barW * targets.size() + gap;
        int width = 900, height = top + rowH * names.size() + 40;
        double maxOps = 1;
        for (String n : names)
            for (String t : targets) maxOps = Math.max(maxOps, median(ok(runs.get(n).get(t)), BenchProcess.Outcome::opsPerSecond));
        String[] colours = {"#2b6cb0", "#c05621", "#2f855a"};
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">%n", width, height));
        svg.append(String.format("<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n<text x=\"10\" y=\"24\" font-size=\"15\">%s</text>%n", escape(title)));
        for (int i = 0; i < targets.size(); i++)
            svg.append(String.format("<rect x=\"%d\" y=\"34\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"45\">%s</text>%n",
                    left + i * 140, colours[i % colours.length], left + 18 + i * 140, escape(targets.get(i))));
        for (int r = 0; r < names.size(); r++) {
            int y = top + r * rowH;
            svg.append(String.format("<text x=\"10\" y=\"%d\">%s</text>%n", y + barW, escape(names.get(r))));
            for (int i = 0; i < targets.size(); i++) {
                double ops = median(ok(runs.get(names.get(r)).get(targets.get(i))), BenchProcess.Outcome::opsPerSecond);
                int w = (int) Math.round((width - left - 140) * (Double.isNaN(ops) ? 0 : ops / maxOps));
                int by = y + i * barW;
                svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", left, by, w, barW - 4, colours[i % colours.length]));
                svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", left + w + 6, by + barW - 10,
                        Double.isNaN(ops) ? "failed" : String.format("%,.0f/s", ops)));
            }
        }
        svg.append("</svg>\n");
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve("lua-bench-" + System.currentTimeMillis() + ".svg");
            Files.writeString(f, svg);
            return f;
        } catch (IOException e) {
            return null;
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<BenchProcess.Outcome> ok(List<BenchProcess.Outcome> rs) {
        if (rs == null) return List.of();
        return rs.stream().filter(BenchProcess.Outcome::ok).toList();
    }

    static double median(List<BenchProcess.Outcome> rs, ToDoubleFunction<BenchProcess.Outcome> f) {
        double[] v = rs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<BenchProcess.Outcome> rs) {
        return rs.stream().mapToDouble(BenchProcess.Outcome::opsPerSecond).min().orElse(Double.NaN);
    }

    private static double max(List<BenchProcess.Outcome> rs) {
        return rs.stream().mapToDouble(BenchProcess.Outcome::opsPerSecond).max().orElse(Double.NaN);
    }
}
