package dev.jlite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ThreadPoolTest {
    @Test
    void everyIndexRunsExactlyOnceInContiguousSlices() {
        try (ThreadPool pool = new ThreadPool(3)) {
            for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 11, 12, 13, 100, 1001, 70_001}) {
                for (int repeat = 0; repeat < 50; repeat++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                    pool.parallelFor(n, (from, to) -> {
                        assertTrue(0 <= from && from < to && to <= n, from + ".." + to + " of " + n);
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "index " + i + " of " + n);
                    }
                }
            }
        }
    }

    @Test
    void theCallerTakesTheChunksOfAWorkerThatIsHeldUp() {
        // 8 chunks on 2 threads: the caller owns the first 4, the worker the last 4. A worker that joins is held in
        // its first chunk until the caller has run 7: the caller must take the rest of the worker's share from its
        // back. (When the worker does not join at all, the caller runs all 8.)
        try (ThreadPool pool = new ThreadPool(2)) {
            Thread caller = Thread.currentThread();
            for (int repeat = 0; repeat < 20; repeat++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(8);
                java.util.concurrent.atomic.AtomicInteger byCaller = new java.util.concurrent.atomic.AtomicInteger();
                boolean[] late = new boolean[8];
                pool.parallelFor(8, (from, to) -> {
                    if (Thread.currentThread() == caller) {
                        late[from] = from >= 4;
                        byCaller.incrementAndGet();
                    } else {
                        long end = System.nanoTime() + 5_000_000_000L;
                        while (byCaller.get() < 7 && System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                    }
                    hits.incrementAndGet(from);
                });
                int fromWorkerShare = 0;
                for (int i = 0; i < 8; i++) {
                    assertEquals(1, hits.get(i), "chunk " + i);
                    fromWorkerShare += late[i] ? 1 : 0;
                }
                assertTrue(byCaller.get() >= 7, "the caller ran " + byCaller.get() + " of 8 chunks");
                assertTrue(fromWorkerShare >= 3, "the caller took " + fromWorkerShare + " of the worker's chunks");
            }
        }
    }

    @Test
    void aLoopNoLongerThanThePoolGetsOneIterationPerSlice() {
        try (ThreadPool pool = new ThreadPool(4)) {
            for (int n = 1; n <= 4; n++) {
                int[] widths = new int[n];
                int loop = n;
                pool.parallelFor(n, (from, to) -> widths[from] = to - from);
                int[] ones = new int[loop];
                java.util.Arrays.fill(ones, 1);
                assertArrayEquals(ones, widths);
            }
        }
    }

    @Test
    void aLoopInsideASliceRunsInline() {
        try (ThreadPool pool = new ThreadPool(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(40);
            pool.parallelFor(4, (from, to) -> {
                for (int p = from; p < to; p++) {
                    int base = p * 10;
                    pool.parallelFor(10, (a, b) -> {
                        for (int i = a; i < b; i++) {
                            hits.incrementAndGet(base + i);
                        }
                    });
                }
            });
            for (int i = 0; i < 40; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }

    @Test
    void aSliceFailureReachesTheCallerAndThePoolStaysUsable() {
        try (ThreadPool pool = new ThreadPool(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            for (int repeat = 0; repeat < 20; repeat++) {
                int bad = repeat % 8;
                RuntimeException thrown = assertThrows(RuntimeException.class, () -> pool.parallelFor(8, (from, to) -> {
                    if (from <= bad && bad < to) {
                        throw boom;
                    }
                }));
                assertSame(boom, thrown);
            }
            int[] sum = new int[1];
            pool.parallelFor(1, (from, to) -> sum[0] += to - from);
            assertEquals(1, sum[0]);
            AtomicIntegerArray hits = new AtomicIntegerArray(9);
            pool.parallelFor(9, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 9; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }

    @Test
    void manyShortLoopsBackToBackNeverMixUpTheirTasks() {
        // Workers that wake late must not run a chunk of a loop that has moved on.
        try (ThreadPool pool = new ThreadPool(2)) {
            long[] sums = new long[5000];
            for (int loop = 0; loop < sums.length; loop++) {
                int n = 2 + loop % 37;
                int id = loop;
                java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
                pool.parallelFor(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        sum.addAndGet(i + 1L + id * 1000L);
                    }
                });
                sums[loop] = sum.get();
                assertEquals(n * (n + 1L) / 2 + n * (long) id * 1000L, sums[loop], "loop " + loop);
            }
        }
    }
}
