package dev.jlite.ops.elementwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.kernel.ThreadPool;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void partsStayOnTheCallerBelowTwoPartsOfWork() {
        try (ThreadPool pool = new ThreadPool(2)) {
            assertThat(Parallel.parts(pool, 100, 10, 1001)).isEqualTo(1);
            assertThat(Parallel.parts(pool, 100, 10, 500)).isEqualTo(2);
            assertThat(Parallel.parts(pool, 1, 1 << 30, 1)).isEqualTo(1);
        }
        try (ThreadPool one = new ThreadPool(1)) {
            assertThat(Parallel.parts(one, 100, 1 << 20, 1)).isEqualTo(1);
        }
        assertThat(Parallel.parts(null, 100, 1 << 20, 1)).isEqualTo(1);
    }

    @Test
    void partsAreAFewPerThreadAndAMultipleOfTheThreadsWhereUnitsAllow() {
        try (ThreadPool pool = new ThreadPool(3)) {
            assertThat(Parallel.parts(pool, 1000, 1000, 1)).isEqualTo(3 * Parallel.PARTS_PER_THREAD);
            assertThat(Parallel.parts(pool, 1000, 1000, 1000 * 1000 / 7)).isEqualTo(6);
            assertThat(Parallel.parts(pool, 8, 1000, 1)).isEqualTo(6);
            assertThat(Parallel.parts(pool, 2, 1000, 1)).isEqualTo(2);
            for (int units = 1; units < 50; units++) {
                for (long minPart = 1; minPart < 100; minPart += 7) {
                    int parts = Parallel.parts(pool, units, 10, minPart);
                    assertThat(parts).isBetween(1, Math.min(units, 3 * Parallel.PARTS_PER_THREAD));
                    assertThat(parts == 1 || (long) units * 10 / parts >= minPart).as("%d units, min %d: %d parts",
                            units, minPart, parts).isTrue();
                }
            }
        }
    }
}
