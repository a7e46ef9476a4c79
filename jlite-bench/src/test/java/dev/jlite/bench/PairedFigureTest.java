package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * PairedFigure on a PairedModelBench result in the shape JMH 1.37 writes it (paired-model-bench.json: a real run's
 * result, its counters replaced): 3 iterations of 10, 12 and 8 runs per engine (blocks of 2), jlite at 1, 2 and 3 ms
 * per inference and XNNPACK at 2, 1 and 4 ms. The iterations' ratios are 0.5, 2 and 0.75: their median 0.75 differs
 * from the ratio of the medians (2 / 2 = 1) and from that of the totals (58 / 30 over 64 / 30 ms = 0.91).
 */
class PairedFigureTest {
    static JsonArray fixture() throws IOException {
        try (InputStream in = PairedFigureTest.class.getResourceAsStream("paired-model-bench.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonArray();
        }
    }

    @Test
    void medianOfEachIterationsMeanPerInferenceAndMedianOfTheIterationsRatios() throws IOException {
        PairedFigure f = PairedFigure.of(fixture().get(0).getAsJsonObject());

        assertThat(f.iterations()).isEqualTo(3);
        assertThat(f.block()).isEqualTo(2);
        assertThat(f.jliteMs()).isCloseTo(2.0, within(1e-9));
        assertThat(f.xnnpackMs()).isCloseTo(2.0, within(1e-9));
        assertThat(f.ratio()).isCloseTo(0.75, within(1e-9));
    }

    /**
     * The fixture as a 2-thread fork that also timed jlite on 1 thread: 15, 43.2 and 36 ms over 10, 12 and 8 runs,
     * 1.5, 3.6 and 4.5 ms per inference against jlite's 1, 2 and 3.
     */
    static com.google.gson.JsonObject withOneThread(double[] nanos, double[] runs) throws IOException {
        com.google.gson.JsonObject r = fixture().get(0).getAsJsonObject().deepCopy();
        r.getAsJsonObject("params").addProperty("threads", "2");
        com.google.gson.JsonObject secondary = r.getAsJsonObject("secondaryMetrics");
        secondary.add("jliteOneThreadNanos", metric(nanos));
        secondary.add("jliteOneThreadRuns", metric(runs));
        return r;
    }

    /**
     * {@link #withOneThread} with TFLite XNNPACK on 1 thread too: the given nanoseconds over the same 10, 12 and 8
     * runs, against XNNPACK's 2, 1 and 4 ms per inference on this thread count.
     */
    static com.google.gson.JsonObject withBothOnOneThread(double[] jliteNanos, double[] xnnpackNanos)
            throws IOException {
        double[] runs = {10, 12, 8};
        com.google.gson.JsonObject r = withOneThread(jliteNanos, runs);
        com.google.gson.JsonObject secondary = r.getAsJsonObject("secondaryMetrics");
        secondary.add("xnnpackOneThreadNanos", metric(xnnpackNanos));
        secondary.add("xnnpackOneThreadRuns", metric(runs));
        return r;
    }

    private static com.google.gson.JsonObject metric(double[] values) {
        JsonArray fork = new JsonArray();
        for (double v : values) {
            fork.add(v);
        }
        JsonArray forks = new JsonArray();
        forks.add(fork);
        com.google.gson.JsonObject m = new com.google.gson.JsonObject();
        m.add("rawData", forks);
        return m;
    }

    @Test
    void speedUpIsTheMedianOfTheIterationsOneThreadOverThisThreadCount() throws IOException {
        // Per iteration 1.5 / 1, 3.6 / 2 and 4.5 / 3: 1.5, 1.8 and 1.5, median 1.5 (the medians' ratio is 3.6 / 2 = 1.8).
        PairedFigure f = PairedFigure.of(withOneThread(new double[] {15e6, 43.2e6, 36e6}, new double[] {10, 12, 8}));

        assertThat(f.speedUp()).isCloseTo(1.5, within(1e-9));
        assertThat(f.ratio()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void xnnpackSpeedUpIsTheMedianOfTheIterationsXnnpackOnOneThreadOverThisThreadCount() throws IOException {
        // XNNPACK on 1 thread 24, 36 and 64 ms over 10, 12 and 8 runs: 2.4, 3 and 8 ms per inference against 2, 1 and
        // 4: 1.2, 3 and 2, median 2 (the medians' ratio is 3 / 2 = 1.5).
        PairedFigure f = PairedFigure.of(withBothOnOneThread(new double[] {15e6, 43.2e6, 36e6},
                new double[] {24e6, 36e6, 64e6}));

        assertThat(f.xnnpackSpeedUp()).isCloseTo(2.0, within(1e-9));
        assertThat(f.speedUp()).isCloseTo(1.5, within(1e-9));
        // Where only jlite ran on 1 thread (runs before XNNPACK's 1-thread engine), and where XNNPACK's counters are
        // zeros.
        assertThat(PairedFigure.of(withOneThread(new double[] {15e6, 43.2e6, 36e6}, new double[] {10, 12, 8}))
                .xnnpackSpeedUp()).isNull();
        com.google.gson.JsonObject zeros = withBothOnOneThread(new double[] {15e6, 43.2e6, 36e6}, new double[3]);
        zeros.getAsJsonObject("secondaryMetrics").add("xnnpackOneThreadRuns", metric(new double[3]));
        assertThat(PairedFigure.of(zeros).xnnpackSpeedUp()).isNull();
    }

    @Test
    void noSpeedUpWhereJliteOnOneThreadWasNotTimed() throws IOException {
        assertThat(PairedFigure.of(fixture().get(0).getAsJsonObject()).speedUp()).isNull();
        // A 1-thread fork writes the counters as zeros.
        assertThat(PairedFigure.of(withOneThread(new double[3], new double[3])).speedUp()).isNull();
    }

    @Test
    void jliteBytesPerRunAreTheMedianIterationsBytesPerInvocationOverItsBlock() throws IOException {
        // gc.alloc.rate.norm 400, 400 and 100000 B per invocation of 2 jlite runs: 200, 200 and 50000 B per run.
        PairedFigure f = PairedFigure.of(fixture().get(0).getAsJsonObject());

        assertThat(f.jliteBytesPerRun()).isCloseTo(200.0, within(1e-9));
    }
}
