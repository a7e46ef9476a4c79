package dev.jlite.ops.elementwise;

import static dev.jlite.ops.elementwise.OpRuns.TOLERANCE;
import static dev.jlite.ops.elementwise.OpRuns.TRANSCENDENTAL_TOLERANCE;
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
import org.tensorflow.lite.schema.LeakyReluOptions;
import org.tensorflow.lite.schema.SoftmaxOptions;

class ActivationOpsTest {
    private static final int[][] SHAPES = {{}, {1}, {7}, {3, 5}, {2, 3, 4}, {1, 8, 8, 16}, {2, 1, 3, 2, 5}};

    static ByteBuffer unary(BuiltinOperator op, int[] shape) {
        OpModelBuilder builder = new OpModelBuilder(op);
        builder.input(DataType.FLOAT32, shape);
        builder.output(DataType.FLOAT32, shape);
        return builder.build();
    }

    @Test
    void testsRunTheSimdKernels() {
        // Tests compare both variants; without the module only the scalar one would be checked.
        assertThat(dev.jlite.ops.common.Vectorization.AVAILABLE).as("jdk.incubator.vector in the test JVM").isTrue();
    }

    @Test
    void clampsAndHardSwishMatchOfficial() {
        Random random = new Random(21);
        BuiltinOperator[] ops = {
            BuiltinOperator.RELU, BuiltinOperator.RELU6, BuiltinOperator.RELU_N1_TO_1, BuiltinOperator.HARD_SWISH
        };
        for (BuiltinOperator op : ops) {
            for (int[] shape : SHAPES) {
                assertFloatsMatchOfficial(op + " " + shape(shape), unary(op, shape), shape, TOLERANCE, 1,
                        floats(random, size(shape), -8f, 8f));
            }
        }
    }

    @Test
    void logisticAndTanhMatchOfficialAcrossTheirRange() {
        Random random = new Random(22);
        for (BuiltinOperator op : new BuiltinOperator[] {BuiltinOperator.LOGISTIC, BuiltinOperator.TANH}) {
            for (int[] shape : SHAPES) {
                assertFloatsMatchOfficial(op + " " + shape(shape), unary(op, shape), shape,
                        TRANSCENDENTAL_TOLERANCE, 1, floats(random, size(shape), -12f, 12f));
            }
            float[] special = {0f, -0f, 1e-6f, -1e-6f, 1e-3f, 0.5f, -0.5f, 9.5f, -9.5f, 20f, -20f, 100f, -100f,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
            int[] shape = {special.length};
            assertFloatsMatchOfficial(op + " special values", unary(op, shape), shape, TRANSCENDENTAL_TOLERANCE, 1,
                    special);
        }
    }

    @Test
    void logisticOfVeryNegativeInputsMatchesOfficialAndGivesNoSubnormalsInVectors() {
        // Around ln(FLT_MIN) = -87.3 the exact result becomes subnormal: the vector loop returns 0 below -87.
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = -110f + i * 0.5f;
        }
        int[] shape = {x.length};
        ByteBuffer model = unary(BuiltinOperator.LOGISTIC, shape);
        assertFloatsMatchOfficial("LOGISTIC near the subnormal range", model, shape, TRANSCENDENTAL_TOLERANCE, 1, x);
        float[] out = OpRuns.jliteWith(model, 1, true, x).floats();
        for (int i = 0; i < x.length; i++) {
            assertThat(out[i] == 0f || out[i] >= Float.MIN_NORMAL).as("logistic(" + x[i] + ") = " + out[i]).isTrue();
            assertThat((double) out[i]).isCloseTo(1 / (1 + Math.exp(-x[i])), org.assertj.core.data.Offset.offset(2e-38));
        }
    }

