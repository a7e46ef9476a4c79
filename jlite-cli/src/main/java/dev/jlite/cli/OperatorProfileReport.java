package dev.jlite.cli;

import dev.jlite.Interpreter.OperatorTiming;
import dev.jlite.model.Operator;
import dev.jlite.model.Subgraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-operator timings in the layout of TensorFlow Lite's benchmark tool: operators in run order, the ten most
 * expensive, and a summary by operator type. Times are averages per run.
 */
final class OperatorProfileReport {
    private static final int TOP = 10;

    private OperatorProfileReport() {}

    static String format(List<OperatorTiming> timings, int runs, Subgraph subgraph) {
        double total = 0;
        for (OperatorTiming t : timings) {
            total += t.nanos();
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("Operator-wise profile, average of %d runs (operators folded at prepare time "
                + "are not listed):%n", runs));
        section(out, "Run Order");
        rows(out, timings, runs, total, subgraph);
        section(out, "Top by Computation Time");
        List<OperatorTiming> top = new ArrayList<>(timings);
        top.sort(Comparator.comparingLong(OperatorTiming::nanos).reversed());
        rows(out, top.subList(0, Math.min(TOP, top.size())), runs, total, subgraph);
        section(out, "Summary by node type");
        summary(out, timings, runs, total);
        out.append(String.format("Operators: %d, total %.3f ms per run%n", timings.size(), total / runs / 1e6));
        return out.toString();
    }

    private static void section(StringBuilder out, String title) {
        String bar = "=".repeat(30);
        out.append(String.format("%s %s %s%n", bar, title, bar));
    }

    private static void rows(StringBuilder out, List<OperatorTiming> rows, int runs, double total, Subgraph sg) {
        out.append(String.format("%28s %10s %9s %9s %6s  %s%n", "[node type]", "[avg ms]", "[%]", "[cdf%]",
                "[node]", "[Name]"));
        double cdf = 0;
        for (OperatorTiming t : rows) {
            double pct = percent(t.nanos(), total);
            cdf += pct;
            out.append(String.format("%28s %10.3f %8.3f%% %8.3f%% %6d  [%s]%n", t.code().displayName(),
                    t.nanos() / (double) runs / 1e6, pct, cdf, t.index(), outputName(sg, t.index())));
        }
    }

    private static void summary(StringBuilder out, List<OperatorTiming> timings, int runs, double total) {
        Map<String, long[]> byType = new LinkedHashMap<>(); // name -> {count, nanos}
        for (OperatorTiming t : timings) {
            long[] acc = byType.computeIfAbsent(t.code().displayName(), k -> new long[2]);
            acc[0]++;
            acc[1] += t.nanos();
        }
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(byType.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed());
        out.append(String.format("%28s %8s %10s %9s %9s%n", "[Node type]", "[count]", "[avg ms]", "[avg %]",
                "[cdf %]"));
        double cdf = 0;
        for (Map.Entry<String, long[]> e : entries) {
            double pct = percent(e.getValue()[1], total);
            cdf += pct;
            out.append(String.format("%28s %8d %10.3f %8.3f%% %8.3f%%%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1] / (double) runs / 1e6, pct, cdf));
        }
    }

    private static double percent(double part, double total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }

    /** TensorFlow Lite names a node after its first output tensor. */
    private static String outputName(Subgraph sg, int node) {
        Operator op = sg.operators().get(node);
        int[] outs = op.outputs();
        return outs.length == 0 ? "" : sg.tensor(outs[0]).name();
    }
}
