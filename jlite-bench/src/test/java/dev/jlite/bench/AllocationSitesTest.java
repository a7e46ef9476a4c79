package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocationSitesTest {
    private static volatile Object sink;

    private static void allocateBefore() {
        for (int i = 0; i < 2000; i++) {
            sink = new long[8192];
        }
    }

    private static void allocateAfter() {
        for (int i = 0; i < 2000; i++) {
            sink = new byte[65536];
        }
    }

    @Test
    void namesTheMethodsThatAllocatedAfterTheMeasurementBegan(@TempDir Path dir) throws Exception {
        long pid = ProcessHandle.current().pid();
        Instant measuredFrom;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "off").withStackTrace();
            recording.start();
            allocateBefore();
            Thread.sleep(100); // JFR's clock and Instant.now() may differ by a little
            measuredFrom = Instant.now();
            Thread.sleep(100);
            allocateAfter();
            recording.stop();
            recording.dump(dir.resolve("hotspot-pid-" + pid + "-id-1-x.jfr"));
        }
        AllocationSites.noteFork(dir, "face_landmark", "jlite", 2, measuredFrom);
        // The same recording for a fork whose measurement began after it, and a fork that left no recording.
        Files.copy(dir.resolve("hotspot-pid-" + pid + "-id-1-x.jfr"), dir.resolve("hotspot-pid-1-id-1-x.jfr"));
        note(dir.resolve("1.properties"), "late", measuredFrom.plus(Duration.ofHours(1)));
        note(dir.resolve("2.properties"), "unrecorded", measuredFrom);

        Map<String, List<AllocationSites.Site>> forks = AllocationSites.read(dir);

        assertThat(forks).containsOnlyKeys("face_landmark/jlite/2", "late/jlite/1");
        List<AllocationSites.Site> sites = forks.get("face_landmark/jlite/2");
        assertThat(sites).extracting(AllocationSites.Site::method)
                .contains("AllocationSitesTest.allocateAfter").doesNotContain("AllocationSitesTest.allocateBefore");
        AllocationSites.Site top = sites.get(0);
        assertThat(top.method()).isEqualTo("AllocationSitesTest.allocateAfter");
        assertThat(top.objectClasses()).containsExactly("byte[]");
        assertThat(top.share()).isGreaterThan(0.5);
        assertThat(forks.get("late/jlite/1")).isEmpty();
        assertThat(AllocationSites.describe(sites)).startsWith(
                String.format(java.util.Locale.ROOT, "%.0f%% AllocationSitesTest.allocateAfter (byte[])",
                        100 * top.share()));
    }

    @Test
    void eachThreadsFirstSampleAfterTheStartIsLeftOutAsItsWeightReachesBackBeforeIt() {
        Instant from = Instant.parse("2026-11-27T05:27:23Z");
        AllocationSites.Sample before = sample(1, from.minusSeconds(8), "Kernel.warm", 500);
        AllocationSites.Sample note = sample(1, from.plusMillis(16), "AllocationSites.noteFork", 16_500_000);
        AllocationSites.Sample later = sample(1, from.plusSeconds(1), "Kernel.eval", 2_000_000);
        AllocationSites.Sample worker = sample(2, from.plusSeconds(2), "Kernel.part", 300);
        AllocationSites.Sample workerLater = sample(2, from.plusSeconds(3), "Kernel.part", 400);

        assertThat(AllocationSites.measured(List.of(later, workerLater, before, note, worker), from))
                .containsExactlyInAnyOrder(later, workerLater);
        assertThat(AllocationSites.measured(List.of(before, note), from)).isEmpty();
    }

    private static AllocationSites.Sample sample(long thread, Instant time, String site, long weight) {
        return new AllocationSites.Sample(thread, time, site, "float[]", weight);
    }

    @Test
    void arrayClassesReadAsJava() {
        assertThat(AllocationSites.className("[F")).isEqualTo("float[]");
        assertThat(AllocationSites.className("[[Ljava.lang.Object;")).isEqualTo("java.lang.Object[][]");
        assertThat(AllocationSites.className("jdk.incubator.vector.Float512Vector"))
                .isEqualTo("jdk.incubator.vector.Float512Vector");
    }

    private static void note(Path file, String model, Instant measuredFrom) throws IOException {
        Properties p = new Properties();
        p.setProperty("model", model);
        p.setProperty("engine", "jlite");
        p.setProperty("threads", "1");
        p.setProperty("measuredFrom", measuredFrom.toString());
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
    }
}
