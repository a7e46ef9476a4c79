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
import org.tensorflow.lite.schema.SqueezeOptions;

class SqueezeExpandDimsTest {
    private final Random random = new Random(43);

    private static ByteBuffer squeeze(DataType type, int[] in, int[] dims) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.SQUEEZE);
        b.input(type, in);
        if (dims != null) {
            b.options(BuiltinOptions.SqueezeOptions, fbb -> SqueezeOptions.createSqueezeOptions(fbb,
                    SqueezeOptions.createSqueezeDimsVector(fbb, dims)));
        }
        b.output(type, 1);
        return b.build();
    }

    private static ByteBuffer expandDims(DataType type, int[] in, DataType axisType, long axis, boolean runtime) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.EXPAND_DIMS);
        b.input(type, in);
        Object value = axisType == DataType.INT32 ? (Object) new int[] {(int) axis} : new long[] {axis};
        if (runtime) {
            b.input(axisType, 1);
        } else {
            b.constant(axisType, new int[] {1}, value);
        }
        b.output(type, 1);
        return b.build();
    }

    @Test
    void squeezeMatchesTfLite() {
        int[][][] cases = {
            {{1, 3, 1, 4}, null}, {{1, 3, 1, 4}, {}}, {{1, 3, 1, 4}, {0}}, {{1, 3, 1, 4}, {2}},
            {{1, 3, 1, 4}, {-2}}, {{1, 3, 1, 4}, {-4, 2}}, {{1, 3, 1, 4}, {2, 2, -2}}, {{1, 1, 1}, null},
            {{1}, {0}}, {{2, 3}, null}, {{1, 2, 1, 1, 3, 1, 1, 1}, {-8, 3, -1}},
        };
        for (int[][] c : cases) {
            Oracle.assertSame(squeeze(DataType.FLOAT32, c[0], c[1]), random(DataType.FLOAT32, count(c[0]), random));
        }
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8,
            DataType.INT16, DataType.BOOL}) {
            Oracle.assertSame(squeeze(type, new int[] {1, 5, 1}, new int[] {0}), random(type, 5, random));
        }
    }

    @Test
    void squeezingADimensionOtherThanOneIsRejected() {
        Oracle.assertBothReject(squeeze(DataType.FLOAT32, new int[] {1, 3}, new int[] {1}), new float[3]);
        Oracle.assertBothReject(squeeze(DataType.FLOAT32, new int[] {1, 3}, new int[] {2}), new float[3]);
        Oracle.assertBothReject(squeeze(DataType.FLOAT32, new int[] {1, 3}, new int[] {-3}), new float[3]);
    }

    @Test
    void expandDimsMatchesTfLiteForEveryAxis() {
        int[][] shapes = {{}, {3}, {2, 3}, {2, 1, 4}, {2, 3, 4, 5}};
        for (int[] shape : shapes) {
            for (int axis = -shape.length - 1; axis <= shape.length; axis++) {
                Object data = random(DataType.FLOAT32, count(shape), random);
                Oracle.assertSame(expandDims(DataType.FLOAT32, shape, DataType.INT32, axis, false), data);
                Oracle.assertSame(expandDims(DataType.FLOAT32, shape, DataType.INT64, axis, false), data);
                Oracle.assertSameAs(expandDims(DataType.FLOAT32, shape, DataType.INT32, axis, true),
                        expandDims(DataType.FLOAT32, shape, DataType.INT32, axis, false),
                        new Object[] {data, new int[] {axis}}, new Object[] {data});
            }
        }
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8,
            DataType.INT16, DataType.BOOL}) {
            Oracle.assertSame(expandDims(type, new int[] {2, 3}, DataType.INT32, -1, false), random(type, 6, random));
        }
    }

    @Test
    void expandDimsAxisOutOfRangeIsRejected() {
        Oracle.assertBothReject(expandDims(DataType.FLOAT32, new int[] {2, 3}, DataType.INT32, 3, false),
                new float[6]);
        Oracle.assertRejected(expandDims(DataType.FLOAT32, new int[] {2, 3}, DataType.INT32, -4, false),
                new float[6]);
        Oracle.assertRejected(expandDims(DataType.FLOAT32, new int[] {2, 3}, DataType.INT32, 7, true),
                new float[6], new int[] {7});
    }
}
