package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.count;
import static dev.jlite.ops.shape.Oracle.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;

class ConcatenationTest {
    private final Random random = new Random(2);

    /** Concatenates inputs of the given shapes; those flagged constant get {@code constantData}. */
    private static ByteBuffer model(DataType type, int[][] shapes, int axis, byte activation, boolean[] constant,
            Object[] constantData) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONCATENATION);
        for (int i = 0; i < shapes.length; i++) {
            if (constant != null && constant[i]) {
                b.constant(type, shapes[i], constantData[i]);
            } else {
                b.input(type, shapes[i]);
            }
        }
        b.options(BuiltinOptions.ConcatenationOptions,
                fbb -> ConcatenationOptions.createConcatenationOptions(fbb, axis, activation));
        b.output(type, 1);
        return b.build();
    }

    private int[][] shapesAlong(int[] base, int axis, int inputs) {
        int[][] shapes = new int[inputs][];
        for (int i = 0; i < inputs; i++) {
            shapes[i] = base.clone();
            shapes[i][axis] = 1 + random.nextInt(4);
        }
        return shapes;
    }

    @Test
    void everyAxisAndInputCountMatchesTfLite() {
        for (int rank = 1; rank <= 4; rank++) {
            for (int axis = -rank; axis < rank; axis++) {
                for (int inputs = 1; inputs <= 4; inputs++) {
                    int[] base = new int[rank];
                    for (int d = 0; d < rank; d++) {
                        base[d] = 1 + random.nextInt(4);
                    }
                    int[][] shapes = shapesAlong(base, axis < 0 ? axis + rank : axis, inputs);
                    Object[] data = new Object[inputs];
                    for (int i = 0; i < inputs; i++) {
                        data[i] = random(DataType.FLOAT32, count(shapes[i]), random);
                    }
                    Oracle.assertSame(model(DataType.FLOAT32, shapes, axis, ActivationFunctionType.NONE, null, null),
                            data);
                }
            }
        }
    }

    @Test
    void constantInputsAndEveryType() {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.INT32, DataType.INT64, DataType.UINT8,
            DataType.INT8, DataType.INT16, DataType.BOOL}) {
            int[][] shapes = {{2, 3, 2}, {2, 1, 2}, {2, 4, 2}};
            Object[] all = new Object[3];
            for (int i = 0; i < 3; i++) {
                all[i] = random(type, count(shapes[i]), random);
            }
            Oracle.assertSame(model(type, shapes, 1, ActivationFunctionType.NONE, null, null), all);
            boolean[] constant = {false, true, false};
            Oracle.assertSame(model(type, shapes, -2, ActivationFunctionType.NONE, constant, all), all[0], all[2]);
        }
    }

    @Test
    void fusedActivationClampsFloatOutput() {
        int[][] shapes = {{2, 3}, {2, 5}};
        float[] a = (float[]) random(DataType.FLOAT32, 6, random);
        float[] b = (float[]) random(DataType.FLOAT32, 10, random);
        float[] expected = new float[16];
        for (byte act : new byte[] {ActivationFunctionType.RELU, ActivationFunctionType.RELU6,
            ActivationFunctionType.RELU_N1_TO_1}) {
            Oracle.Output[] out = Oracle.jlite(model(DataType.FLOAT32, shapes, 1, act, null, null), a, b);
            float lo = act == ActivationFunctionType.RELU_N1_TO_1 ? -1 : 0;
            float hi = act == ActivationFunctionType.RELU ? Float.POSITIVE_INFINITY
                    : act == ActivationFunctionType.RELU6 ? 6 : 1;
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 8; c++) {
                    float v = c < 3 ? a[r * 3 + c] : b[r * 5 + c - 3];
                    expected[r * 8 + c] = Math.min(Math.max(v, lo), hi);
                }
            }
            assertThat(out[0].shape()).containsExactly(2, 8);
            assertThat((float[]) out[0].data()).containsExactly(expected);
        }
    }

    @Test
    void uint8InputsWithOtherQuantizationAreRequantized() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONCATENATION);
        int x = b.input(DataType.UINT8, 2, 3);
        int y = b.input(DataType.UINT8, 2, 2);
        int z = b.input(DataType.UINT8, 2, 4);
        b.options(BuiltinOptions.ConcatenationOptions,
                fbb -> ConcatenationOptions.createConcatenationOptions(fbb, -1, ActivationFunctionType.NONE));
        int out = b.output(DataType.UINT8, 2, 9);
        b.quantize(x, 0.5f, 128).quantize(y, 0.1f, 3).quantize(z, 0.25f, 10).quantize(out, 0.25f, 10);
        Oracle.assertSame(b.build(), random(DataType.UINT8, 6, random), random(DataType.UINT8, 4, random),
                random(DataType.UINT8, 8, random));
    }

    @Test
    void int8InputsMustShareTheOutputQuantization() {
        OpModelBuilder same = new OpModelBuilder(BuiltinOperator.CONCATENATION);
        int a = same.input(DataType.INT8, 2, 3);
        int b = same.input(DataType.INT8, 2, 2);
        int out = same.output(DataType.INT8, 2, 5);
        same.options(BuiltinOptions.ConcatenationOptions,
                fbb -> ConcatenationOptions.createConcatenationOptions(fbb, 1, ActivationFunctionType.NONE));
        same.quantize(a, 0.5f, -3).quantize(b, 0.5f, -3).quantize(out, 0.5f, -3);
        Oracle.assertSame(same.build(), random(DataType.INT8, 6, random), random(DataType.INT8, 4, random));

        OpModelBuilder other = new OpModelBuilder(BuiltinOperator.CONCATENATION);
        a = other.input(DataType.INT8, 2, 3);
        b = other.input(DataType.INT8, 2, 2);
        out = other.output(DataType.INT8, 2, 5);
        other.options(BuiltinOptions.ConcatenationOptions,
                fbb -> ConcatenationOptions.createConcatenationOptions(fbb, 1, ActivationFunctionType.NONE));
        other.quantize(a, 0.5f, -3).quantize(b, 0.25f, -3).quantize(out, 0.5f, -3);
        Oracle.assertBothReject(other.build(), new byte[6], new byte[4]);
    }

    @Test
    void mismatchedInputsAreRejected() {
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[][] {{2, 3}, {3, 3}}, 1, ActivationFunctionType.NONE,
                null, null), new float[6], new float[9]);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[][] {{2, 3}, {2, 3, 1}}, 0,
                ActivationFunctionType.NONE, null, null), new float[6], new float[6]);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[][] {{2, 3}, {2, 3}}, 2, ActivationFunctionType.NONE,
                null, null), new float[6], new float[6]);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[][] {{2, 3}, {2, 3}}, -3, ActivationFunctionType.NONE,
                null, null), new float[6], new float[6]);
        Oracle.assertRejected(model(DataType.INT32, new int[][] {{2, 3}, {2, 3}}, 0, ActivationFunctionType.RELU,
                null, null), new int[6], new int[6]);
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONCATENATION);
        b.input(DataType.FLOAT32, 2);
        b.input(DataType.INT32, 2);
        b.output(DataType.FLOAT32, 4);
        Oracle.assertRejected(b.build(), new float[2], new int[2]);
    }
}
