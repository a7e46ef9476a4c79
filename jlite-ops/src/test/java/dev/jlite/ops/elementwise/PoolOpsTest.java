package dev.jlite.ops.elementwise;

import static dev.jlite.ops.elementwise.OpRuns.TOLERANCE;
import static dev.jlite.ops.elementwise.OpRuns.assertFloatsMatchOfficial;
import static dev.jlite.ops.elementwise.OpRuns.floats;
import static dev.jlite.ops.elementwise.OpRuns.jlite;
import static dev.jlite.ops.elementwise.OpRuns.shape;
import static dev.jlite.ops.elementwise.OpRuns.size;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptions;

class PoolOpsTest {
    private static final BuiltinOperator[] POOLS = {BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D};

    /** {filterW, filterH, strideW, strideH}. */
    private static final int[][] WINDOWS = {
        {1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 1, 1}, {3, 3, 2, 2}, {2, 3, 1, 2}, {3, 2, 3, 2}, {5, 5, 1, 1}, {4, 4, 4, 4}
    };

    static int outputSize(byte padding, int in, int filter, int stride) {
        return padding == Padding.SAME ? (in + stride - 1) / stride : (in - filter + stride) / stride;
    }

    static ByteBuffer model(BuiltinOperator op, int[] input, byte padding, int[] w, byte activation) {
        OpModelBuilder builder = new OpModelBuilder(op);
        builder.options(BuiltinOptions.Pool2DOptions,
                fbb -> Pool2DOptions.createPool2DOptions(fbb, padding, w[2], w[3], w[0], w[1], activation));
        builder.input(DataType.FLOAT32, input);
        builder.output(DataType.FLOAT32, expected(input, padding, w));
        return builder.build();
    }

    static int[] expected(int[] input, byte padding, int[] w) {
        return new int[] {input[0], outputSize(padding, input[1], w[1], w[3]), outputSize(padding, input[2], w[0], w[2]),
            input[3]};
    }

    @Test
    void poolsMatchOfficialForEveryWindowStridePaddingAndActivation() {
        Random random = new Random(41);
        int[][] inputs = {{1, 8, 8, 3}, {2, 7, 9, 5}, {1, 5, 5, 1}, {1, 6, 4, 16}};
        int checked = 0;
        for (BuiltinOperator op : POOLS) {
            for (int[] input : inputs) {
                for (int[] w : WINDOWS) {
                    for (byte padding : new byte[] {Padding.SAME, Padding.VALID}) {
                        int[] out = expected(input, padding, w);
                        if (out[1] <= 0 || out[2] <= 0) {
                            continue;
                        }
                        byte activation = (byte) (checked % 6);
                        String what = op + " " + shape(input) + " window " + shape(w) + " padding " + padding
                                + " act " + activation;
                        assertFloatsMatchOfficial(what, model(op, input, padding, w, activation), out, TOLERANCE, 1,
                                floats(random, size(input), -8f, 8f));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void averageDividesByTheElementsInsideTheInput() {
        // A 3x3 window at a SAME-padded corner covers 4 input elements: the average of ones stays 1.
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);
        float[] out = jlite(model(BuiltinOperator.AVERAGE_POOL_2D, new int[] {1, 4, 4, 1}, Padding.SAME,
                new int[] {3, 3, 1, 1}, (byte) 0), 1, ones).floats();
        assertThat(out).containsOnly(1f).hasSize(16);
    }

    @Test
    void largePoolsSplitAcrossThreadsMatchOfficial() {
        Random random = new Random(42);
        int[] input = {1, 64, 64, 32};
        for (BuiltinOperator op : POOLS) {
            for (int[] w : new int[][] {{2, 2, 2, 2}, {3, 3, 1, 1}}) {
                assertFloatsMatchOfficial(op + " large " + shape(w), model(op, input, Padding.SAME, w, (byte) 3),
                        expected(input, Padding.SAME, w), TOLERANCE, 2, floats(random, size(input), -8f, 8f));
            }
        }
    }

    @Test
    void maxPoolPassesOverNanLikeTensorFlowLite() {
        float[] x = {Float.NaN, 2f, -1f, Float.NaN};
        ByteBuffer model = model(BuiltinOperator.MAX_POOL_2D, new int[] {1, 2, 2, 1}, Padding.VALID,
                new int[] {2, 2, 1, 1}, (byte) 0);
        assertThat(jlite(model, 1, x).floats()).containsExactly(2f)
                .containsExactly((float[]) OpRuns.official(model, x));
    }

    /**
     * The SIMD kernel covers the channels with whole vectors (the last one overlapping the previous when the count
     * is not a multiple of the vector length, scalar code below one vector) and has its own 2x2 path: every such
     * case must give exactly the official results and the scalar kernel's, NaN and signed zeros included.
     */
    @Test
    void channelCountsAroundTheVectorLengthMatchOfficialAndScalarExactly() {
        Random random = new Random(43);
        int[][] windows = {{2, 2, 2, 2}, {3, 3, 2, 2}, {2, 2, 1, 1}, {3, 1, 1, 2}};
        int checked = 0;
        for (BuiltinOperator op : POOLS) {
            for (int c : new int[] {1, 3, 7, 8, 9, 15, 16, 17, 24, 28, 40}) {
                int[] input = {1, 5, 6, c};
                for (int[] w : windows) {
                    for (byte padding : new byte[] {Padding.SAME, Padding.VALID}) {
                        // The clamp of a fused activation turns -0 into +0 where TensorFlow Lite's std::max keeps
                        // it (as jlite's other float kernels do): signed zeros are compared without activation.
                        byte activation = (byte) (checked % 2 == 0 ? 0 : 3);
                        boolean signedZeros = activation == 0;
                        ByteBuffer model = model(op, input, padding, w, activation);
                        float[] x = floats(random, size(input), -8f, 8f);
                        for (int i = 0; i < x.length; i += 7) {
                            x[i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? -0f : 0f;
                        }
                        String what = op + " c " + c + " window " + shape(w) + " padding " + padding;
                        int[] simd = bits(OpRuns.jliteWith(model, 1, true, x).floats(), signedZeros);
                        int[] scalar = bits(OpRuns.jliteWith(model, 1, false, x).floats(), signedZeros);
                        int[] official = bits((float[]) OpRuns.official(model, x), signedZeros);
                        assertThat(simd).as(what + " SIMD vs official").containsExactly(official);
                        assertThat(scalar).as(what + " scalar vs official").containsExactly(official);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(2 * 11 * 4 * 2);
    }

    /** Raw bits, so that NaN and (when {@code signedZeros}) -0 compare exactly. */
    private static int[] bits(float[] v, boolean signedZeros) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(signedZeros || v[i] != 0f ? v[i] : 0f);
        }
        return b;
    }
}
