package dev.jlite.ops.elementwise;

import static dev.jlite.ops.elementwise.OpRuns.TOLERANCE;
import static dev.jlite.ops.elementwise.OpRuns.assertFloatsMatchOfficial;
import static dev.jlite.ops.elementwise.OpRuns.assertIntsMatchOfficial;
import static dev.jlite.ops.elementwise.OpRuns.floats;
import static dev.jlite.ops.elementwise.OpRuns.ints;
import static dev.jlite.ops.elementwise.OpRuns.jlite;
import static dev.jlite.ops.elementwise.OpRuns.nonZeroFloats;
import static dev.jlite.ops.elementwise.OpRuns.shape;
import static dev.jlite.ops.elementwise.OpRuns.size;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.Compare;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.DivOptions;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.SubOptions;

class BinaryOpsTest {
    private static final BuiltinOperator[] ARITHMETIC = {
        BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL, BuiltinOperator.DIV
    };
    private static final byte[] ACTIVATIONS = {
        ActivationFunctionType.NONE, ActivationFunctionType.RELU, ActivationFunctionType.RELU_N1_TO_1,
        ActivationFunctionType.RELU6, ActivationFunctionType.TANH
    };

    /** Pairs of input shapes up to rank 4 (what TensorFlow Lite 2.6 broadcasts), covering each fast path. */
    private static final List<int[][]> SHAPES = List.of(
            new int[][] {{}, {}},
            new int[][] {{5}, {5}},
            new int[][] {{2, 3, 4, 5}, {2, 3, 4, 5}},
            new int[][] {{1, 6, 6, 8}, {1, 6, 6, 8}},
            new int[][] {{2, 3, 4}, {}},
            new int[][] {{}, {3, 4}},
            new int[][] {{2, 3}, {1}},
            new int[][] {{1}, {2, 3}},
            new int[][] {{1, 4, 4, 8}, {8}},
            new int[][] {{8}, {1, 4, 4, 8}},
            new int[][] {{1, 4, 4, 8}, {1, 1, 1, 8}},
            new int[][] {{1, 4, 4, 8}, {1, 4, 4, 1}},
            new int[][] {{1, 4, 4, 1}, {1, 4, 4, 8}},
            new int[][] {{4, 1}, {1, 5}},
            new int[][] {{2, 1, 3}, {4, 1}},
            new int[][] {{3, 1, 5}, {1, 4, 1}},
            new int[][] {{1, 3, 1, 2}, {2, 1, 4, 1}},
            new int[][] {{2, 3, 4, 5}, {3, 1, 5}},
            new int[][] {{2, 3, 4, 5}, {2, 1, 4, 1}},
            new int[][] {{5, 1, 1, 7}, {1, 3, 2, 1}},
            new int[][] {{1, 1, 1}, {2, 2}});

    static ByteBuffer model(BuiltinOperator op, DataType type, int[] a, int[] b, byte activation) {
        OpModelBuilder builder = new OpModelBuilder(op);
        if (op == BuiltinOperator.ADD) {
            builder.options(BuiltinOptions.AddOptions, fbb -> AddOptions.createAddOptions(fbb, activation, false));
        } else if (op == BuiltinOperator.SUB) {
            builder.options(BuiltinOptions.SubOptions, fbb -> SubOptions.createSubOptions(fbb, activation, false));
        } else if (op == BuiltinOperator.MUL) {
            builder.options(BuiltinOptions.MulOptions, fbb -> MulOptions.createMulOptions(fbb, activation));
        } else if (op == BuiltinOperator.DIV) {
            builder.options(BuiltinOptions.DivOptions, fbb -> DivOptions.createDivOptions(fbb, activation));
        }
        builder.input(type, a);
        builder.input(type, b);
        builder.output(type, Naive.broadcastShape(a, b));
        return builder.build();
    }

    private static float[] operand(Random random, BuiltinOperator op, boolean divisor, int n) {
        return op == BuiltinOperator.DIV && divisor ? nonZeroFloats(random, n, 0.25f, 4f) : floats(random, n, -4f, 4f);
    }

