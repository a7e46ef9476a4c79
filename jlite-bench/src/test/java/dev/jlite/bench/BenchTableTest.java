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

    private static String first(String engine, String shots) {
        return """
                {"benchmark": "dev.jlite.bench.FirstInferenceBench.firstInference", "jdkVersion": "17",
                 "vmName": "VM", "params": {"model": "face_detection_short_range", "engine": "%s"},
                 "primaryMetric": {"score": 99, "rawData": %s}}""".formatted(engine, shots);
    }

    @Test
    void mediansRatiosGflopsAllocationFirstInferenceAndArena() {
        BenchTable table = new BenchTable();
        table.read(JsonParser.parseString("[" + String.join(",", steady("jlite", 1, 2.0, 16),
                steady("xnnpack", 1, 1.6, 900), steady("builtin", 1, 8.0, 0), steady("jlite", 2, 1.25, 0),
                steady("xnnpack", 2, 1.0, 0)) + "]").getAsJsonArray());
        table.read(JsonParser.parseString("[" + first("jlite", "[[500], [700], [600]]") + ","
                + first("xnnpack", "[[10], [12]]") + "]").getAsJsonArray());

        String md = table.markdown(new BenchTable.Peak(100, "test"));

        // face_detection_short_range: 30,760,960 MACs -> 2 x 30.76 M / 2 ms = 30.8 GFLOP/s, 31% of 100
        assertThat(md).contains("| face_detection_short_range | 2.00 | 1.60 | 1.25x | 8.00 | 30.8 | 31% | 16 |");
        // 2 threads: 49.2 GFLOP/s of a 200 peak; speed-up 2.0 / 1.25
        assertThat(md).contains("| face_detection_short_range | 1.25 | 1.00 | 1.25x | n/a | 49.2 | 25% | 1.60x | 0 |");
        assertThat(md).contains("| face_detection_short_range | 600 | 11 | 54.55x | 3+2 | 1,376,256 | 1,376,256 | 0 |");
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
    void replacesOnlyTheMarkedSection() {
        String doc = "a\n" + BenchTable.BEGIN + "\nold\n" + BenchTable.END + "\nb\n";
        assertThat(BenchTable.replaceSection(doc, "new\n"))
                .isEqualTo("a\n" + BenchTable.BEGIN + "\nnew\n" + BenchTable.END + "\nb\n");
        assertThatThrownBy(() -> BenchTable.replaceSection("no markers", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
