package dev.jlite.ops.elementwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The integer and the newer reductions on values whose results show TensorFlow Lite's arithmetic: an integer
 * MEAN truncates toward zero, integer products and sums wrap in their own width, REDUCE_MIN and REDUCE_PROD fold
 * floats in order; a float MEAN over more than 4 axis entries is rejected (TensorFlow Lite's overflows its
 * MeanParams). (The differential suite compares all of them with TensorFlow Lite itself.)
 */
class IntegerReduceTest {
    private static ByteBuffer model(BuiltinOperator op, DataType type, int[] shape, int... axes) {
        OpModelBuilder builder = new OpModelBuilder(op);
        builder.input(type, shape);
        builder.constant(DataType.INT32, new int[] {axes.length}, axes);
        builder.output(type);
        return builder.build();
    }

    private static Object run(BuiltinOperator op, DataType type, int[] shape, Object x, int... axes) {
        return JliteRunner.run(model(op, type, shape, axes), x)[0];
    }

    @Test
    void integerMeanTruncatesTowardZero() {
        assertThat((int[]) run(BuiltinOperator.MEAN, DataType.INT32, new int[] {2, 2}, new int[] {-3, 3, -4, 4}, 1))
                .containsExactly(0, 0);
        assertThat((int[]) run(BuiltinOperator.MEAN, DataType.INT32, new int[] {2, 2}, new int[] {-3, -4, 5, 6}, 0))
                .containsExactly(1, 1);
        assertThat((int[]) run(BuiltinOperator.MEAN, DataType.INT32, new int[] {3}, new int[] {-3, -4, 0}, 0))
                .containsExactly(-2);
        assertThat((long[]) run(BuiltinOperator.MEAN, DataType.INT64, new int[] {2}, new long[] {-1L << 40, -1}, 0))
                .containsExactly(-(1L << 39));
    }

    @Test
    void integerSumsAndProductsWrapInTheirWidth() {
        assertThat((int[]) run(BuiltinOperator.REDUCE_PROD, DataType.INT32, new int[] {3},
                new int[] {65536, 65536, 3}, 0)).containsExactly(0);
        assertThat((int[]) run(BuiltinOperator.REDUCE_PROD, DataType.INT32, new int[] {2}, new int[] {46341, 46341}, 0))
                .containsExactly(46341 * 46341);
        assertThat((int[]) run(BuiltinOperator.SUM, DataType.INT32, new int[] {2},
                new int[] {Integer.MAX_VALUE, 1}, 0)).containsExactly(Integer.MIN_VALUE);
        assertThat((long[]) run(BuiltinOperator.SUM, DataType.INT64, new int[] {2}, new long[] {Long.MAX_VALUE, 2},
                0)).containsExactly(Long.MIN_VALUE + 1);
    }

    @Test
    void minimumsMaximumsAndProducts() {
        assertThat((long[]) run(BuiltinOperator.REDUCE_MIN, DataType.INT64, new int[] {2, 3},
                new long[] {5, Long.MIN_VALUE, 7, 1, 2, 3}, 1)).containsExactly(Long.MIN_VALUE, 1);
        assertThat((int[]) run(BuiltinOperator.REDUCE_MAX, DataType.INT32, new int[] {2, 3},
                new int[] {5, -9, 7, -1, -2, -3}, 0)).containsExactly(5, -2, 7);
        assertThat((float[]) run(BuiltinOperator.REDUCE_MIN, DataType.FLOAT32, new int[] {2, 2},
                new float[] {1.5f, -2f, 0.25f, 4f}, 0, 1)).containsExactly(-2f);
        assertThat((float[]) run(BuiltinOperator.REDUCE_PROD, DataType.FLOAT32, new int[] {2, 2},
                new float[] {1.5f, -2f, 0.25f, 4f}, 1)).containsExactly(-3f, 1f);
    }

    @Test
    void floatMeanRejectsMoreThanFourAxes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(BuiltinOperator.MEAN, DataType.FLOAT32,
                new int[] {2, 2, 1, 1}, new float[4], 0, 1, 2, 3, -1))
                .isInstanceOf(dev.jlite.ModelFormatException.class).hasMessageContaining("at most 4");
        assertThat((int[]) run(BuiltinOperator.MEAN, DataType.INT32, new int[] {2, 2, 1, 1}, new int[] {1, 2, 3, 6},
                0, 1, 2, 3, -1)).containsExactly(3);
    }
}
