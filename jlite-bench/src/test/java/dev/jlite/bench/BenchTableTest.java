package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    private static String steady(String engine, int threads, double median, double alloc) {
        return String.format(java.util.Locale.ROOT, """
                {"benchmark": "dev.jlite.bench.ModelBench.inference", "jdkVersion": "17", "vmName": "VM",
                 "forks": 1, "warmupIterations": 2, "measurementIterations": 4, "measurementTime": "1 s",
                 "params": {"model": "face_detection_short_range", "engine": "%s", "threads": "%d"},
                 "primaryMetric": {"score": 99, "scorePercentiles": {"50.0": %s}},
                 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s}}}""", engine, threads, median, alloc);
    }

    private static String first(String benchmark, String engine, String shots) {
        return first(benchmark, engine, shots, "-Xmx2g");
    }

    private static String first(String benchmark, String engine, String shots, String jvmArg) {
        return """
                {"benchmark": "dev.jlite.bench.%s", "jdkVersion": "17", "jvmArgs": ["-Xmx2g", "%s"],
                 "vmName": "VM", "params": {"model": "face_detection_short_range", "engine": "%s"},
                 "primaryMetric": {"score": 99, "rawData": %s}}""".formatted(benchmark, jvmArg, engine, shots);
    }

    @Test
    void mediansRatiosGflopsAllocationFirstInferenceAndArena() {
        BenchTable table = new BenchTable();
        table.read(JsonParser.parseString("[" + String.join(",", steady("jlite", 1, 2.0, 16),
                steady("xnnpack", 1, 1.6, 900), steady("builtin", 1, 8.0, 0), steady("jlite", 2, 1.25, 0),
                steady("xnnpack", 2, 1.0, 0)) + "]").getAsJsonArray());
        String cold = "FirstInferenceBench.firstInference";
        String reopened = "ReopenBench.reopen";
        table.read(JsonParser.parseString("[" + first(cold, "jlite", "[[500], [700], [600]]") + ","
                + first(cold, "xnnpack", "[[10], [12]]") + "," + first(reopened, "jlite", "[[50, 40, 30, 45, 35]]")
                + "," + first(reopened, "xnnpack", "[[20, 21, 19, 22, 18]]") + "]").getAsJsonArray());
        String archive = "-XX:SharedArchiveFile=first.jsa";
        table.read(JsonParser.parseString("[" + first(cold, "jlite", "[[300], [200], [250]]", archive) + ","
                + first(cold, "xnnpack", "[[8], [10], [9]]", archive) + "]").getAsJsonArray());

        String md = table.markdown(new BenchTable.Peak(100, "test"));

        // face_detection_short_range: 30,760,960 MACs -> 2 x 30.76 M / 2 ms = 30.8 GFLOP/s, 31% of 100
        assertThat(md).contains("| face_detection_short_range | 2.00 | 1.60 | 1.25x | 8.00 | 30.8 | 31% | 16 |");
        // 2 threads: 49.2 GFLOP/s of a 200 peak; speed-up 2.0 / 1.25
        assertThat(md).contains("| face_detection_short_range | 1.25 | 1.00 | 1.25x | n/a | 49.2 | 25% | 1.60x | n/a | 0 |");
        // Cold: medians 600 and 11 of 3 and 2 forks; with the archive (told apart by the forks' options) 250 and 9;
        // reopened: medians 40 and 20 of 5 shots each. Arena and live peak: the model as jlite plans it (its channel
        // PADs folded with their ADDs, so their outputs take no space).
        assertThat(md).contains("| face_detection_short_range | 600 | 11 | 54.55x | 3+2 | 250 | 9 | 27.78x | 3+3 | 40 "
                + "| 20 | 2.00x | 5+5 | 1,245,184 | 1,245,184 | 0 |");
    }

    @Test
    void allocationComesFromTheAverageTimePassWhenThereIsOne() {
        BenchTable table = new BenchTable();
        String avgt = steady("jlite", 1, 2.1, 120).replace("\"forks\"", "\"mode\": \"avgt\", \"forks\"");
        table.read(JsonParser.parseString("[" + String.join(",", steady("jlite", 1, 2.0, 1500),
                steady("xnnpack", 1, 1.6, 900), avgt) + "]").getAsJsonArray());

        String md = table.markdown(new BenchTable.Peak(100, "test"));

        // The latency stays the sample-mode median (2.00 ms), the allocation is the average-time pass's 120 B.
        assertThat(md).contains("| face_detection_short_range | 2.00 | 1.60 | 1.25x | n/a | 30.8 | 31% | 120 |");
        assertThat(md).contains("from a separate run in average-time mode");
    }

    @Test
    void jliteAndXnnpackFromThePairedRunBuiltinAndAllocationFromTheirForks() throws java.io.IOException {
        // PairedFigureTest's fixture: jlite 2 ms, XNNPACK 2 ms, the median of the iterations' ratios 0.75.
        BenchTable table = new BenchTable();
        table.read(PairedFigureTest.fixture());
        // The allocation pass warms up longer than the builtin fork: the header gives each its own settings.
        String avgt = steady("jlite", 1, 2.1, 120).replace("\"forks\"", "\"mode\": \"avgt\", \"forks\"")
                .replace("\"warmupIterations\": 2", "\"warmupIterations\": 5");
        table.read(JsonParser.parseString(("[" + steady("builtin", 1, 8.0, 0) + "," + avgt + "]")
                .replace("face_detection_short_range", "paired_fixture")).getAsJsonArray());

        String md = table.markdown(new BenchTable.Peak(100, "test"));

        assertThat(md).contains("| paired_fixture | 2.00 | 2.00 | 0.75x | 8.00 | n/a | n/a | 120 |");
        assertThat(md).contains("ran paired in one JVM", "2 inferences per block", "alternating which goes first",
                "median of the iterations' jlite / TFLite XNNPACK", "in a fork of its own");
        assertThat(md).contains("(ModelBench, sample mode; 1 fork(s) per figure, 2 warmup iterations",
                "average-time mode (1 fork(s) per figure, 5 warmup iterations");
        assertThat(md).doesNotContain("each ran in their own JVM fork", "†");
    }

    @Test
    void speedUpComesFromTheForkThatAlsoTimedJliteOnOneThread() throws java.io.IOException {
        // 1 thread: the fixture (jlite 2 ms). 2 threads: the fixture again (jlite 2 ms), with jlite on 1 thread at 1.5,
        // 3.6 and 4.5 ms in its iterations: the paired speed-up 1.5, where the two rows would give 2 / 2 = 1.
        com.google.gson.JsonArray runs = PairedFigureTest.fixture();
        runs.add(PairedFigureTest.withOneThread(new double[] {15e6, 43.2e6, 36e6}, new double[] {10, 12, 8}));
        BenchTable table = new BenchTable();
        table.read(runs);

        String md = table.markdown(new BenchTable.Peak(100, "test"));

        assertThat(md).contains("| paired_fixture | 2.00 | 2.00 | 0.75x | n/a | n/a | n/a | 1.50x | n/a | n/a |");
        assertThat(md).contains("both in the same fork", "XNNPACK speed-up n/a: this run did not time it")
                .doesNotContain("two forks");

        // Without the 1-thread counters: the rows' ratio, and the header says so.
        com.google.gson.JsonArray old = PairedFigureTest.fixture();
        com.google.gson.JsonObject two = PairedFigureTest.fixture().get(0).getAsJsonObject();
        two.getAsJsonObject("params").addProperty("threads", "2");
        old.add(two);
        BenchTable before = new BenchTable();
        before.read(old);
        String md2 = before.markdown(new BenchTable.Peak(100, "test"));
        assertThat(md2).contains("| paired_fixture | 2.00 | 2.00 | 0.75x | n/a | n/a | n/a | 1.00x | n/a | n/a |");
        assertThat(md2).contains("two forks").doesNotContain("both in the same fork");
    }

    @Test
    void xnnpackSpeedUpComesFromTheSameForkAsJlitesWhereItRanOnOneThreadThere() throws java.io.IOException {
        // 2 threads: XNNPACK at 2, 1 and 4 ms, on 1 thread at 2.4, 3 and 8 ms in the same iterations: 2x (the median
        // of 1.2, 3 and 2); jlite 1.5x.
        com.google.gson.JsonArray runs = PairedFigureTest.fixture();
        runs.add(PairedFigureTest.withBothOnOneThread(new double[] {15e6, 43.2e6, 36e6},
                new double[] {24e6, 36e6, 64e6}));
        BenchTable table = new BenchTable();
        table.read(runs);

        String md = table.markdown(new BenchTable.Peak(100, "test"));

        assertThat(md).contains("| model | jlite ms | TFLite XNNPACK ms | ratio | TFLite builtin ms | jlite GFLOP/s "
                + "| % of peak | jlite speed-up vs 1 thread | TFLite XNNPACK speed-up vs 1 thread | alloc B/op |");
        assertThat(md).contains("| paired_fixture | 2.00 | 2.00 | 0.75x | n/a | n/a | n/a | 1.50x | 2.00x | n/a |");
        assertThat(md).contains("a third and a fourth engine", "both are low").doesNotContain("did not time it");
    }

    @Test
    void namesTheAllocatingMethodsOfRowsAtOrAbove1KbWhenGivenTheAllocationSites() {
        // The allocation pass: 5,604 B per inference on 1 thread, 1,024 (the threshold) and 1,023 B on 2 and 3,
        // 2,048 B on 4 threads in a fork whose recording has no sample after its measurement began.
        String avgt = "[" + String.join(",", steady("jlite", 1, 2.0, 0), steady("jlite", 2, 2.0, 0),
                steady("jlite", 3, 2.0, 0), steady("jlite", 4, 2.0, 0), avgt(1, 5604), avgt(2, 1024),
                avgt(3, 1023), avgt(4, 2048)) + "]";
        BenchTable plain = new BenchTable();
        plain.read(JsonParser.parseString(avgt).getAsJsonArray());
        String without = plain.markdown(new BenchTable.Peak(100, "test"));
        BenchTable table = new BenchTable();
        table.read(JsonParser.parseString(avgt).getAsJsonArray());
        table.allocationSites(java.util.Map.of(
                "face_detection_short_range/jlite/1", java.util.List.of(
                        new AllocationSites.Site("VectorConvEngine.paddedPixels",
                                java.util.List.of("jdk.incubator.vector.Float512Vector", "float[]", "int[]"), 0.912),
                        new AllocationSites.Site(AllocationSites.OUTSIDE, java.util.List.of("byte[]"), 0.06),
                        new AllocationSites.Site("Tiny.method", java.util.List.of("int[]"), 0.004)),
                "face_detection_short_range/jlite/3", java.util.List.of(
                        new AllocationSites.Site("Unreported.method", java.util.List.of("byte[]"), 1.0)),
                "face_detection_short_range/jlite/4", java.util.List.of()));

        String md = table.markdown(new BenchTable.Peak(100, "test"));

        assertThat(md).contains("| face_detection_short_range | 2.00 | n/a | n/a | n/a | 30.8 | 31% | 5604 ‡ |",
                "| 1.00x | n/a | 1024 ‡ |", "| 1.00x | n/a | 1023 |");
        assertThat(md).contains("\n‡ face_detection_short_range, 1 thread: 5,604 B per inference; JFR allocation "
                + "samples of its measured iterations: 91% VectorConvEngine.paddedPixels "
                + "(jdk.incubator.vector.Float512Vector, float[]), 6% outside dev.jlite (byte[]).\n\n");
        assertThat(md).contains("\n‡ face_detection_short_range, 2 threads: 1,024 B per inference; no JFR recording "
                + "of its fork was found, so no method is named.\n\n");
        assertThat(md).contains("\n‡ face_detection_short_range, 4 threads: 2,048 B per inference; its JFR recording "
                + "has no allocation sample in its measured iterations.\n\n");
        assertThat(md).doesNotContain("3 threads:", "Unreported", "Tiny");
        // Without the sites the table is as before.
        assertThat(without).doesNotContain("‡");
        assertThat(md.replace(" ‡", "").replaceAll("‡ [^\n]*\n\n", "")).isEqualTo(without);

        // Rows under 1 KB: the same bytes as without the sites.
        BenchTable small = new BenchTable();
        small.read(JsonParser.parseString("[" + steady("jlite", 3, 2.0, 0) + "," + avgt(3, 1023) + "]")
                .getAsJsonArray());
        small.allocationSites(java.util.Map.of());
        BenchTable smallPlain = new BenchTable();
        smallPlain.read(JsonParser.parseString("[" + steady("jlite", 3, 2.0, 0) + "," + avgt(3, 1023) + "]")
                .getAsJsonArray());
        assertThat(small.markdown(new BenchTable.Peak(100, "test")))
                .isEqualTo(smallPlain.markdown(new BenchTable.Peak(100, "test")));
    }

    private static String avgt(int threads, double alloc) {
        return steady("jlite", threads, 2.1, alloc).replace("\"forks\"", "\"mode\": \"avgt\", \"forks\"");
    }

    @Test
    void replacesOnlyTheMarkedSection() {
        String doc = "a\n" + BenchTable.BEGIN + "\nold\n" + BenchTable.END + "\nb\n";
        assertThat(BenchTable.replaceSection(doc, "new\n"))
                .isEqualTo("a\n" + BenchTable.BEGIN + "\nnew\n" + BenchTable.END + "\nb\n");
        assertThatThrownBy(() -> BenchTable.replaceSection("no markers", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
