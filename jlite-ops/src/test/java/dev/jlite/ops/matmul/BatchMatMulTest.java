package dev.jlite.ops.matmul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BATCH_MATMUL against a naive product (the differential suite compares it with TensorFlow Lite itself): adjoints,
 * broadcast batches of different ranks, threads; and the shapes TensorFlow Lite 2.6 rejects.
 */
class BatchMatMulTest {
    private static final byte OPTIONS = 101;

    private static ByteBuffer model(int[] a, int[] b, boolean adjX, boolean adjY, float[] constantB) {
        OpModelBuilder builder = new OpModelBuilder(BuiltinOperator.BATCH_MATMUL);
        builder.options(OPTIONS, fbb -> {
            fbb.startTable(3);
            fbb.addBoolean(0, adjX, false);
            fbb.addBoolean(1, adjY, false);
            return fbb.endTable();
        });
        builder.input(DataType.FLOAT32, a);
        if (constantB != null) {
            builder.constant(DataType.FLOAT32, b, constantB);
        } else {
            builder.input(DataType.FLOAT32, b);
        }
        builder.output(DataType.FLOAT32);
        return builder.build();
    }

    /** {@code a @ b} for [batch..., r, c] operands broadcast the NumPy way (shapes already adjoint-resolved). */
    private static float[] naive(float[] a, int[] as, float[] b, int[] bs, boolean adjX, boolean adjY, int[] os) {
        int rank = os.length;
        int rows = os[rank - 2];
        int cols = os[rank - 1];
        int depth = adjX ? as[as.length - 2] : as[as.length - 1];
        int batches = 1;
        for (int d = 0; d < rank - 2; d++) {
            batches *= os[d];
        }
        float[] out = new float[batches * rows * cols];
        for (int n = 0; n < batches; n++) {
            int aOff = batchOffset(n, os, as);
            int bOff = batchOffset(n, os, bs);
            int aCols = as[as.length - 1];
            int bCols = bs[bs.length - 1];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double s = 0;
                    for (int k = 0; k < depth; k++) {
                        float x = adjX ? a[aOff + k * aCols + i] : a[aOff + i * aCols + k];
                        float y = adjY ? b[bOff + j * bCols + k] : b[bOff + k * bCols + j];
                        s += (double) x * y;
                    }
                    out[(n * rows + i) * cols + j] = (float) s;
                }
            }
        }
        return out;
    }

    private static int batchOffset(int n, int[] outShape, int[] shape) {
        int outBatchRank = outShape.length - 2;
        int batchRank = shape.length - 2;
        int offset = 0;
        int stride = shape[shape.length - 1] * shape[shape.length - 2];
        int rest = n;
        for (int d = outBatchRank - 1; d >= 0; d--) {
            int k = rest % outShape[d];
            rest /= outShape[d];
            int sd = d - (outBatchRank - batchRank);
            if (sd >= 0) {
                if (shape[sd] != 1) {
                    offset += k * stride;
                }
                stride *= shape[sd];
            }
        }
        return offset;
    }

    @Test
    void matchesNaiveProductsWithAdjointsAndBroadcastBatches() {
        Random random = new Random(7);
        int[][][] cases = {
            {{2, 3}, {3, 4}, {2, 4}},
            {{2, 1, 5, 3}, {4, 3, 7}, {2, 4, 5, 7}},
            {{3, 5, 9}, {1, 9, 17}, {3, 5, 17}},
            {{1, 8}, {2, 3, 8, 33}, {2, 3, 1, 33}},
        };
        for (int[][] c : cases) {
            for (int adj = 0; adj < 4; adj++) {
                boolean adjX = (adj & 1) != 0;
                boolean adjY = (adj & 2) != 0;
                int[] as = adjX ? swapLast(c[0]) : c[0];
                int[] bs = adjY ? swapLast(c[1]) : c[1];
                float[] a = floats(random, size(as));
                float[] b = floats(random, size(bs));
                float[] expected = naive(a, as, b, bs, adjX, adjY, c[2]);
                for (int threads : new int[] {1, 2}) {
                    for (boolean constant : new boolean[] {false, true}) {
                        ByteBuffer m = model(as, bs, adjX, adjY, constant ? b : null);
                        JliteRunner.Outputs out = constant
                                ? JliteRunner.runWithShapes(m, new Interpreter.Options().setNumThreads(threads), a)
                                : JliteRunner.runWithShapes(m, new Interpreter.Options().setNumThreads(threads), a, b);
                        assertThat(out.shapes()[0]).isEqualTo(c[2]);
                        float[] actual = (float[]) out.data()[0];
                        for (int i = 0; i < expected.length; i++) {
                            assertThat((double) actual[i]).isCloseTo(expected[i],
                                    org.assertj.core.data.Offset.offset(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsWhatTensorFlowLiteRejects() {
        assertThatThrownBy(() -> JliteRunner.run(model(new int[] {2, 3}, new int[] {4, 5}, false, false, null),
                new float[6], new float[20])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("inner dimensions");
        assertThatThrownBy(() -> JliteRunner.run(model(new int[] {2, 2, 3}, new int[] {3, 3, 4}, false, false, null),
                new float[12], new float[36])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("broadcast");
        assertThatThrownBy(() -> JliteRunner.run(model(new int[] {1, 1, 1, 2, 3}, new int[] {3, 4}, false, false,
                null), new float[6], new float[12])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("rank 2 to 4");
    }

    private static int[] swapLast(int[] s) {
        int[] t = s.clone();
        t[t.length - 1] = s[s.length - 2];
        t[t.length - 2] = s[s.length - 1];
        return t;
    }

    private static int size(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    private static float[] floats(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 4 - 2;
        }
        return a;
    }
}
