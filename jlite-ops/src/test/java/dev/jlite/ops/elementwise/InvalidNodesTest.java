package dev.jlite.ops.elementwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.DataType;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.function.ToIntFunction;
import dev.jlite.testing.OfficialInterpreter;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.ReducerOptions;

/** Options, types and shapes a kernel cannot run are rejected with a ModelFormatException naming the problem. */
class InvalidNodesTest {

    private static void assertRejected(ByteBuffer model, String message, Object... inputs) {
        assertThatThrownBy(() -> OpRuns.jlite(model, 1, inputs)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(message);
    }

    private static ByteBuffer binary(BuiltinOperator op, DataType a, int[] aShape, DataType b, int[] bShape,
            DataType out, byte optionsType, ToIntFunction<FlatBufferBuilder> options) {
        OpModelBuilder builder = new OpModelBuilder(op);
        if (options != null) {
            builder.options(optionsType, options);
        }
        builder.input(a, aShape);
        builder.input(b, bShape);
        builder.output(out, aShape);
        return builder.build();
    }

    @Test
    void arithmeticRejectsIncompatibleShapesTypesAndOptions() {
        DataType f = DataType.FLOAT32;
        assertRejected(binary(BuiltinOperator.ADD, f, new int[] {2, 3}, f, new int[] {4, 3}, f, (byte) 0, null),
                "cannot be broadcast", new float[6], new float[12]);
        assertRejected(binary(BuiltinOperator.MUL, f, new int[] {2, 3, 4, 5, 6}, f, new int[] {2, 1, 4, 2, 6}, f,
                (byte) 0, null), "cannot be broadcast", new float[720], new float[96]);
        assertRejected(binary(BuiltinOperator.SUB, f, new int[] {3}, DataType.INT32, new int[] {3}, f, (byte) 0,
                null), "same type", new float[3], new int[3]);
        assertRejected(binary(BuiltinOperator.ADD, DataType.INT8, new int[] {3}, DataType.INT8, new int[] {3},
                DataType.INT8, (byte) 0, null), "must be quantized", new byte[3], new byte[3]);
        assertRejected(binary(BuiltinOperator.PRELU, DataType.INT32, new int[] {3}, DataType.INT32, new int[] {3},
                DataType.INT32, (byte) 0, null), "not supported", new int[3], new int[3]);
        assertRejected(binary(BuiltinOperator.ADD, f, new int[] {3}, f, new int[] {3}, f, BuiltinOptions.AddOptions,
                fbb -> AddOptions.createAddOptions(fbb, (byte) 9, false)), "fused activation", new float[3],
                new float[3]);
    }

    @Test
    void optionsOfAnotherTypeReadAsAbsentAsInTensorFlowLite() {
        DataType f = DataType.FLOAT32;
        ByteBuffer model = binary(BuiltinOperator.ADD, f, new int[] {3}, f, new int[] {3}, f,
                BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb, (byte) 0, 1, 1,
                        (byte) 1, 1, 1));
        float[] a = {-1, 2, -3};
        float[] b = {-1, 1, 1};
        Object[] official = OfficialInterpreter.run(model.duplicate(), false, a, b);
        assertThat((float[]) official[0]).containsExactly(-2, 3, -2);
        assertThat((float[]) OpRuns.jlite(model, 1, a, b).data()).containsExactly(-2, 3, -2);
    }

    @Test
    void int32DivisionByZeroFailsTheRun() {
        ByteBuffer model = binary(BuiltinOperator.DIV, DataType.INT32, new int[] {2}, DataType.INT32, new int[] {2},
                DataType.INT32, (byte) 0, null);
        assertRejected(model, "DIV", new int[] {4, 5}, new int[] {2, 0});
    }

    private static ByteBuffer unary(BuiltinOperator op, DataType type, int[] shape) {
        OpModelBuilder builder = new OpModelBuilder(op);
        builder.input(type, shape);
        builder.output(type, shape);
        return builder.build();
    }

