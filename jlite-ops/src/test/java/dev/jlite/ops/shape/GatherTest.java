package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.count;
import static dev.jlite.ops.shape.Oracle.random;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.GatherOptions;

class GatherTest {
    private final Random random = new Random(36);

    private static ByteBuffer model(DataType type, int[] in, DataType positionsType, int[] positions, int axis,
            int batchDims) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.GATHER);
        b.input(type, in);
        b.input(positionsType, positions);
        b.options(BuiltinOptions.GatherOptions, fbb -> GatherOptions.createGatherOptions(fbb, axis, batchDims));
        b.output(type, 1);
        return b.build();
    }

    private Object positions(DataType type, int n, int bound) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextInt(bound);
        }
        return type == DataType.INT32 ? p : PadTest.longs(p);
    }

    @Test
    void everyAxisAndPositionsRankMatchesTfLite() {
        for (int rank = 1; rank <= 4; rank++) {
            for (int axis = -rank; axis < rank; axis++) {
                int[] in = new int[rank];
                for (int d = 0; d < rank; d++) {
                    in[d] = 1 + random.nextInt(4);
                }
                int a = axis < 0 ? axis + rank : axis;
                for (int[] posShape : new int[][] {{}, {3}, {2, 2}}) {
                    for (DataType pt : new DataType[] {DataType.INT32, DataType.INT64}) {
                        Oracle.assertSame(model(DataType.FLOAT32, in, pt, posShape, axis, 0),
                                random(DataType.FLOAT32, count(in), random),
                                positions(pt, count(posShape), in[a]));
                    }
                }
            }
        }
    }

    @Test
    void batchDimsMatchTfLite() {
        // {input shape}, {positions shape}, {axis, batch_dims}
        int[][][] cases = {
            {{2, 3, 4}, {2, 5}, {1, 1}}, {{2, 3, 4}, {2, 5}, {2, 1}}, {{2, 3, 4}, {2, 3, 5}, {2, 2}},
            {{2, 3, 4}, {2, 3}, {2, 2}}, {{2, 3, 4}, {2, 5}, {2, -1}}, {{2, 3, 4, 2}, {2, 3, 2}, {3, -1}},
            {{2, 3, 4}, {2, 5}, {-1, 1}}, {{2, 3, 4}, {2, 3, 2, 2}, {-2, 1}},
        };
        for (int[][] c : cases) {
            int[] in = c[0];
            int axis = c[2][0];
            int size = in[axis < 0 ? axis + in.length : axis];
            Oracle.assertSame(model(DataType.FLOAT32, in, DataType.INT32, c[1], axis, c[2][1]),
                    random(DataType.FLOAT32, count(in), random), positions(DataType.INT32, count(c[1]), size));
        }
    }

    @Test
    void everyType() {
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8,
            DataType.BOOL}) {
            Oracle.assertSame(model(type, new int[] {4, 3}, DataType.INT32, new int[] {5}, 0, 0),
                    random(type, 12, random), positions(DataType.INT32, 5, 4));
        }
    }

    @Test
    void badPositionsAxesAndBatchDimsAreRejected() {
        ByteBuffer m = model(DataType.FLOAT32, new int[] {4, 3}, DataType.INT32, new int[] {2}, 0, 0);
        Oracle.assertBothReject(m, new float[12], new int[] {1, -1});
        Oracle.assertRejected(m, new float[12], new int[] {1, 4});
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {4, 3}, DataType.INT64, new int[] {1}, 1, 0),
                new float[12], new long[] {3});
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {4, 3}, DataType.INT32, new int[] {1}, 2, 0),
                new float[12], new int[] {0});
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {4, 3}, DataType.INT32, new int[] {1}, -3, 0),
                new float[12], new int[] {0});
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {4, 3}, DataType.INT32, new int[] {4, 1}, 1, 2),
                new float[12], new int[4]);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {4, 3}, DataType.INT32, new int[] {3, 1}, 1, 1),
                new float[12], new int[3]);
    }
}
