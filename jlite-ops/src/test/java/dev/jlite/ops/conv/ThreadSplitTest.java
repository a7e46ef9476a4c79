package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.elementwise.Parallel;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.Padding;

/**
 * Convolutions cut into several parts per thread compute every output exactly as on one thread: the split only
 * decides which thread computes which rows, pixels or channels. The shapes are odd (row and pixel counts that no part
 * count divides, channel tails) and large enough to be cut into the most parts two threads get.
 */
class ThreadSplitTest {
    private static final int THREADS = 2;
    private static final int MOST_PARTS = THREADS * Parallel.PARTS_PER_THREAD;

    @Test
    void conv2dRowsSplitLikeOneThread() {
        // 3x3 SAME, 19 rows of 13 pixels: border and interior pixels in every part.
        Conv2DTest.Case c = new Conv2DTest.Case(1, 19, 13, 37, 45, 3, 3, Padding.SAME, 1, 1, 1, 1,
                ActivationFunctionType.RELU6, true, true, 41);
        assertThat(parts(c.outH(), (long) c.outW() * c.kh() * c.kw() * c.in() * c.out())).isEqualTo(MOST_PARTS);
        assertConv2dExact(c);
    }

    @Test
    void conv2dPixelsSplitLikeOneThread() {
        // 1x1: 2 * 29 * 31 pixels, not a multiple of any pixel group, split across the batch boundary.
        Conv2DTest.Case c = new Conv2DTest.Case(2, 29, 31, 67, 70, 1, 1, Padding.VALID, 1, 1, 1, 1,
                ActivationFunctionType.NONE, true, true, 42);
        assertThat(pixelParts(c)).isEqualTo(MOST_PARTS);
        assertConv2dExact(c);
    }

    @Test
    void conv2dOneOutputChannelSplitsLikeOneThread() {
        // One output channel: the row-major path, whose 8-pixel groups reduce their sums in another order than
        // single pixels.
        Conv2DTest.Case c = new Conv2DTest.Case(1, 47, 43, 640, 1, 1, 1, Padding.VALID, 1, 1, 1, 1,
                ActivationFunctionType.NONE, true, true, 43);
        assertThat(pixelParts(c)).isEqualTo(MOST_PARTS);
        assertConv2dExact(c);
    }

    @Test
    void conv2dChannelsSplitLikeOneThread() {
        // One output row, 60 whole channel vectors and a tail: the split goes by channel blocks.
        Conv2DTest.Case c = new Conv2DTest.Case(1, 1, 21, 64, 485, 3, 3, Padding.SAME, 1, 1, 1, 1,
                ActivationFunctionType.RELU, true, true, 47);
        int blocks = c.out() / 8;
        assertThat(Conv2DKernel.balance(blocks, THREADS)).isGreaterThan(Conv2DKernel.balance(1, THREADS) + 0.1);
        assertThat(parts(blocks, (long) c.outW() * c.kh() * c.kw() * c.in() * 8)).isEqualTo(MOST_PARTS);
        assertConv2dExact(c);
    }

    @Test
    void conv2dChannelsWithOnePartialBlockPerPartSplitLikeOneThread() {
        // 60 channels, 7 and a half vectors: 6 parts of whole vectors, the half going with the last. Were the half a
        // block of its own, there would be 8 parts, the last of them only the half (computed by the narrow loop).
        Conv2DTest.Case c = new Conv2DTest.Case(1, 1, 64, 64, 60, 3, 3, Padding.SAME, 1, 1, 1, 1,
                ActivationFunctionType.NONE, true, true, 49);
        assertThat(parts(7, (long) c.outW() * c.kh() * c.kw() * c.in() * 8)).isEqualTo(6);
        assertConv2dExact(c);
    }

    @Test
    void conv2dStridedDilatedRowsSplitLikeOneThread() {
        Conv2DTest.Case c = new Conv2DTest.Case(2, 31, 27, 29, 40, 3, 2, Padding.SAME, 2, 1, 2, 2,
                ActivationFunctionType.NONE, false, true, 48);
        assertThat(parts(c.n() * c.outH(), (long) c.outW() * c.kh() * c.kw() * c.in() * c.out()))
                .isEqualTo(MOST_PARTS);
        assertConv2dExact(c);
    }

    @Test
    void depthwiseRowsSplitLikeOneThread() {
        DepthwiseConv2DTest.Case c = new DepthwiseConv2DTest.Case(1, 37, 41, 83, 1, 1, 3, 3, Padding.SAME, 1, 1, 1,
                1, ActivationFunctionType.RELU, true, true, 44);
        // Cut by the cheapest estimate, a CONV_2D multiply-add's cost: depthwise ones count more.
        assertThat(parts(c.outH(), (long) c.outW() * c.kh() * c.kw() * c.c())).isEqualTo(MOST_PARTS);
        assertConv(DepthwiseConv2DTest.model(c, weights(c.kh() * c.kw() * c.c() * c.m(), 45),
                weights(c.c() * c.m(), 46), true), c.n() * c.h() * c.w() * c.c());
    }

    /** The parts that a layer of {@code units} rows or groups, {@code unitMacs} multiply-adds each, is cut into. */
    private static int parts(int units, long unitMacs) {
        try (ThreadPool pool = new ThreadPool(THREADS)) {
            return Parallel.parts(pool, units, unitMacs, Conv2DKernel.MIN_PART_MACS);
        }
    }

    private static void assertConv2dExact(Conv2DTest.Case c) {
        ByteBuffer model = Conv2DTest.model(c, weights(c.out() * c.kh() * c.kw() * c.in(), c.seed()),
                weights(c.out(), c.seed() + 1), true);
        assertConv(model, c.n() * c.h() * c.w() * c.in());
    }

    private static void assertConv(ByteBuffer model, int inputSize) {
        float[] input = Oracle.random(new Random(inputSize), inputSize);
        for (boolean simd : new boolean[] {false, true}) {
            float[] one = Oracle.jlite(model.duplicate(), simd, 1, input);
            float[] two = Oracle.jlite(model.duplicate(), simd, THREADS, input);
            assertThat(two.length).isEqualTo(one.length);
            for (int i = 0; i < one.length; i++) {
                if (Float.floatToRawIntBits(two[i]) != Float.floatToRawIntBits(one[i])) {
                    throw new AssertionError("simd " + simd + ": output " + i + " of " + one.length + " is "
                            + two[i] + " on " + THREADS + " threads, " + one[i] + " on one");
                }
            }
        }
    }

    private static float[] weights(int n, long seed) {
        return Oracle.random(new Random(seed), n);
    }

    /** The parts of a 1x1 convolution split by pixel groups (all batches' pixels in a row). */
    private static int pixelParts(Conv2DTest.Case c) {
        int pixels = c.n() * c.h() * c.w();
        return parts((pixels + Conv2DKernel.PIXEL_GROUP - 1) / Conv2DKernel.PIXEL_GROUP,
                Conv2DKernel.PIXEL_GROUP * (long) c.in() * c.out());
    }
}
