package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {
    /** Records the order in which engines ran. */
    private static final class Counting implements Engine {
        private final String name;
        private final List<String> log;

        Counting(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void run() {
            log.add(name);
        }

        @Override
        public float[][] floatOutputs() {
            return new float[0][];
        }

        @Override
        public void close() {}
    }

    @Test
    void takesTheRunsInInterleavedBlocksAfterTheWarmup() {
        List<String> log = new ArrayList<>();
        List<Engine> engines = List.of(new Counting("a", log), new Counting("b", log));
        long[][] times = Sampler.sample(engines, new Sampler.Plan(2, 0, 7, 0, 1, 100));
        assertThat(times[0]).hasSize(7);
        assertThat(times[1]).hasSize(7);
        assertThat(log.subList(0, 4)).containsExactly("a", "a", "b", "b"); // warmup, engine by engine
        // 7 runs in 5 blocks: 2, 2, 1, 1, 1 per engine, alternating engines between blocks
        assertThat(String.join("", log.subList(4, log.size()))).isEqualTo("aabb" + "aabb" + "ab" + "ab" + "ab");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(Sampler.medianMs(new long[] {3_000_000, 1_000_000, 2_000_000})).isEqualTo(2.0);
        assertThat(Sampler.medianMs(new long[] {4_000_000, 1_000_000, 2_000_000, 3_000_000})).isEqualTo(2.5);
    }
}
