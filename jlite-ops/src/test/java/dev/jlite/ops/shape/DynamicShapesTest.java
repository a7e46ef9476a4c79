package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;

/** Outputs sized while running, and the nodes downstream of them. */
class DynamicShapesTest {
    private final Random random = new Random(70);

    /** RESHAPE (shape from {@code shape}, constant or input), then TRANSPOSE [1, 0], then CONCATENATION with itself. */
    private static ByteBuffer chain(int[] shape, boolean runtime) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.RESHAPE);
        b.input(DataType.FLOAT32, 2, 3, 4);
        if (runtime) {
            b.input(DataType.INT32, 2);
        } else {
            b.constant(DataType.INT32, new int[] {2}, shape);
        }
        int reshaped = b.intermediate(DataType.FLOAT32, 1);
        b.addOperator(BuiltinOperator.TRANSPOSE).use(reshaped);
        b.constant(DataType.INT32, new int[] {2}, new int[] {1, 0});
        int transposed = b.intermediate(DataType.FLOAT32, 1);
        b.addOperator(BuiltinOperator.CONCATENATION).use(transposed).use(transposed);
        b.options(BuiltinOptions.ConcatenationOptions,
                fbb -> ConcatenationOptions.createConcatenationOptions(fbb, 1, (byte) 0));
        b.output(DataType.FLOAT32, 1);
        return b.build();
    }

    @Test
    void nodesAfterARuntimeShapeArePlannedWhileRunning() {
        float[] data = (float[]) random(DataType.FLOAT32, 24, random);
        for (int[] shape : new int[][] {{4, 6}, {-1, 2}, {24, 1}}) {
            Oracle.assertSameAs(chain(shape, true), chain(shape, false), new Object[] {data, shape},
                    new Object[] {data});
        }
    }

    @Test
    void oneInterpreterFollowsChangingRuntimeShapes() {
        ByteBuffer model = chain(null, true);
        model.rewind();
        try (Interpreter interpreter = new Interpreter(model)) {
            for (int[] shape : new int[][] {{2, 12}, {24, 1}, {3, 8}, {1, 24}}) {
                float[] data = (float[]) random(DataType.FLOAT32, 24, random);
                interpreter.runForMultipleInputsOutputs(
                        new Object[] {FloatBuffer.wrap(data), IntBuffer.wrap(shape)}, Map.of());
                float[] actual = new float[48];
                interpreter.getOutput(0, FloatBuffer.wrap(actual));
                assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(shape[1], 2 * shape[0]);
                Oracle.Output expected = Oracle.official(chain(shape, false), data)[0];
                assertThat(actual).containsExactly((float[]) expected.data());
            }
        }
    }
}
