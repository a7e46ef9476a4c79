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
import dev.jlite.testing.Compare;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ReducerOptions;

class ReduceOpsTest {
    private static final BuiltinOperator[] REDUCERS = {
        BuiltinOperator.MEAN, BuiltinOperator.SUM, BuiltinOperator.REDUCE_MAX
    };

    /** Input shapes with axis lists: negative, duplicate, unordered, empty and all axes. */
    private static final Object[][] CASES = {
        {new int[] {2, 3, 4, 5}, new int[] {1, 2}},
        {new int[] {2, 3, 4, 5}, new int[] {2, 1}},
        {new int[] {2, 3, 4, 5}, new int[] {-1}},
        {new int[] {2, 3, 4, 5}, new int[] {0, -1}},
        {new int[] {2, 3, 4, 5}, new int[] {1, 1, -3}},
        {new int[] {2, 3, 4, 5}, new int[] {0, 1, 2, 3}},
        {new int[] {2, 3, 4, 5}, new int[] {3, 0}},
        {new int[] {2, 3, 4, 5}, new int[] {-4}},
        {new int[] {2, 3, 4, 5}, new int[] {}},
        {new int[] {2, 3, 4, 5}, new int[] {2}},
        {new int[] {1, 7, 7, 32}, new int[] {1, 2}},
        {new int[] {3, 1, 4}, new int[] {1}},
        {new int[] {3, 1, 4}, new int[] {0, 2}},
        {new int[] {4}, new int[] {0}},
        {new int[] {4}, new int[] {-1}},
        {new int[] {2, 3, 2, 2, 3}, new int[] {1, 3}},
        {new int[] {2, 2, 3, 1, 2, 3}, new int[] {-1, 0, 2}}
    };

