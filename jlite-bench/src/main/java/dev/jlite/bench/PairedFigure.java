package dev.jlite.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jlite against TFLite XNNPACK for one model and thread count, from one JMH result of {@link PairedModelBench}:
 * each engine's mean time per inference in every measurement iteration, and their ratio in that iteration; the
 * figure takes the median across iterations (of all forks) of each.
 *
 * <p>JMH writes the {@link PairedModelBench.Times} counters as secondary metrics, one per public field, each with
 * one value per iteration in {@code rawData} (an array per fork, iterations in order, the same order for every
 * metric). Their {@code score} is the sum over all iterations (EVENTS counters add up), so it is not used.
 *
 * @param jliteMs median across iterations of jlite's mean ms per inference
 * @param xnnpackMs the same for TFLite XNNPACK
 * @param ratio median across iterations of that iteration's jlite / XNNPACK (not jliteMs / xnnpackMs: the
 *     iterations' ratios compare times of one window, the medians may come from different iterations)
 * @param iterations measurement iterations, all forks
 * @param block inferences per engine per invocation
 * @param jliteBytesPerRun with -prof gc, the median across iterations of the heap bytes allocated per jlite
 *     inference (all engines' bytes per invocation over jlite's runs per invocation: the official binding's
 *     share is a few hundred bytes); otherwise null
 * @param speedUp on more than one thread, the median across iterations of that iteration's jlite on 1 thread /
 *     jlite on this thread count (both timed in the same window); null where jlite on 1 thread was not timed
 * @param xnnpackSpeedUp the same for TFLite XNNPACK; null where XNNPACK on 1 thread was not timed (runs before it
 *     was added)
 */
record PairedFigure(double jliteMs, double xnnpackMs, double ratio, int iterations, int block,
        Double jliteBytesPerRun, Double speedUp, Double xnnpackSpeedUp) {

    /** The figure of one JMH result of PairedModelBench. */
    static PairedFigure of(JsonObject result) {
        JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
        double[] jliteNanos = raw(secondary, "jliteNanos");
        double[] jliteRuns = raw(secondary, "jliteRuns");
        double[] xnnpackNanos = raw(secondary, "xnnpackNanos");
        double[] xnnpackRuns = raw(secondary, "xnnpackRuns");
        double[] pairs = raw(secondary, "pairs");
        int n = jliteNanos.length;
        if (n == 0 || jliteRuns.length != n || xnnpackNanos.length != n || xnnpackRuns.length != n) {
            throw new IllegalArgumentException("PairedModelBench result without one value per iteration of "
                    + "jliteNanos, jliteRuns, xnnpackNanos and xnnpackRuns: " + result.get("params"));
        }
        double[] jliteMs = new double[n];
        double[] xnnpackMs = new double[n];
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            jliteMs[i] = jliteNanos[i] / jliteRuns[i] / 1e6;
            xnnpackMs[i] = xnnpackNanos[i] / xnnpackRuns[i] / 1e6;
            ratios[i] = jliteMs[i] / xnnpackMs[i];
        }
        double runs = 0;
        double invocations = 0;
        for (int i = 0; i < n; i++) {
            runs += jliteRuns[i];
            invocations += i < pairs.length ? pairs[i] : 0;
        }
        int block = invocations > 0 ? (int) Math.round(runs / invocations) : 0;
        return new PairedFigure(BenchTable.median(jliteMs), BenchTable.median(xnnpackMs), BenchTable.median(ratios),
                n, block, bytesPerJliteRun(secondary, jliteRuns, pairs),
                speedUp(secondary, "jliteOneThread", jliteMs), speedUp(secondary, "xnnpackOneThread", xnnpackMs));
    }

    /**
     * The median across iterations of an engine's ms per inference on 1 thread (counters {@code engine + "Nanos"} and
     * {@code engine + "Runs"}) over {@code ms}, its ms on this thread count; null where it was not timed in every
     * iteration.
     */
    private static Double speedUp(JsonObject secondary, String engine, double[] ms) {
        double[] nanos = raw(secondary, engine + "Nanos");
        double[] runs = raw(secondary, engine + "Runs");
        if (nanos.length != ms.length || runs.length != ms.length) {
            return null;
        }
        double[] speedUps = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            if (runs[i] <= 0) {
                return null;
            }
            speedUps[i] = nanos[i] / runs[i] / 1e6 / ms[i];
        }
        return BenchTable.median(speedUps);
    }

    /** gc.alloc.rate.norm is per invocation: times invocations over jlite's runs, per iteration, then the median. */
    private static Double bytesPerJliteRun(JsonObject secondary, double[] jliteRuns, double[] pairs) {
        double[] norm = null;
        for (Map.Entry<String, JsonElement> m : secondary.entrySet()) {
            if (m.getKey().replaceFirst("^\\W+", "").equals("gc.alloc.rate.norm")) {
                norm = flatten(m.getValue().getAsJsonObject().getAsJsonArray("rawData"));
            }
        }
        if (norm == null || norm.length != jliteRuns.length || pairs.length != jliteRuns.length) {
            return null;
        }
        double[] bytes = new double[norm.length];
        for (int i = 0; i < norm.length; i++) {
            bytes[i] = norm[i] * pairs[i] / jliteRuns[i];
        }
        return BenchTable.median(bytes);
    }

    /** One secondary metric's values, every iteration of every fork in order; empty when it is missing. */
    private static double[] raw(JsonObject secondary, String name) {
        JsonObject metric = secondary == null ? null : secondary.getAsJsonObject(name);
        return metric == null ? new double[0] : flatten(metric.getAsJsonArray("rawData"));
    }

    private static double[] flatten(JsonArray forks) {
        List<Double> values = new ArrayList<>();
        for (JsonElement fork : forks) {
            for (JsonElement v : fork.getAsJsonArray()) {
                values.add(v.getAsDouble());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
