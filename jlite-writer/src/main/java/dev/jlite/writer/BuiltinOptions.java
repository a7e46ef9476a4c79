package dev.jlite.writer;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.DataType;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The options of a builtin operator: a member of schema.fbs's {@code BuiltinOptions} union, given by its union type
 * code and a function that writes its table into the model being built. Factories cover the common operators;
 * {@link #raw(int, ToIntFunction)} writes any other table.
 *
 * <p>Fields equal to the schema's default are left out of the table, as FlatBuffers does; readers return the
 * default for them.
 */
public final class BuiltinOptions {
    /** Union type codes of schema.fbs's {@code BuiltinOptions}. */
    public static final int CONV_2D = 1, DEPTHWISE_CONV_2D = 2, POOL_2D = 5, FULLY_CONNECTED = 8, SOFTMAX = 9,
            CONCATENATION = 10, ADD = 11, L2_NORM = 12, LOCAL_RESPONSE_NORMALIZATION = 13, RESIZE_BILINEAR = 15, RESHAPE = 17, MUL = 21, PAD = 22, GATHER = 23,
            TRANSPOSE = 26, REDUCER = 27, SUB = 28, DIV = 29, SQUEEZE = 30, STRIDED_SLICE = 32, EXP = 33, SPLIT = 35,
            LOG_SOFTMAX = 36, CAST = 37, DEQUANTIZE = 38, MAXIMUM_MINIMUM = 39, ARG_MAX = 40, PADV2 = 43, SLICE = 48,
            TRANSPOSE_CONV = 49, TILE = 51, EXPAND_DIMS = 52, SHAPE = 55, POW = 56, PACK = 59, UNPACK = 64,
            SQUARE = 66, FILL = 68, RESIZE_NEAREST_NEIGHBOR = 74, LEAKY_RELU = 75, SQUARED_DIFFERENCE = 76,
            MIRROR_PAD = 77, SPLIT_V = 79, QUANTIZE = 89, HARD_SWISH = 91, DENSIFY = 99, BATCH_MATMUL = 101;

    private final int unionType;
    private final ToIntFunction<FlatBufferBuilder> writer;

    private BuiltinOptions(int unionType, ToIntFunction<FlatBufferBuilder> writer) {
        this.unionType = unionType;
        this.writer = writer;
    }

    /**
     * Any options table.
     *
     * @param unionType the {@code BuiltinOptions} union type code (1..255)
     * @param writeTable writes the table (startTable, add fields by id, endTable) and returns its offset; it runs
     *     while the model is built, outside any other table
     */
    public static BuiltinOptions raw(int unionType, ToIntFunction<FlatBufferBuilder> writeTable) {
        if (unionType < 1 || unionType > 255) {
            throw new IllegalArgumentException("BuiltinOptions union type " + unionType + " is not in 1..255");
        }
        return new BuiltinOptions(unionType, Objects.requireNonNull(writeTable, "writeTable"));
    }

    /** The union type code. */
    public int unionType() {
        return unionType;
    }

    /** Writes the table and returns its offset. */
    int write(FlatBufferBuilder fbb) {
        return writer.applyAsInt(fbb);
    }

    /** {@code Conv2DOptions} with dilation 1. */
    public static BuiltinOptions conv2d(Padding padding, int strideW, int strideH, FusedActivation activation) {
        return conv2d(padding, strideW, strideH, activation, 1, 1);
    }

    /** {@code Conv2DOptions}. */
    public static BuiltinOptions conv2d(Padding padding, int strideW, int strideH, FusedActivation activation,
            int dilationW, int dilationH) {
        return raw(CONV_2D, fbb -> {
            fbb.startTable(6);
            fbb.addByte(0, padding.code(), 0);
            fbb.addInt(1, strideW, 0);
            fbb.addInt(2, strideH, 0);
            fbb.addByte(3, activation.code(), 0);
            fbb.addInt(4, dilationW, 1);
            fbb.addInt(5, dilationH, 1);
            return fbb.endTable();
        });
    }

    /** {@code DepthwiseConv2DOptions} with dilation 1. */
    public static BuiltinOptions depthwiseConv2d(Padding padding, int strideW, int strideH, int depthMultiplier,
            FusedActivation activation) {
        return depthwiseConv2d(padding, strideW, strideH, depthMultiplier, activation, 1, 1);
    }

    /** {@code DepthwiseConv2DOptions}. */
    public static BuiltinOptions depthwiseConv2d(Padding padding, int strideW, int strideH, int depthMultiplier,
            FusedActivation activation, int dilationW, int dilationH) {
        return raw(DEPTHWISE_CONV_2D, fbb -> {
            fbb.startTable(7);
            fbb.addByte(0, padding.code(), 0);
            fbb.addInt(1, strideW, 0);
            fbb.addInt(2, strideH, 0);
            fbb.addInt(3, depthMultiplier, 0);
            fbb.addByte(4, activation.code(), 0);
            fbb.addInt(5, dilationW, 1);
            fbb.addInt(6, dilationH, 1);
            return fbb.endTable();
        });
    }

    /** {@code TransposeConvOptions}. */
    public static BuiltinOptions transposeConv(Padding padding, int strideW, int strideH) {
        return raw(TRANSPOSE_CONV, fbb -> {
            fbb.startTable(3);
            fbb.addByte(0, padding.code(), 0);
            fbb.addInt(1, strideW, 0);
            fbb.addInt(2, strideH, 0);
            return fbb.endTable();
        });
    }

    /** {@code Pool2DOptions}, for AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D. */
    public static BuiltinOptions pool2d(Padding padding, int strideW, int strideH, int filterW, int filterH,
            FusedActivation activation) {
        return raw(POOL_2D, fbb -> {
            fbb.startTable(6);
            fbb.addByte(0, padding.code(), 0);
            fbb.addInt(1, strideW, 0);
            fbb.addInt(2, strideH, 0);
            fbb.addInt(3, filterW, 0);
            fbb.addInt(4, filterH, 0);
            fbb.addByte(5, activation.code(), 0);
            return fbb.endTable();
        });
    }

    /** {@code FullyConnectedOptions} with the default weights format. */
    public static BuiltinOptions fullyConnected(FusedActivation activation, boolean keepNumDims) {
        return fullyConnected(activation, keepNumDims, false);
    }

    /** {@code SoftmaxOptions}. */
    public static BuiltinOptions softmax(float beta) {
        return raw(SOFTMAX, fbb -> {
            fbb.startTable(1);
            fbb.addFloat(0, beta, 0);
            return fbb.endTable();
        });
    }

    /** {@code ConcatenationOptions}. */
    public static BuiltinOptions concatenation(int axis, FusedActivation activation) {
        return raw(CONCATENATION, fbb -> {
            fbb.startTable(2);
            fbb.addInt(0, axis, 0);
            fbb.addByte(1, activation.code(), 0);
            return fbb.endTable();
        });
    }

    /** {@code AddOptions}. */
    public static BuiltinOptions add(FusedActivation activation) {
        return activationOnly(ADD, activation);
    }

    /** {@code SubOptions}. */
    public static BuiltinOptions sub(FusedActivation activation) {
        return activationOnly(SUB, activation);
    }

    /** {@code MulOptions}. */
    public static BuiltinOptions mul(FusedActivation activation) {
        return activationOnly(MUL, activation);
    }

    /** {@code DivOptions}. */
    public static BuiltinOptions div(FusedActivation activation) {
        return activationOnly(DIV, activation);
    }

    private static BuiltinOptions activationOnly(int unionType, FusedActivation activation) {
        return raw(unionType, fbb -> {
            fbb.startTable(1);
            fbb.addByte(0, activation.code(), 0);
            return fbb.endTable();
        });
    }

    /** {@code ReshapeOptions} with a new_shape vector (TensorFlow Lite prefers the shape as a second input). */
    public static BuiltinOptions reshape(int... newShape) {
        int[] shape = newShape.clone();
        return raw(RESHAPE, fbb -> {
            int vector = FlatVectors.ints(fbb, shape);
            fbb.startTable(1);
            fbb.addOffset(0, vector, 0);
            return fbb.endTable();
        });
    }

    /** {@code ReducerOptions}, for MEAN, SUM, REDUCE_MAX and the other reductions. */
    public static BuiltinOptions reducer(boolean keepDims) {
        return raw(REDUCER, fbb -> {
            fbb.startTable(1);
            fbb.addBoolean(0, keepDims, false);
            return fbb.endTable();
        });
    }

    /** {@code PadOptions} (an empty table). */
    public static BuiltinOptions pad() {
        return empty(PAD);
    }

    /** {@code TransposeOptions} (an empty table). */
    public static BuiltinOptions transpose() {
        return empty(TRANSPOSE);
    }

    /** {@code DequantizeOptions} (an empty table). */
    public static BuiltinOptions dequantize() {
        return empty(DEQUANTIZE);
    }

    /** An options table without fields (e.g. {@link #EXP}, {@link #FILL}, {@link #QUANTIZE}). */
    public static BuiltinOptions empty(int unionType) {
        return raw(unionType, fbb -> {
            fbb.startTable(0);
            return fbb.endTable();
        });
    }

    /** {@code StridedSliceOptions}. */
    public static BuiltinOptions stridedSlice(int beginMask, int endMask, int ellipsisMask, int newAxisMask,
            int shrinkAxisMask) {
        return raw(STRIDED_SLICE, fbb -> {
            fbb.startTable(5);
            fbb.addInt(0, beginMask, 0);
            fbb.addInt(1, endMask, 0);
            fbb.addInt(2, ellipsisMask, 0);
            fbb.addInt(3, newAxisMask, 0);
            fbb.addInt(4, shrinkAxisMask, 0);
            return fbb.endTable();
        });
    }

    /** {@code ResizeBilinearOptions}. */
    public static BuiltinOptions resizeBilinear(boolean alignCorners, boolean halfPixelCenters) {
        return raw(RESIZE_BILINEAR, fbb -> {
            fbb.startTable(4);
            fbb.addBoolean(2, alignCorners, false);
            fbb.addBoolean(3, halfPixelCenters, false);
            return fbb.endTable();
        });
    }

    /** {@code ResizeNearestNeighborOptions}. */
    public static BuiltinOptions resizeNearestNeighbor(boolean alignCorners, boolean halfPixelCenters) {
        return raw(RESIZE_NEAREST_NEIGHBOR, fbb -> {
            fbb.startTable(2);
            fbb.addBoolean(0, alignCorners, false);
            fbb.addBoolean(1, halfPixelCenters, false);
            return fbb.endTable();
        });
    }

    /** {@code SqueezeOptions}; no dimensions squeezes every dimension of size 1. */
    public static BuiltinOptions squeeze(int... squeezeDims) {
        int[] dims = squeezeDims.clone();
        return raw(SQUEEZE, fbb -> {
            int vector = FlatVectors.ints(fbb, dims);
            fbb.startTable(1);
            fbb.addOffset(0, vector, 0);
            return fbb.endTable();
        });
    }

    /** {@code GatherOptions}. */
    public static BuiltinOptions gather(int axis) {
        return raw(GATHER, fbb -> {
            fbb.startTable(2);
            fbb.addInt(0, axis, 0);
            return fbb.endTable();
        });
    }

    /** {@code LeakyReluOptions}. */
    public static BuiltinOptions leakyRelu(float alpha) {
        return raw(LEAKY_RELU, fbb -> {
            fbb.startTable(1);
            fbb.addFloat(0, alpha, 0);
            return fbb.endTable();
        });
    }

    /** {@code FullyConnectedOptions}; {@code asymmetricQuantizeInputs} selects asymmetric hybrid kernels. */
    public static BuiltinOptions fullyConnected(FusedActivation activation, boolean keepNumDims,
            boolean asymmetricQuantizeInputs) {
        return raw(FULLY_CONNECTED, fbb -> {
            fbb.startTable(4);
            fbb.addByte(0, activation.code(), 0);
            fbb.addBoolean(2, keepNumDims, false);
            fbb.addBoolean(3, asymmetricQuantizeInputs, false);
            return fbb.endTable();
        });
    }

    /** {@code GatherOptions} with batch dimensions. */
    public static BuiltinOptions gather(int axis, int batchDims) {
        return raw(GATHER, fbb -> {
            fbb.startTable(2);
            fbb.addInt(0, axis, 0);
            fbb.addInt(1, batchDims, 0);
            return fbb.endTable();
        });
    }

    /** {@code PackOptions}. */
    public static BuiltinOptions pack(int valuesCount, int axis) {
        return twoInts(PACK, valuesCount, axis);
    }

    /** {@code UnpackOptions}. */
    public static BuiltinOptions unpack(int num, int axis) {
        return twoInts(UNPACK, num, axis);
    }

    /** {@code SplitOptions}. */
    public static BuiltinOptions split(int numSplits) {
        return twoInts(SPLIT, numSplits, 0);
    }

    /** {@code SplitVOptions}. */
    public static BuiltinOptions splitV(int numSplits) {
        return twoInts(SPLIT_V, numSplits, 0);
    }

    private static BuiltinOptions twoInts(int unionType, int first, int second) {
        return raw(unionType, fbb -> {
            fbb.startTable(2);
            fbb.addInt(0, first, 0);
            fbb.addInt(1, second, 0);
            return fbb.endTable();
        });
    }

    /** {@code CastOptions}: the input and output tensor types. */
    public static BuiltinOptions cast(DataType in, DataType out) {
        return raw(CAST, fbb -> {
            fbb.startTable(2);
            fbb.addByte(0, (byte) in.code(), 0);
            fbb.addByte(1, (byte) out.code(), 0);
            return fbb.endTable();
        });
    }

    /** {@code ArgMaxOptions}: the output type (INT32 or INT64). */
    public static BuiltinOptions argMax(DataType outputType) {
        return typeOnly(ARG_MAX, outputType);
    }

    /** {@code ShapeOptions}: the output type (INT32 or INT64). */
    public static BuiltinOptions shape(DataType outType) {
        return typeOnly(SHAPE, outType);
    }

    private static BuiltinOptions typeOnly(int unionType, DataType type) {
        return raw(unionType, fbb -> {
            fbb.startTable(1);
            fbb.addByte(0, (byte) type.code(), 0);
            return fbb.endTable();
        });
    }

    /** {@code MirrorPadOptions}: {@code symmetric} false for REFLECT, true for SYMMETRIC. */
    public static BuiltinOptions mirrorPad(boolean symmetric) {
        return raw(MIRROR_PAD, fbb -> {
            fbb.startTable(1);
            fbb.addByte(0, (byte) (symmetric ? 1 : 0), 0);
            return fbb.endTable();
        });
    }

    /** {@code L2NormOptions}. */
    public static BuiltinOptions l2Norm(FusedActivation activation) {
        return activationOnly(L2_NORM, activation);
    }

    /**
     * {@code LocalResponseNormalizationOptions}: {@code x / (bias + alpha * sum(x^2 over 2*radius+1 channels))^beta}.
     */
    public static BuiltinOptions localResponseNormalization(int radius, float bias, float alpha, float beta) {
        return raw(LOCAL_RESPONSE_NORMALIZATION, fbb -> {
            fbb.startTable(4);
            fbb.addInt(0, radius, 0);
            fbb.addFloat(1, bias, 0);
            fbb.addFloat(2, alpha, 0);
            fbb.addFloat(3, beta, 0);
            return fbb.endTable();
        });
    }

    /** {@code LogSoftmaxOptions} (an empty table). */
    public static BuiltinOptions logSoftmax() {
        return empty(LOG_SOFTMAX);
    }

    /** {@code DensifyOptions} (an empty table). */
    public static BuiltinOptions densify() {
        return empty(DENSIFY);
    }

    /** {@code BatchMatMulOptions}: whether each operand's two innermost dimensions are transposed first. */
    public static BuiltinOptions batchMatMul(boolean adjX, boolean adjY) {
        return raw(BATCH_MATMUL, fbb -> {
            fbb.startTable(3);
            fbb.addBoolean(0, adjX, false);
            fbb.addBoolean(1, adjY, false);
            return fbb.endTable();
        });
    }

    // Hybrid (dynamic-range) and LSTM options.

    /** {@code LSTMOptions}' and {@code UnidirectionalSequenceLSTMOptions}' union type codes. */
    public static final int LSTM = 14, UNIDIRECTIONAL_SEQUENCE_LSTM = 71;

    /** {@code BatchMatMulOptions} with {@code asymmetric_quantize_inputs} (hybrid nodes). */
    public static BuiltinOptions batchMatMul(boolean adjX, boolean adjY, boolean asymmetricQuantizeInputs) {
        return raw(BATCH_MATMUL, fbb -> {
            fbb.startTable(3);
            fbb.addBoolean(0, adjX, false);
            fbb.addBoolean(1, adjY, false);
            fbb.addBoolean(2, asymmetricQuantizeInputs, false);
            return fbb.endTable();
        });
    }

    /**
     * {@code UnidirectionalSequenceLSTMOptions}: the cell's and hidden state's activation, the clips of the cell
     * state and the projection (0: none), whether the input is {@code [time, batch, input]} rather than
     * {@code [batch, time, input]}, and the hybrid input quantization.
     */
    public static BuiltinOptions unidirectionalSequenceLstm(FusedActivation activation, float cellClip,
            float projClip, boolean timeMajor, boolean asymmetricQuantizeInputs) {
        return raw(UNIDIRECTIONAL_SEQUENCE_LSTM, fbb -> {
            fbb.startTable(5);
            fbb.addByte(0, activation.code(), 0);
            fbb.addFloat(1, cellClip, 0);
            fbb.addFloat(2, projClip, 0);
            fbb.addBoolean(3, timeMajor, false);
            fbb.addBoolean(4, asymmetricQuantizeInputs, false);
            return fbb.endTable();
        });
    }

    /**
     * {@code LSTMOptions} of the FULL kernel type: the cell's and hidden state's activation, the clips of the cell
     * state and the projection (0: none), and the hybrid input quantization.
     */
    public static BuiltinOptions lstm(FusedActivation activation, float cellClip, float projClip,
            boolean asymmetricQuantizeInputs) {
        return raw(LSTM, fbb -> {
            fbb.startTable(5);
            fbb.addByte(0, activation.code(), 0);
            fbb.addFloat(1, cellClip, 0);
            fbb.addFloat(2, projClip, 0);
            fbb.addBoolean(4, asymmetricQuantizeInputs, false);
            return fbb.endTable();
        });
    }
}