    static ByteBuffer model(BuiltinOperator op, int[] shape, int[] axis, boolean scalarAxis, Boolean keepDims) {
        OpModelBuilder builder = new OpModelBuilder(op);
        if (keepDims != null) {
            builder.options(BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb, keepDims));
        }
        builder.input(DataType.FLOAT32, shape);
        builder.constant(DataType.INT32, scalarAxis ? new int[0] : new int[] {axis.length}, axis);
        builder.output(DataType.FLOAT32, expectedShape(shape, axis, keepDims != null && keepDims));
        return builder.build();
    }

    static int[] expectedShape(int[] shape, int[] axis, boolean keepDims) {
        boolean[] reduced = reducedDims(shape, axis);
        return java.util.stream.IntStream.range(0, shape.length)
                .filter(d -> keepDims || !reduced[d])
                .map(d -> reduced[d] ? 1 : shape[d])
                .toArray();
    }

    private static boolean[] reducedDims(int[] shape, int[] axis) {
        boolean[] reduced = new boolean[shape.length];
        for (int a : axis) {
            reduced[a < 0 ? a + shape.length : a] = true;
        }
        return reduced;
    }

    /** The reduction computed per output element in double. */
    static float[] naive(BuiltinOperator op, float[] x, int[] shape, int[] axis) {
        boolean[] reduced = reducedDims(shape, axis);
        int[] kept = expectedShape(shape, axis, true);
        int outSize = size(kept);
        double[] acc = new double[outSize];
        int[] counts = new int[outSize];
        Arrays.fill(acc, op == BuiltinOperator.REDUCE_MAX ? -Float.MAX_VALUE : 0);
        for (int i = 0; i < x.length; i++) {
            int[] c = Naive.coordinates(shape, i);
            for (int d = 0; d < c.length; d++) {
                c[d] = reduced[d] ? 0 : c[d];
            }
            int o = Naive.index(kept, c);
            acc[o] = op == BuiltinOperator.REDUCE_MAX ? Math.max(acc[o], x[i]) : acc[o] + x[i];
            counts[o]++;
        }
        float[] out = new float[outSize];
        for (int o = 0; o < outSize; o++) {
            out[o] = (float) (op == BuiltinOperator.MEAN && counts[o] > 0 ? acc[o] / counts[o] : acc[o]);
        }
        return out;
    }

    @Test
    void reductionsMatchOfficialForEveryAxisPatternAndKeepDims() {
        Random random = new Random(31);
        for (BuiltinOperator op : REDUCERS) {
            for (Object[] c : CASES) {
                int[] shape = (int[]) c[0];
                int[] axis = (int[]) c[1];
                for (Boolean keepDims : new Boolean[] {true, false, null}) {
                    float[] x = floats(random, size(shape), -5f, 5f);
                    String what = op + " " + shape(shape) + " axis " + shape(axis) + " keep_dims " + keepDims;
                    float[] mine = assertFloatsMatchOfficial(what, model(op, shape, axis, false, keepDims),
                            expectedShape(shape, axis, keepDims != null && keepDims), TOLERANCE, 1, x);
                    Compare.assertClose(what + " vs definition", mine, naive(op, x, shape, axis), TOLERANCE);
                }
            }
        }
    }

    @Test
    void scalarAxisTensorAndScalarInput() {
        Random random = new Random(32);
        for (BuiltinOperator op : REDUCERS) {
            int[] shape = {3, 4, 5};
            float[] x = floats(random, size(shape), -5f, 5f);
            assertFloatsMatchOfficial(op + " scalar axis -2", model(op, shape, new int[] {-2}, true, false),
                    new int[] {3, 5}, TOLERANCE, 1, x);
            assertFloatsMatchOfficial(op + " scalar input", model(op, new int[0], new int[0], false, false),
                    new int[0], TOLERANCE, 1, new float[] {2.5f});
        }
    }

    @Test
    void largeReductionsSplitAcrossThreadsMatchOfficial() {
        Random random = new Random(33);
        Object[][] cases = {
            {new int[] {1, 32, 32, 64}, new int[] {1, 2}},
            {new int[] {2, 16, 16, 128}, new int[] {1, 2}},
            {new int[] {64, 1000}, new int[] {1}},
            {new int[] {8, 64, 64}, new int[] {0}},
            {new int[] {4, 64, 256}, new int[] {1}}
        };
        for (BuiltinOperator op : REDUCERS) {
            for (Object[] c : cases) {
                int[] shape = (int[]) c[0];
                int[] axis = (int[]) c[1];
                assertFloatsMatchOfficial(op + " large " + shape(shape) + " axis " + shape(axis),
                        model(op, shape, axis, false, true), expectedShape(shape, axis, true), TOLERANCE, 2,
                        floats(random, size(shape), -5f, 5f));
            }
        }
    }

    @Test
    void meanOverHeightAndWidthSumsInTensorFlowLiteOrder() {
        // The keep_dims NHWC mean is TensorFlow Lite's special case; both sum each channel row by row.
        Random random = new Random(34);
        int[] shape = {2, 5, 6, 16};
        float[] x = floats(random, size(shape), -100f, 100f);
        ByteBuffer model = model(BuiltinOperator.MEAN, shape, new int[] {1, 2}, false, true);
        float[] mine = jlite(model, 1, x).floats();
        assertThat(mine).containsExactly((float[]) OpRuns.official(model, x));
    }

    @Test
    void reduceMaxSkipsNanAndStartsAtLowestFloat() {
        float[] x = {Float.NaN, 1f, -2f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3f, 7f};
        ByteBuffer model = model(BuiltinOperator.REDUCE_MAX, new int[] {4, 2}, new int[] {1}, false, false);
        float[] mine = jlite(model, 1, x).floats();
        assertThat(mine).containsExactly(1f, -2f, -Float.MAX_VALUE, 7f);
        assertThat(mine).containsExactly((float[]) OpRuns.official(model, x));
    }

    @Test
    void axisFromAModelInputSizesTheOutputWhileRunning() {
        Random random = new Random(35);
        int[] shape = {2, 3, 4};
        for (BuiltinOperator op : REDUCERS) {
            for (int[] axis : new int[][] {{1}, {-1, 0}, {2, 2}, {}, {0, 1, 2}}) {
                for (boolean keepDims : new boolean[] {true, false}) {
                    OpModelBuilder builder = new OpModelBuilder(op);
                    builder.options(BuiltinOptions.ReducerOptions,
                            fbb -> ReducerOptions.createReducerOptions(fbb, keepDims));
                    builder.input(DataType.FLOAT32, shape);
                    builder.input(DataType.INT32, axis.length);
                    builder.output(DataType.FLOAT32, expectedShape(shape, axis, keepDims));
                    float[] x = floats(random, size(shape), -5f, 5f);
                    OpRuns.Output out = jlite(builder.build(), 1, x, axis);
                    String what = op + " dynamic axis " + shape(axis) + " keep_dims " + keepDims;
                    assertThat(out.shape()).as(what).containsExactly(expectedShape(shape, axis, keepDims));
                    Compare.assertClose(what, out.floats(), naive(op, x, shape, axis), TOLERANCE);
                }
            }
            OpModelBuilder scalar = new OpModelBuilder(op);
            scalar.input(DataType.FLOAT32);
            scalar.input(DataType.INT32, 0);
            scalar.output(DataType.FLOAT32);
            OpRuns.Output out = jlite(scalar.build(), 1, new float[] {2.5f}, new int[0]);
            assertThat(out.shape()).as(op + " of a scalar").isEmpty();
            assertThat(out.floats()).as(op + " of a scalar").containsExactly(2.5f);
        }
    }
}
