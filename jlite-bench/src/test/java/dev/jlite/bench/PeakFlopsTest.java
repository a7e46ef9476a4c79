package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class PeakFlopsTest {
    @Test
    void theLoopRunsOneFmaPerAccumulatorAndIteration() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        long iterations = 1000;
        double expected = 0;
        for (int k = 0; k < 12; k++) {
            float a = 3f + k;
            for (long i = 0; i < iterations; i++) {
                a = Math.fma(a, 0.999f, 0.001f);
            }
            expected += a;
        }
        assertThat((double) PeakFlops.fmaLoop(iterations, 3f)).isCloseTo(expected * lanes,
                within(1e-4 * expected * lanes));
        // One iteration fewer moves the sum: the loop count is the one timed.
        assertThat((double) PeakFlops.fmaLoop(iterations - 100, 3f)).isNotCloseTo(expected * lanes,
                within(1e-4 * expected * lanes));
    }

    @Test
    void aMeasuredPeakReplacesTheNominalOneAndNamesIt() {
        BenchTable.Peak nominal = new BenchTable.Peak(134.1, "32 lanes x 2 flops x 2.10 GHz");
        BenchTable.Peak peak = BenchTable.Peak.measured(205.3, nominal);
        assertThat(peak.perCore()).isEqualTo(205.3);
        assertThat(peak.describe()).startsWith("205.3 GFLOP/s per core (measured on one core by an FMA loop")
                .contains("the nominal clock would give 134.1: 32 lanes x 2 flops x 2.10 GHz");
        assertThat(BenchTable.Peak.measured(200, new BenchTable.Peak(Double.NaN, "unknown")).describe())
                .contains("the nominal clock would give no figure");
    }
}