    @Test
    void floatArithmeticMatchesOfficialForEveryBroadcastAndActivation() {
        Random random = new Random(11);
        int checked = 0;
        for (BuiltinOperator op : ARITHMETIC) {
            for (int[][] pair : SHAPES) {
                for (byte activation : ACTIVATIONS) {
                    float[] a = operand(random, op, false, size(pair[0]));
                    float[] b = operand(random, op, true, size(pair[1]));
                    assertFloatsMatchOfficial(op + " " + shape(pair[0]) + " " + shape(pair[1]) + " act " + activation,
                            model(op, DataType.FLOAT32, pair[0], pair[1], activation),
                            Naive.broadcastShape(pair[0], pair[1]), TOLERANCE, 1, a, b);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(ARITHMETIC.length * SHAPES.size() * ACTIVATIONS.length);
    }

    @Test
    void constantOperandsAndOperatorsWithoutOptionsMatchOfficial() {
        Random random = new Random(12);
        for (BuiltinOperator op : ARITHMETIC) {
            int[] shape = {2, 5, 3};
            float[] bias = operand(random, op, true, 3);
            OpModelBuilder builder = new OpModelBuilder(op);
            builder.input(DataType.FLOAT32, shape);
            builder.constant(DataType.FLOAT32, new int[] {3}, bias);
            builder.output(DataType.FLOAT32, shape);
            assertFloatsMatchOfficial(op + " constant operand, no options", builder.build(), shape, TOLERANCE, 1,
                    operand(random, op, false, size(shape)));
        }
    }

    @Test
    void largeTensorsSplitAcrossThreadsMatchOfficial() {
        Random random = new Random(13);
        int[][][] cases = {
            {{1, 64, 64, 32}, {1, 64, 64, 32}},
            {{1, 64, 64, 32}, {32}},
            {{1, 64, 64, 32}, {1, 64, 64, 1}},
            {{1, 64, 64, 32}, {}},
            {{2, 64, 1, 32}, {1, 1, 64, 1}}
        };
        for (BuiltinOperator op : ARITHMETIC) {
            for (int[][] pair : cases) {
                float[] a = operand(random, op, false, size(pair[0]));
                float[] b = operand(random, op, true, size(pair[1]));
                assertFloatsMatchOfficial(op + " " + shape(pair[0]) + " " + shape(pair[1]) + " on 2 threads",
                        model(op, DataType.FLOAT32, pair[0], pair[1], ActivationFunctionType.RELU6),
                        Naive.broadcastShape(pair[0], pair[1]), TOLERANCE, 2, a, b);
            }
        }
    }

    @Test
    void ranksFiveAndSixBroadcastLikeNumpy() {
        // TensorFlow Lite 2.6 only broadcasts up to rank 4; a per-element reference checks the higher ranks.
        Random random = new Random(14);
        int[][][] cases = {
            {{2, 1, 3, 1, 2}, {1, 4, 1, 5, 1}},
            {{2, 3, 1, 2, 1, 3}, {3, 4, 1, 2, 3}},
            {{1, 2, 1, 2, 1, 2}, {2, 1, 2, 1, 2, 1}},
            {{3, 1, 1, 1, 1, 4}, {4}},
            {{2, 2, 2, 2, 2, 2}, {2, 2, 2, 2, 2, 2}},
            {{2, 3, 2, 2, 3}, {}}
        };
        DoubleBinaryOperator[] functions = {(x, y) -> x + y, (x, y) -> x - y, (x, y) -> x * y, (x, y) -> x / y};
        for (int k = 0; k < ARITHMETIC.length; k++) {
            BuiltinOperator op = ARITHMETIC[k];
            for (int[][] pair : cases) {
                float[] a = operand(random, op, false, size(pair[0]));
                float[] b = operand(random, op, true, size(pair[1]));
                int[] outShape = Naive.broadcastShape(pair[0], pair[1]);
                OpRuns.Output out = jlite(model(op, DataType.FLOAT32, pair[0], pair[1],
                        ActivationFunctionType.NONE), 1, a, b);
                assertThat(out.shape()).containsExactly(outShape);
                Compare.assertClose(op + " " + shape(pair[0]) + " " + shape(pair[1]), out.floats(),
                        Naive.binary(a, pair[0], b, pair[1], functions[k]), TOLERANCE);
            }
        }
    }

    @Test
    void sameShapeRanksFiveAndSixMatchOfficial() {
        Random random = new Random(15);
        for (BuiltinOperator op : ARITHMETIC) {
            for (int[] shape : new int[][] {{2, 3, 2, 2, 3}, {1, 2, 3, 2, 1, 4}}) {
                assertFloatsMatchOfficial(op + " same shape " + shape(shape),
                        model(op, DataType.FLOAT32, shape, shape, ActivationFunctionType.RELU), shape, TOLERANCE, 1,
                        operand(random, op, false, size(shape)), operand(random, op, true, size(shape)));
            }
        }
    }

    @Test
    void int32ArithmeticIsBitExactWithOfficial() {
        Random random = new Random(16);
        byte[] activations = {
            ActivationFunctionType.NONE, ActivationFunctionType.RELU, ActivationFunctionType.RELU_N1_TO_1,
            ActivationFunctionType.RELU6
        };
        for (BuiltinOperator op : ARITHMETIC) {
            for (int[][] pair : SHAPES) {
                for (byte activation : activations) {
                    int[] a = ints(random, size(pair[0]), -1000, 1000);
                    int[] b = ints(random, size(pair[1]), -50, 50);
                    if (op == BuiltinOperator.DIV) {
                        for (int i = 0; i < b.length; i++) {
                            b[i] = b[i] == 0 ? 7 : b[i];
                        }
                    }
                    assertIntsMatchOfficial(op + " int32 " + shape(pair[0]) + " " + shape(pair[1]) + " act "
                            + activation, model(op, DataType.INT32, pair[0], pair[1], activation),
                            Naive.broadcastShape(pair[0], pair[1]), a, b);
                }
            }
        }
    }

    @Test
    void int32DivisionTruncatesTowardZero() {
        int[] a = {7, -7, 7, -7, 0, 9};
        int[] b = {2, 2, -2, -2, 5, 3};
        ByteBuffer model = model(BuiltinOperator.DIV, DataType.INT32, new int[] {6}, new int[] {6},
                ActivationFunctionType.NONE);
        assertThat(jlite(model, 1, a, b).ints()).containsExactly(3, -3, -3, 3, 0, 3);
        assertIntsMatchOfficial("int32 DIV signs", model, new int[] {6}, a, b);
    }

    @Test
    void infiniteResultsClampToFloatMaxAsInTensorFlowLite() {
        // CalculateActivationRange gives NONE the finite float range, so overflow saturates at Float.MAX_VALUE.
        float[] a = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f, 1f, Float.NaN};
        float[] b = {1f, 1f, 3e38f, 0f, 1f};
        ByteBuffer add = model(BuiltinOperator.ADD, DataType.FLOAT32, new int[] {5}, new int[] {5},
                ActivationFunctionType.NONE);
        float[] mine = jlite(add, 1, a, b).floats();
        assertThat(mine[0]).isEqualTo(Float.MAX_VALUE);
        assertThat(mine[1]).isEqualTo(-Float.MAX_VALUE);
        assertThat(mine[2]).isEqualTo(Float.MAX_VALUE);
        assertThat(mine[4]).isNaN();
        assertThat(mine).containsExactly((float[]) OpRuns.official(add, a, b));
        ByteBuffer div = model(BuiltinOperator.DIV, DataType.FLOAT32, new int[] {5}, new int[] {5},
                ActivationFunctionType.RELU);
        assertThat(jlite(div, 1, a, b).floats()).containsExactly((float[]) OpRuns.official(div, a, b));
    }

    /**
     * The vector clamp of the fused activation (compares and blends) gives the scalar Math.max/Math.min results
     * bit for bit, on the values where they could part: NaN, both zeros, infinities, the bounds themselves; and
     * the official results, signed zeros aside (std::max keeps -0 where both give +0). 37 elements: whole vectors
     * and a scalar tail. (Against the official results subnormal results count as zero: its build flushes them.)
     */
    @Test
    void vectorClampEqualsScalarOnSpecialValues() {
        float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1f, -1f, 6f, -6f, 0.5f, -0.5f, 7f, 3e38f, -3e38f, 1e-30f, -1e-30f};
        int n = 37;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = special[i % special.length];
            b[i] = special[(i * 7 + 3) % special.length];
        }
        for (BuiltinOperator op : ARITHMETIC) {
            for (byte activation : new byte[] {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
                ActivationFunctionType.RELU_N1_TO_1, ActivationFunctionType.RELU6}) {
                ByteBuffer model = model(op, DataType.FLOAT32, new int[] {n}, new int[] {n}, activation);
                String what = op + " activation " + activation;
                float[] simd = OpRuns.jliteWith(model, 1, true, a, b).floats();
                float[] scalar = OpRuns.jliteWith(model, 1, false, a, b).floats();
                assertThat(bits(simd, true)).as(what + " SIMD vs scalar").containsExactly(bits(scalar, true));
                assertThat(bits(simd, false)).as(what + " vs official")
                        .containsExactly(bits((float[]) OpRuns.official(model, a, b), false));
            }
        }
    }

