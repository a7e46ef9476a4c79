package dev.jlite.cli;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.TransposeConvOptions;

/** Single-operator models for the CLI tests, written to files. */
final class SmallModels {
    private SmallModels() {}

    /** a f32[1,8,8,3] + b f32[1,8,8,3] -> f32[1,8,8,3]. */
    static Path add(Path dir) throws IOException {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD)
                .options(BuiltinOptions.AddOptions, fbb -> AddOptions.createAddOptions(fbb,
                        ActivationFunctionType.NONE, false));
        b.input(DataType.FLOAT32, 1, 8, 8, 3);
        b.input(DataType.FLOAT32, 1, 8, 8, 3);
        b.output(DataType.FLOAT32, 1, 8, 8, 3);
        return write(dir, "add.tflite", b.build());
    }

    /** f32[1,8,8,3] conv 3x3x3 -> 4 channels, SAME, stride 1: 8*8*4 outputs * 27 MACs each = 6912. */
    static Path conv(Path dir) throws IOException {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D)
                .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb, Padding.SAME,
                        1, 1, ActivationFunctionType.NONE, 1, 1));
        b.input(DataType.FLOAT32, 1, 8, 8, 3);
        b.constant(DataType.FLOAT32, new int[] {4, 3, 3, 3}, new float[4 * 27]);
        b.constant(DataType.FLOAT32, new int[] {4}, new float[4]);
        b.output(DataType.FLOAT32, 1, 8, 8, 4);
        return write(dir, "conv.tflite", b.build());
    }

    /** f32[1,8,8,4] depthwise 3x3, SAME, stride 1: 256 outputs * 9 = 2304. */
    static Path depthwise(Path dir) throws IOException {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEPTHWISE_CONV_2D)
                .options(BuiltinOptions.DepthwiseConv2DOptions, fbb -> DepthwiseConv2DOptions
                        .createDepthwiseConv2DOptions(fbb, Padding.SAME, 1, 1, 1, ActivationFunctionType.NONE, 1, 1));
        b.input(DataType.FLOAT32, 1, 8, 8, 4);
        b.constant(DataType.FLOAT32, new int[] {1, 3, 3, 4}, new float[36]);
        b.constant(DataType.FLOAT32, new int[] {4}, new float[4]);
        b.output(DataType.FLOAT32, 1, 8, 8, 4);
        return write(dir, "depthwise.tflite", b.build());
    }

    /** f32[2,5] x weights [3,5] -> f32[2,3]: 2 * 3 * 5 = 30. */
    static Path fullyConnected(Path dir) throws IOException {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.FULLY_CONNECTED)
                .options(BuiltinOptions.FullyConnectedOptions, fbb -> FullyConnectedOptions
                        .createFullyConnectedOptions(fbb, ActivationFunctionType.NONE,
                                FullyConnectedOptionsWeightsFormat.DEFAULT, false, false));
        b.input(DataType.FLOAT32, 2, 5);
        b.constant(DataType.FLOAT32, new int[] {3, 5}, new float[15]);
        b.constant(DataType.FLOAT32, new int[] {3}, new float[3]);
        b.output(DataType.FLOAT32, 2, 3);
        return write(dir, "fc.tflite", b.build());
    }

    /** f32[1,4,4,4] transposed conv with weights [2,3,3,4], stride 2 -> f32[1,8,8,2]: 64 inputs * 9 * 2 = 1152. */
    static Path transposeConv(Path dir) throws IOException {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.TRANSPOSE_CONV)
                .options(BuiltinOptions.TransposeConvOptions, fbb -> TransposeConvOptions
                        .createTransposeConvOptions(fbb, Padding.SAME, 2, 2, ActivationFunctionType.NONE));
        b.constant(DataType.INT32, new int[] {4}, new int[] {1, 8, 8, 2});
        b.constant(DataType.FLOAT32, new int[] {2, 3, 3, 4}, new float[72]);
        b.input(DataType.FLOAT32, 1, 4, 4, 4);
        b.output(DataType.FLOAT32, 1, 8, 8, 2);
        return write(dir, "transpose_conv.tflite", b.build());
    }

    /** MediaPipe's custom transposed convolution with bias, same sizes as {@link #transposeConv}: 1152. */
    static Path transposeConvBias(Path dir) throws IOException {
        ByteBuffer options = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putInt(2);
        OpModelBuilder b = OpModelBuilder.custom(MacCounter.TRANSPOSE_CONV_BIAS, options.array());
        b.input(DataType.FLOAT32, 1, 4, 4, 4);
        b.constant(DataType.FLOAT32, new int[] {2, 3, 3, 4}, new float[72]);
        b.constant(DataType.FLOAT32, new int[] {2}, new float[2]);
        b.output(DataType.FLOAT32, 1, 8, 8, 2);
        return write(dir, "transpose_conv_bias.tflite", b.build());
    }

    private static Path write(Path dir, String name, ByteBuffer model) throws IOException {
        byte[] bytes = new byte[model.remaining()];
        model.duplicate().get(bytes);
        return Files.write(dir.resolve(name), bytes);
    }
}
