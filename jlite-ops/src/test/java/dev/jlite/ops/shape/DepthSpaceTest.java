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
import org.tensorflow.lite.schema.DepthToSpaceOptions;
import org.tensorflow.lite.schema.SpaceToDepthOptions;

class DepthSpaceTest {
    private final Random random = new Random(5);

    private static ByteBuffer depthToSpace(DataType type, int[] in, int block) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEPTH_TO_SPACE);
        b.input(type, in);
        b.options(BuiltinOptions.DepthToSpaceOptions, fbb -> DepthToSpaceOptions.createDepthToSpaceOptions(fbb, block));
        b.output(type, 1);
        return b.build();
    }

    private static ByteBuffer spaceToDepth(DataType type, int[] in, int block) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.SPACE_TO_DEPTH);
        b.input(type, in);
        b.options(BuiltinOptions.SpaceToDepthOptions, fbb -> SpaceToDepthOptions.createSpaceToDepthOptions(fbb, block));
        b.output(type, 1);
        return b.build();
    }

    @Test
    void depthToSpaceMatchesTfLite() {
        for (int block = 1; block <= 4; block++) {
            for (int k = 0; k < 4; k++) {
                int[] in = {1 + random.nextInt(2), 1 + random.nextInt(4), 1 + random.nextInt(4),
                    block * block * (1 + random.nextInt(3))};
                Oracle.assertSame(depthToSpace(DataType.FLOAT32, in, block),
                        random(DataType.FLOAT32, count(in), random));
            }
        }
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8}) {
            Oracle.assertSame(depthToSpace(type, new int[] {1, 2, 3, 8}, 2), random(type, 48, random));
        }
    }

    @Test
    void spaceToDepthMatchesTfLite() {
        for (int block = 1; block <= 4; block++) {
            for (int k = 0; k < 4; k++) {
                int[] in = {1 + random.nextInt(2), block * (1 + random.nextInt(3)), block * (1 + random.nextInt(3)),
                    1 + random.nextInt(5)};
                Oracle.assertSame(spaceToDepth(DataType.FLOAT32, in, block),
                        random(DataType.FLOAT32, count(in), random));
            }
        }
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8}) {
            Oracle.assertSame(spaceToDepth(type, new int[] {1, 4, 6, 3}, 2), random(type, 72, random));
        }
    }

    @Test
    void badBlockSizesAndShapesAreRejected() {
        Oracle.assertBothReject(depthToSpace(DataType.FLOAT32, new int[] {1, 2, 2, 6}, 2), new float[24]);
        Oracle.assertBothReject(depthToSpace(DataType.FLOAT32, new int[] {2, 2, 4}, 2), new float[16]);
        Oracle.assertBothReject(spaceToDepth(DataType.FLOAT32, new int[] {1, 3, 4, 1}, 2), new float[12]);
        Oracle.assertRejected(depthToSpace(DataType.FLOAT32, new int[] {1, 2, 2, 4}, 0), new float[16]);
        Oracle.assertRejected(spaceToDepth(DataType.FLOAT32, new int[] {1, 2, 2, 4}, -2), new float[16]);
    }
}
