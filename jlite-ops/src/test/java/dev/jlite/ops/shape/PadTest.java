package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.count;
import static dev.jlite.ops.shape.Oracle.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PadTest {
    private final Random random = new Random(34);

    /**
     * PAD (value == null) or PADV2 with a constant one-element value. Paddings are INT32 or INT64, constant or a
     * model input.
     */
    private static ByteBuffer model(DataType type, int[] in, int[] paddings, DataType paddingsType, boolean runtime,
            Object value) {
        OpModelBuilder b = new OpModelBuilder(value == null ? BuiltinOperator.PAD : BuiltinOperator.PADV2);
        int input = b.input(type, in);
        int[] shape = {in.length, 2};
        if (runtime) {
            b.input(paddingsType, shape);
        } else {
            b.constant(paddingsType, shape, paddingsType == DataType.INT32 ? paddings : longs(paddings));
        }
        int v = value == null ? -1 : b.constant(type, new int[0], value);
        int out = b.output(type, 1);
        if (type == DataType.UINT8 || type == DataType.INT8) {
            int zero = type == DataType.UINT8 ? 131 : -7;
            b.quantize(input, 0.5f, zero).quantize(out, 0.5f, zero);
            if (v >= 0) {
                b.quantize(v, 0.5f, zero);
            }
        }
        return b.build();
    }

    static long[] longs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    private int[] randomPaddings(int rank) {
        int[] p = new int[2 * rank];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextInt(3);
        }
        return p;
    }

    @Test
    void padMatchesTfLiteForRanksOneToFive() {
        for (int rank = 1; rank <= 5; rank++) {
            for (int k = 0; k < 6; k++) {
                int[] in = new int[rank];
                for (int d = 0; d < rank; d++) {
                    in[d] = 1 + random.nextInt(rank == 5 ? 3 : 4);
                }
                int[] paddings = randomPaddings(rank);
                Object data = random(DataType.FLOAT32, count(in), random);
                Oracle.assertSame(model(DataType.FLOAT32, in, paddings, DataType.INT32, false, null), data);
                // TensorFlow Lite 2.6 reads INT64 paddings as INT32 words; jlite reads their values.
                Oracle.assertSameAs(model(DataType.FLOAT32, in, paddings, DataType.INT64, false, null),
                        model(DataType.FLOAT32, in, paddings, DataType.INT32, false, null), data);
                Oracle.assertSame(model(DataType.FLOAT32, in, paddings, DataType.INT32, false, new float[] {-2.5f}),
                        data);
            }
        }
    }

    /**
     * The shapes PadPlan merges differently: channel padding alone (one row per pixel), spatial padding (whole
     * W * C runs copied), padding on a size-1 dimension, unpadded size-1 dimensions between padded ones, and a
     * one-dimensional tensor.
     */
    @Test
    void padPatternsMatchTfLite() {
        int[][][] cases = {{{1, 8, 8, 24}, {0, 0, 0, 0, 0, 0, 0, 4}}, {{1, 8, 8, 24}, {0, 0, 0, 0, 0, 0, 2, 3}},
                {{1, 6, 6, 5}, {0, 0, 1, 1, 1, 1, 0, 0}}, {{1, 6, 6, 5}, {0, 0, 0, 0, 2, 0, 0, 0}},
                {{2, 3, 1, 4}, {1, 0, 0, 0, 2, 2, 0, 0}}, {{1, 1, 5}, {0, 0, 0, 0, 3, 0}},
                {{3, 1, 1, 2}, {0, 0, 0, 0, 0, 0, 1, 1}}, {{2, 3, 4}, {0, 0, 1, 0, 0, 0}},
                {{2, 1, 3, 1, 2}, {0, 1, 0, 0, 1, 0, 0, 2, 0, 0}}, {{7}, {2, 3}}, {{7}, {0, 0}}};
        for (int[][] c : cases) {
            Object data = random(DataType.FLOAT32, count(c[0]), random);
            Oracle.assertSame(model(DataType.FLOAT32, c[0], c[1], DataType.INT32, false, null), data);
            Oracle.assertSame(model(DataType.FLOAT32, c[0], c[1], DataType.INT32, false, new float[] {-2.5f}), data);
            Object bytes = random(DataType.INT8, count(c[0]), random);
            Oracle.assertSame(model(DataType.INT8, c[0], c[1], DataType.INT32, false, new byte[] {5}), bytes);
        }
    }

    @Test
    void padV2ValuesAndZeroPointsPerType() {
        int[] in = {2, 3, 2};
        int[] paddings = {1, 0, 2, 1, 0, 3};
        Oracle.assertSame(model(DataType.INT32, in, paddings, DataType.INT32, false, null), random(DataType.INT32, 12,
                random));
        Oracle.assertSame(model(DataType.INT32, in, paddings, DataType.INT32, false, new int[] {-77}),
                random(DataType.INT32, 12, random));
        Oracle.assertSame(model(DataType.INT64, in, paddings, DataType.INT32, false, null), random(DataType.INT64, 12,
                random));
        Oracle.assertSame(model(DataType.INT64, in, paddings, DataType.INT32, false, new long[] {1L << 40}),
                random(DataType.INT64, 12, random));
        for (DataType type : new DataType[] {DataType.UINT8, DataType.INT8}) {
            Oracle.assertSame(model(type, in, paddings, DataType.INT32, false, null), random(type, 12, random));
            Oracle.assertSame(model(type, in, paddings, DataType.INT32, false, new byte[] {(byte) 200}),
                    random(type, 12, random));
        }
    }

    @Test
    void runtimePaddingsGiveTheConstantPaddingsResult() {
        for (int k = 0; k < 6; k++) {
            int[] in = {1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3)};
            int[] paddings = randomPaddings(3);
            Object data = random(DataType.FLOAT32, count(in), random);
            Oracle.assertSameAs(model(DataType.FLOAT32, in, paddings, DataType.INT32, true, null),
                    model(DataType.FLOAT32, in, paddings, DataType.INT32, false, null),
                    new Object[] {data, paddings}, new Object[] {data});
            Oracle.assertSameAs(model(DataType.FLOAT32, in, paddings, DataType.INT64, true, new float[] {9f}),
                    model(DataType.FLOAT32, in, paddings, DataType.INT32, false, new float[] {9f}),
                    new Object[] {data, longs(paddings)}, new Object[] {data});
        }
    }

    @Test
    void badPaddingsAreRejected() {
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {2, 2}, new int[] {0, -1, 1, 1}, DataType.INT32,
                false, null), new float[4]);
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.PAD);
        b.input(DataType.FLOAT32, 2, 2);
        b.constant(DataType.INT32, new int[] {2, 3}, new int[6]);
        b.output(DataType.FLOAT32, 2, 2);
        Oracle.assertBothReject(b.build(), new float[4]);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {2, 2}, new int[] {0, 1, -1, 1}, DataType.INT32,
                true, null), new float[4], new int[] {0, 1, -1, 1});
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {1, 1, 1, 1, 1, 2}, new int[12], DataType.INT32,
                false, null), new float[2]);
        OpModelBuilder v = new OpModelBuilder(BuiltinOperator.PADV2);
        v.input(DataType.FLOAT32, 2, 2);
        v.constant(DataType.INT32, new int[] {2, 2}, new int[4]);
        v.constant(DataType.FLOAT32, new int[] {2}, new float[2]);
        v.output(DataType.FLOAT32, 2, 2);
        Oracle.assertBothReject(v.build(), new float[4]);
    }

    @Test
    void padOnSeveralThreadsEqualsOneThreadAndTfLite() {
        // Large enough to split; row counts that divide unevenly among the parts, padding on the split axis,
        // the split axis past a leading 1, a batch split, and a split along the only long dimension.
        int[][][] cases = {{{1, 37, 29, 33}, {0, 0, 2, 1, 1, 3, 0, 0}}, {{1, 1, 50, 700}, {0, 0, 0, 0, 3, 0, 1, 1}},
                {{3, 21, 19, 30}, {1, 2, 1, 0, 0, 1, 0, 0}}, {{1, 40001}, {0, 0, 5, 7}}, {{2, 90, 200}, {0, 0, 0, 0,
                        0, 0}}};
        for (int[][] c : cases) {
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.INT8}) {
                Object data = random(type, count(c[0]), random);
                for (Object value : type == DataType.FLOAT32 ? new Object[] {null, new float[] {1.5f}}
                        : new Object[] {null}) {
                    ByteBuffer m = model(type, c[0], c[1], DataType.INT32, false, value);
                    Oracle.Output[] one = Oracle.jlite(m, data);
                    for (int threads : new int[] {2, 3}) {
                        Oracle.Output[] several = Oracle.jlite(m, new Interpreter.Options().setNumThreads(threads),
                                data);
                        assertThat(several[0].shape()).containsExactly(one[0].shape());
                        assertThat(several[0].data()).as("%s on %d threads", Arrays.toString(c[0]), threads)
                                .isEqualTo(one[0].data());
                    }
                    Oracle.assertSame(m, data);
                }
            }
        }
    }
}
