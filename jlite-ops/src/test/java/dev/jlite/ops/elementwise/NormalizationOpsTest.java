package dev.jlite.ops.elementwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * LOG_SOFTMAX, L2_NORMALIZATION and LOCAL_RESPONSE_NORMALIZATION against their formulas in double (the
 * differential suite compares them with TensorFlow Lite itself), and the nodes TensorFlow Lite 2.6 rejects.
 */
class NormalizationOpsTest {
    private static ByteBuffer model(BuiltinOperator op, int[] shape, byte unionType,
            ToIntFunction<com.google.flatbuffers.FlatBufferBuilder> options) {
        OpModelBuilder builder = new OpModelBuilder(op);
        if (options != null) {
            builder.options(unionType, options);
        }
        builder.input(DataType.FLOAT32, shape);
        builder.output(DataType.FLOAT32, shape);
        return builder.build();
    }

    private static ByteBuffer lrn(int[] shape, int radius, float bias, float alpha, float beta) {
        return model(BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION, shape, (byte) 13, fbb -> {
            fbb.startTable(4);
            fbb.addInt(0, radius, 0);
            fbb.addFloat(1, bias, 0);
            fbb.addFloat(2, alpha, 0);
            fbb.addFloat(3, beta, 0);
            return fbb.endTable();
        });
    }

    private static ByteBuffer l2(int[] shape, int activation) {
        return model(BuiltinOperator.L2_NORMALIZATION, shape, (byte) 12, fbb -> {
            fbb.startTable(1);
            fbb.addByte(0, (byte) activation, 0);
            return fbb.endTable();
        });
    }

    private static float[] run(ByteBuffer model, float[] x) {
        return (float[]) JliteRunner.run(model, x)[0];
    }

    private static float[] floats(int n, long seed) {
        Random random = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 6 - 3;
        }
        return a;
    }

    @Test
    void logSoftmaxIsXMinusLogSumExpPerRow() {
        int depth = 17;
        float[] x = floats(3 * depth, 1);
        float[] y = run(model(BuiltinOperator.LOG_SOFTMAX, new int[] {3, depth}, (byte) 36, null), x);
        for (int r = 0; r < 3; r++) {
            double sum = 0;
            for (int c = 0; c < depth; c++) {
                sum += Math.exp(x[r * depth + c]);
            }
            for (int c = 0; c < depth; c++) {
                assertThat((double) y[r * depth + c]).isCloseTo(x[r * depth + c] - Math.log(sum), Offset.offset(1e-5));
            }
        }
    }

    @Test
    void l2NormalizationDividesByTheRowNormFlooredAtOneMillionth() {
        int depth = 7;
        float[] x = floats(2 * depth, 2);
        for (int c = 0; c < depth; c++) {
            x[depth + c] *= 1e-8f; // a row whose norm is below the floor
        }
        float[] y = run(l2(new int[] {2, depth}, 0), x);
        for (int r = 0; r < 2; r++) {
            double squares = 0;
            for (int c = 0; c < depth; c++) {
                squares += (double) x[r * depth + c] * x[r * depth + c];
            }
            double norm = Math.max(Math.sqrt(squares), 1e-6);
            for (int c = 0; c < depth; c++) {
                assertThat((double) y[r * depth + c]).isCloseTo(x[r * depth + c] / norm, Offset.offset(1e-6));
            }
        }
    }

    @Test
    void localResponseNormalizationSumsSquaresOverTheClippedWindow() {
        int[] shape = {1, 2, 1, 9};
        float[] x = floats(18, 3);
        int radius = 2;
        float bias = 1.5f;
        float alpha = 0.3f;
        float beta = 0.75f;
        float[] y = run(lrn(shape, radius, bias, alpha, beta), x);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 9; c++) {
                double squares = 0;
                for (int j = Math.max(0, c - radius); j <= Math.min(8, c + radius); j++) {
                    squares += (double) x[r * 9 + j] * x[r * 9 + j];
                }
                double expected = x[r * 9 + c] * Math.pow(bias + alpha * squares, -beta);
                assertThat((double) y[r * 9 + c]).isCloseTo(expected, Offset.offset(1e-5));
            }
        }
    }

    @Test
    void rejectsWhatTensorFlowLiteRejects() {
        assertThatThrownBy(() -> run(l2(new int[] {2, 3}, 1), new float[6]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("activation");
        assertThatThrownBy(() -> run(l2(new int[] {1, 1, 1, 2, 3}, 0), new float[6]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("rank 1 to 4");
        assertThatThrownBy(() -> run(lrn(new int[] {2, 3, 4}, 1, 1f, 1f, 0.5f), new float[24]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("rank 4");
        assertThatThrownBy(() -> run(lrn(new int[] {1, 1, 2, 4}, -1, 1f, 1f, 0.5f), new float[8]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("radius");
    }
}
