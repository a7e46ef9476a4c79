package dev.jlite.ops.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.ops.common.Vectorization;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Vector API engine gives exactly the plain Java engine's results (the definition). */
class QuantizedEngineTest {
    private static QuantizedEngine vector;
    private final QuantizedEngine scalar = new ScalarQuantizedEngine();
    private final Random random = new Random(3);

    @BeforeAll
    static void load() throws ReflectiveOperationException {
        Assumptions.assumeTrue(Vectorization.AVAILABLE, "jdk.incubator.vector is not present");
        vector = (QuantizedEngine) Class.forName("dev.jlite.ops.quant.VectorQuantizedEngine")
                .getDeclaredConstructor().newInstance();
    }

    private int[] ints(int n, int lo, int hi) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + random.nextInt(hi - lo + 1);
        }
        return a;
    }

    @Test
    void gemmMatchesForEveryPixelCountAndOffset() {
        for (int trial = 0; trial < 200; trial++) {
            int depth = 1 + random.nextInt(40);
            int blocks = 1 + random.nextInt(3);
            int pixels = 1 + random.nextInt(QuantizedEngine.PIXELS);
            int xStride = depth + random.nextInt(5);
            int xBase = random.nextInt(7);
            int wBase = random.nextInt(9);
            int accStride = blocks * QuantizedEngine.BLOCK + random.nextInt(3);
            int[] x = ints(xBase + pixels * xStride + depth, -255, 255);
            int[] w = ints(wBase + blocks * depth * QuantizedEngine.BLOCK, -255, 255);
            int[] acc = ints(QuantizedEngine.PIXELS * accStride, -100_000, 100_000);
            int[] expected = acc.clone();
            scalar.gemm(x, xBase, xStride, pixels, depth, w, wBase, blocks, expected, accStride);
            vector.gemm(x, xBase, xStride, pixels, depth, w, wBase, blocks, acc, accStride);
            assertThat(acc).isEqualTo(expected);
        }
    }

    @Test
    void multiplyAddAndWidenMatch() {
        for (int trial = 0; trial < 200; trial++) {
            int n = random.nextInt(70);
            int[] x = ints(n + 5, -255, 255);
            int[] w = ints(n + 3, -255, 255);
            int[] acc = ints(n + 2, -100_000, 100_000);
            int[] expected = acc.clone();
            scalar.multiplyAdd(x, 5, w, 3, expected, 2, n);
            vector.multiplyAdd(x, 5, w, 3, acc, 2, n);
            assertThat(acc).isEqualTo(expected);
            byte[] b = new byte[n + 4];
            random.nextBytes(b);
            int mask = random.nextBoolean() ? 0xff : -1;
            int zp = random.nextInt(256) - 128;
            int[] a = new int[n + 1];
            int[] e = new int[n + 1];
            scalar.widen(b, 4, mask, zp, e, 1, n);
            vector.widen(b, 4, mask, zp, a, 1, n);
            assertThat(a).isEqualTo(e);
        }
    }

    @Test
    void depthwiseMatches() {
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(60);
            int taps = random.nextInt(10);
            int[] x = ints(4 * n + 10, -255, 255);
            int[] w = ints(9 * n + 5, -255, 255);
            int[] xs = new int[taps];
            int[] ws = new int[taps];
            for (int t = 0; t < taps; t++) {
                xs[t] = random.nextInt(3 * n + 10);
                ws[t] = random.nextInt(8 * n + 5);
            }
            int[] acc = ints(n + 1, -100_000, 100_000);
            int[] expected = acc.clone();
            scalar.depthwise(x, xs, w, ws, taps, expected, 1, n);
            vector.depthwise(x, xs, w, ws, taps, acc, 1, n);
            assertThat(acc).isEqualTo(expected);
        }
    }

    @Test
    void requantizeMatchesWithBothRoundingsAndAnyShift() {
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(40);
            int[] m = new int[n];
            int[] s = new int[n];
            for (int c = 0; c < n; c++) {
                FixedPoint.Multiplier q = FixedPoint.quantizeMultiplier(Math.pow(2, -20 + 22 * random.nextDouble()));
                m[c] = q.multiplier();
                s[c] = q.shift();
            }
            boolean single = random.nextBoolean();
            int zp = random.nextInt(256) - 128;
            OutputStage stage = OutputStage.of(m, s, single, zp, -128 + random.nextInt(20), 127 - random.nextInt(20));
            // Small accumulators where the multiplier exceeds 1, so that x * 2^left stays in range.
            int[] acc = ints(n + 3, -(1 << 16), 1 << 16);
            byte[] expected = new byte[n + 2];
            byte[] actual = new byte[n + 2];
            scalar.requantize(stage, acc, 3, expected, 2, n);
            vector.requantize(stage, acc, 3, actual, 2, n);
            assertThat(actual).as("single rounding %s", single).isEqualTo(expected);
        }
    }
}