    /**
     * ADD and MUL of a tensor and a per-channel operand (either side) run as one flat vector loop whose channel
     * index wraps: exactly the scalar results, and the official ones.
     */
    @Test
    void perChannelAddAndMulEqualScalarAndOfficialExactly() {
        Random random = new Random(23);
        int[][][] pairs = {{{1, 3, 5, 24}, {24}}, {{24}, {1, 3, 5, 24}}, {{2, 4, 4, 16}, {1, 1, 1, 16}},
            {{1, 1, 1, 16}, {2, 4, 4, 16}}, {{3, 8}, {8}}};
        for (BuiltinOperator op : new BuiltinOperator[] {BuiltinOperator.ADD, BuiltinOperator.MUL}) {
            for (int[][] pair : pairs) {
                for (byte activation : new byte[] {ActivationFunctionType.NONE, ActivationFunctionType.RELU6}) {
                    ByteBuffer model = model(op, DataType.FLOAT32, pair[0], pair[1], activation);
                    float[] a = floats(random, size(pair[0]), -4f, 4f);
                    float[] b = floats(random, size(pair[1]), -4f, 4f);
                    a[0] = Float.NaN;
                    b[b.length - 1] = Float.POSITIVE_INFINITY;
                    String what = op + " " + shape(pair[0]) + " " + shape(pair[1]) + " activation " + activation;
                    float[] simd = OpRuns.jliteWith(model, 1, true, a, b).floats();
                    float[] scalar = OpRuns.jliteWith(model, 1, false, a, b).floats();
                    assertThat(bits(simd, true)).as(what + " SIMD vs scalar").containsExactly(bits(scalar, true));
                    assertThat(bits(simd, false)).as(what + " vs official")
                            .containsExactly(bits((float[]) OpRuns.official(model, a, b), false));
                }
            }
        }
    }

