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
import org.tensorflow.lite.schema.ReshapeOptions;

class ReshapeTest {
    private final Random random = new Random(22);

    /** RESHAPE with new_shape in the options (when not null) and the shape as a constant input (when not null). */
    private static ByteBuffer model(DataType type, int[] in, int[] optionShape, int[] shapeInput, boolean runtime) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.RESHAPE);
        b.input(type, in);
        if (shapeInput != null) {
            if (runtime) {
                b.input(DataType.INT32, shapeInput.length);
            } else {
                b.constant(DataType.INT32, new int[] {shapeInput.length}, shapeInput);
            }
        }
        if (optionShape != null) {
            b.options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
                    ReshapeOptions.createNewShapeVector(fbb, optionShape)));
        }
        b.output(type, 1);
        return b.build();
    }

    private static final int[][][] CASES = {
        {{2, 3, 4}, {4, 6}}, {{2, 3, 4}, {-1}}, {{2, 3, 4}, {2, -1, 3}}, {{2, 3, 4}, {-1, 1, 2}},
        {{24}, {1, 2, 1, 3, 4, 1}}, {{1, 1}, {}}, {{1}, {}}, {{5, 1, 7}, {7, -1}},
        {{3, 4, 5}, {5, 4, 3}}, {{6}, {6}},
    };

    @Test
    void shapeFromConstantInputOrOptionsMatchesTfLite() {
        for (int[][] c : CASES) {
            float[] data = (float[]) random(DataType.FLOAT32, count(c[0]), random);
            if (c[1].length > 0) {
                // An empty constant has no data, which jlite reads as a tensor nothing writes.
                Oracle.assertSame(model(DataType.FLOAT32, c[0], null, c[1], false), data);
            }
            Oracle.assertSame(model(DataType.FLOAT32, c[0], c[1], null, false), data);
            // Both given: the shape input wins.
            if (c[1].length > 0) {
                Oracle.assertSame(model(DataType.FLOAT32, c[0], new int[] {count(c[0])}, c[1], false), data);
            }
        }
    }

    @Test
    void runtimeShapeInputGivesTheConstantShapeResult() {
        for (int[][] c : CASES) {
            if (c[1].length == 0) {
                continue;
            }
            float[] data = (float[]) random(DataType.FLOAT32, count(c[0]), random);
            Oracle.assertSameAs(model(DataType.FLOAT32, c[0], null, c[1], true),
                    model(DataType.FLOAT32, c[0], null, c[1], false), new Object[] {data, c[1]},
                    new Object[] {data});
        }
    }

    @Test
    void legacyScalarShapesAndFallbacks() {
        float[] one = {3.5f};
        // new_shape [0] is a scalar in legacy models.
        Oracle.assertSame(model(DataType.FLOAT32, new int[] {1, 1}, new int[] {0}, null, false), one);
        // An empty INT32 shape vector is a scalar (an input here: an empty constant has no data).
        Oracle.assertSameAs(model(DataType.FLOAT32, new int[] {1, 1, 1}, null, new int[0], true),
                model(DataType.FLOAT32, new int[] {1, 1, 1}, new int[] {0}, null, false), new Object[] {one, new int[0]},
                new Object[] {one});
        // No options and no shape input: a scalar.
        Oracle.assertSame(model(DataType.FLOAT32, new int[] {1}, null, null, false), one);
        // A shape input that is not a vector falls back to the options.
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.RESHAPE);
        b.input(DataType.FLOAT32, 2, 3);
        b.constant(DataType.INT32, new int[] {1, 2}, new int[] {3, 2});
        b.options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
                ReshapeOptions.createNewShapeVector(fbb, new int[] {6})));
        b.output(DataType.FLOAT32, 6);
        Oracle.assertSame(b.build(), random(DataType.FLOAT32, 6, random));
    }

    @Test
    void everyMovableTypeIsCopiedExactly() {
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8,
            DataType.INT16, DataType.BOOL}) {
            Oracle.assertSame(model(type, new int[] {2, 3, 4}, null, new int[] {4, -1}, false),
                    random(type, 24, random));
        }
    }

    @Test
    void badShapesAreRejected() {
        float[] data = new float[24];
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {2, 3, 4}, null, new int[] {-1, -1, 2}, false),
                data);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {2, 3, 4}, null, new int[] {5, 5}, false), data);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {2, 3, 4}, new int[] {7, -1}, null, false), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {2, 3, 4}, null, new int[] {-2, -12}, false), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {2, 3, 4}, null, new int[] {0, -1}, false), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {2, 3, 4}, null, new int[] {5, 5}, true), data,
                new int[] {5, 5});
    }
}
