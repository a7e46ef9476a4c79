package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
    @Test
    void summarizesAnOddNumberOfRuns() {
        LatencyStats s = LatencyStats.of(new long[] {5_000_000, 1_000_000, 3_000_000});
        assertThat(s.runs()).isEqualTo(3);
        assertThat(s.medianMs()).isEqualTo(3.0);
        assertThat(s.meanMs()).isEqualTo(3.0);
        assertThat(s.minMs()).isEqualTo(1.0);
        assertThat(s.maxMs()).isEqualTo(5.0);
        assertThat(s.p90Ms()).isEqualTo(5.0);
    }

    @Test
    void medianOfAnEvenNumberIsTheMeanOfTheMiddleTwoAndP90IsNearestRank() {
        long[] nanos = new long[20];
        for (int i = 0; i < 20; i++) {
            nanos[i] = (20 - i) * 1_000_000L; // 20 ms down to 1 ms
        }
        LatencyStats s = LatencyStats.of(nanos);
        assertThat(s.medianMs()).isEqualTo(10.5);
        assertThat(s.meanMs()).isCloseTo(10.5, within(1e-9));
        assertThat(s.p90Ms()).isEqualTo(18.0); // rank ceil(0.9 * 20) = 18
        assertThat(s.minMs()).isEqualTo(1.0);
    }
}