    /** Raw bits, NaN compared exactly; without {@code exactZeros} -0 and subnormals count as +0. */
    static int[] bits(float[] v, boolean exactZeros) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(exactZeros || Math.abs(v[i]) >= Float.MIN_NORMAL
                    || Float.isNaN(v[i]) ? v[i] : 0f);
        }
        return out;
    }

    @Test
    void signBitActivationClampsNothingAsInTensorFlowLite() {
        Random random = new Random(17);
        float[] a = floats(random, 12, -4f, 4f);
        float[] b = floats(random, 12, -4f, 4f);
        ByteBuffer model = model(BuiltinOperator.MUL, DataType.FLOAT32, new int[] {3, 4}, new int[] {3, 4},
                ActivationFunctionType.SIGN_BIT);
        assertFloatsMatchOfficial("MUL SIGN_BIT", model, new int[] {3, 4}, TOLERANCE, 1, a, b);
    }

    static ByteBuffer preluModel(int[] input, int[] alpha, boolean constantAlpha, float[] alphaData) {
        OpModelBuilder builder = new OpModelBuilder(BuiltinOperator.PRELU);
        builder.input(DataType.FLOAT32, input);
        if (constantAlpha) {
            builder.constant(DataType.FLOAT32, alpha, alphaData);
        } else {
            builder.input(DataType.FLOAT32, alpha);
        }
        builder.output(DataType.FLOAT32, Naive.broadcastShape(input, alpha));
        return builder.build();
    }

    @Test
    void preluBroadcastsAlphaAgainstTheInput() {
        Random random = new Random(18);
        int[][][] cases = {
            {{1, 4, 4, 8}, {8}},
            {{1, 4, 4, 8}, {1, 1, 8}},
            {{1, 4, 4, 8}, {4, 4, 8}},
            {{1, 4, 4, 8}, {1, 1, 1}},
            {{2, 5}, {5}},
            {{3}, {3}},
            {{2, 3, 4}, {2, 3, 4}},
            {{1, 32, 32, 16}, {1, 1, 16}},
            {{2, 6, 5, 48}, {1, 1, 48}}
        };
        for (int[][] pair : cases) {
            float[] x = floats(random, size(pair[0]), -3f, 3f);
            float[] alpha = floats(random, size(pair[1]), -0.5f, 1.5f);
            assertFloatsMatchOfficial("PRELU " + shape(pair[0]) + " alpha " + shape(pair[1]),
                    preluModel(pair[0], pair[1], true, alpha), pair[0], TOLERANCE, 2, x);
            assertFloatsMatchOfficial("PRELU input alpha " + shape(pair[0]) + " alpha " + shape(pair[1]),
                    preluModel(pair[0], pair[1], false, null), pair[0], TOLERANCE, 1, x, alpha);
        }
    }

    @Test
    void preluOfRankFiveMatchesTheDefinition() {
        Random random = new Random(19);
        int[] input = {2, 2, 3, 2, 4};
        int[] alphaShape = {3, 1, 4};
        float[] x = floats(random, size(input), -3f, 3f);
        float[] alpha = floats(random, size(alphaShape), -0.5f, 1.5f);
        float[] out = jlite(preluModel(input, alphaShape, true, alpha), 1, x).floats();
        Compare.assertClose("PRELU rank 5", out,
                Naive.binary(x, input, alpha, alphaShape, (v, s) -> v >= 0 ? v : v * s), 0);
    }
}