    @Test
    void tanhKeepsRelativePrecisionForTinyInputs() {
        float[] x = {1e-20f, -3e-8f, 2e-4f, -7e-4f, 1.5e-3f, 0.3f};
        for (boolean simd : new boolean[] {false, true}) {
            float[] out = OpRuns.jliteWith(unary(BuiltinOperator.TANH, new int[] {x.length}), 1, simd, x).floats();
            for (int i = 0; i < x.length; i++) {
                assertThat((double) out[i]).as("tanh(" + x[i] + ") simd " + simd).isCloseTo(Math.tanh(x[i]),
                        org.assertj.core.data.Percentage.withPercentage(1e-4));
            }
        }
    }

    @Test
    void largeActivationsSplitAcrossThreadsMatchOfficial() {
        Random random = new Random(23);
        int[] shape = {1, 96, 96, 24};
        for (BuiltinOperator op : new BuiltinOperator[] {
            BuiltinOperator.HARD_SWISH, BuiltinOperator.RELU6, BuiltinOperator.LOGISTIC, BuiltinOperator.TANH
        }) {
            assertFloatsMatchOfficial(op + " large", unary(op, shape), shape, TRANSCENDENTAL_TOLERANCE, 2,
                    floats(random, size(shape), -6f, 6f));
        }
    }

    static ByteBuffer leakyRelu(int[] shape, Float alpha) {
        OpModelBuilder builder = new OpModelBuilder(BuiltinOperator.LEAKY_RELU);
        if (alpha != null) {
            builder.options(BuiltinOptions.LeakyReluOptions,
                    fbb -> LeakyReluOptions.createLeakyReluOptions(fbb, alpha));
        }
        builder.input(DataType.FLOAT32, shape);
        builder.output(DataType.FLOAT32, shape);
        return builder.build();
    }

    @Test
    void leakyReluMatchesOfficialForEveryAlpha() {
        Random random = new Random(24);
        Float[] alphas = {0.2f, 0f, 1f, 1.5f, -0.3f, null};
        for (Float alpha : alphas) {
            for (int[] shape : SHAPES) {
                assertFloatsMatchOfficial("LEAKY_RELU alpha " + alpha + " " + shape(shape), leakyRelu(shape, alpha),
                        shape, TOLERANCE, 1, floats(random, size(shape), -5f, 5f));
            }
        }
    }

    static ByteBuffer softmax(int[] shape, Float beta) {
        OpModelBuilder builder = new OpModelBuilder(BuiltinOperator.SOFTMAX);
        if (beta != null) {
            builder.options(BuiltinOptions.SoftmaxOptions, fbb -> SoftmaxOptions.createSoftmaxOptions(fbb, beta));
        }
        builder.input(DataType.FLOAT32, shape);
        builder.output(DataType.FLOAT32, shape);
        return builder.build();
    }

    @Test
    void softmaxMatchesOfficialOverTheLastAxis() {
        Random random = new Random(25);
        int[][] shapes = {{1}, {6}, {3, 7}, {2, 3, 10}, {1, 4, 4, 6}, {2, 1, 2, 3, 4}, {2, 1001}};
        Float[] betas = {1f, 0.5f, 2.5f, 0f, null};
        for (int[] shape : shapes) {
            for (Float beta : betas) {
                assertFloatsMatchOfficial("SOFTMAX beta " + beta + " " + shape(shape), softmax(shape, beta), shape,
                        TRANSCENDENTAL_TOLERANCE, 1, floats(random, size(shape), -10f, 10f));
            }
        }
        int[] large = {128, 1000};
        assertFloatsMatchOfficial("SOFTMAX large", softmax(large, 1f), large, TRANSCENDENTAL_TOLERANCE, 2,
                floats(random, size(large), -30f, 30f));
    }

    @Test
    void softmaxRowsSumToOne() {
        Random random = new Random(26);
        float[] out = jlite(softmax(new int[] {5, 9}, 1f), 1, floats(random, 45, -50f, 50f)).floats();
        for (int r = 0; r < 5; r++) {
            double sum = 0;
            for (int c = 0; c < 9; c++) {
                assertThat(out[r * 9 + c]).isBetween(0f, 1f);
                sum += out[r * 9 + c];
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