    @Test
    void activationsAndSoftmaxRejectOtherTypesAndScalars() {
        assertRejected(unary(BuiltinOperator.LEAKY_RELU, DataType.INT32, new int[] {3}), "FLOAT32", new int[3]);
        assertRejected(unary(BuiltinOperator.HARD_SWISH, DataType.INT32, new int[] {3}), "FLOAT32", new int[3]);
        assertRejected(unary(BuiltinOperator.SOFTMAX, DataType.FLOAT32, new int[0]), "at least one dimension",
                new float[1]);
    }

    private static ByteBuffer pool(int[] input, byte padding, int strideW, int strideH, int filterW, int filterH,
            byte activation) {
        OpModelBuilder builder = new OpModelBuilder(BuiltinOperator.MAX_POOL_2D);
        builder.options(BuiltinOptions.Pool2DOptions, fbb -> Pool2DOptions.createPool2DOptions(fbb, padding, strideW,
                strideH, filterW, filterH, activation));
        builder.input(DataType.FLOAT32, input);
        builder.output(DataType.FLOAT32, input);
        return builder.build();
    }

    @Test
    void poolingRejectsBadOptionsAndShapes() {
        int[] nhwc = {1, 4, 4, 2};
        float[] x = new float[32];
        assertRejected(pool(nhwc, Padding.SAME, 0, 1, 2, 2, (byte) 0), "stride", x);
        assertRejected(pool(nhwc, Padding.SAME, 1, 1, 0, 2, (byte) 0), "filter", x);
        assertRejected(pool(nhwc, Padding.VALID, 1, 1, 5, 2, (byte) 0), "too small", x);
        assertRejected(pool(nhwc, (byte) 7, 1, 1, 2, 2, (byte) 0), "padding", x);
        assertRejected(pool(nhwc, Padding.SAME, 1, 1, 2, 2, (byte) 6), "fused activation", x);
        assertRejected(pool(new int[] {4, 4, 2}, Padding.SAME, 1, 1, 2, 2, (byte) 0), "4-D", x);
        OpModelBuilder noOptions = new OpModelBuilder(BuiltinOperator.AVERAGE_POOL_2D);
        noOptions.input(DataType.FLOAT32, nhwc);
        noOptions.output(DataType.FLOAT32, nhwc);
        assertRejected(noOptions.build(), "Pool2DOptions", x);
    }

    private static ByteBuffer reduce(int[] shape, DataType axisType, int[] axisShape, Object axis) {
        OpModelBuilder builder = new OpModelBuilder(BuiltinOperator.MEAN);
        builder.options(BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb, true));
        builder.input(DataType.FLOAT32, shape);
        builder.constant(axisType, axisShape, axis);
        builder.output(DataType.FLOAT32, shape);
        return builder.build();
    }

    @Test
    void reductionsRejectBadAxes() {
        int[] shape = {2, 3, 4};
        float[] x = new float[24];
        assertRejected(reduce(shape, DataType.INT32, new int[] {1}, new int[] {3}), "out of range", x);
        assertRejected(reduce(shape, DataType.INT32, new int[] {2}, new int[] {0, -4}), "out of range", x);
        assertRejected(reduce(shape, DataType.INT64, new int[] {1}, new long[] {1}), "INT32", x);
        assertRejected(reduce(shape, DataType.INT32, new int[] {1, 1}, new int[] {1}), "scalar or a vector", x);
    }

    @Test
    void dequantizeRejectsMissingParametersAndOtherTypes() {
        OpModelBuilder unquantized = new OpModelBuilder(BuiltinOperator.DEQUANTIZE);
        unquantized.input(DataType.INT8, 4);
        unquantized.output(DataType.FLOAT32, 4);
        assertRejected(unquantized.build(), "quantization", new byte[4]);

        OpModelBuilder intOutput = new OpModelBuilder(BuiltinOperator.DEQUANTIZE);
        int in = intOutput.input(DataType.INT8, 4);
        intOutput.quantize(in, 0.5f, 0);
        intOutput.output(DataType.INT32, 4);
        assertRejected(intOutput.build(), "FLOAT32", new byte[4]);

        OpModelBuilder floatInput = new OpModelBuilder(BuiltinOperator.DEQUANTIZE);
        floatInput.input(DataType.FLOAT32, 4);
        floatInput.output(DataType.FLOAT32, 4);
        assertRejected(floatInput.build(), "not supported", new float[4]);
    }
}
