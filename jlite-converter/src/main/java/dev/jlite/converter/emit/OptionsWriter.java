package dev.jlite.converter.emit;

import dev.jlite.DataType;
import dev.jlite.converter.ir.Op;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;

/** Writes an operator's named option fields as its {@code BuiltinOptions} table. */
final class OptionsWriter {
    private OptionsWriter() {}

    static BuiltinOptions of(Op op) {
        FusedActivation act = op.option("activation", FusedActivation.NONE);
        return switch (op.code()) {
            case CONV_2D -> BuiltinOptions.conv2d(op.option("padding", Padding.VALID), op.option("strideW", 1),
                    op.option("strideH", 1), act, op.option("dilationW", 1), op.option("dilationH", 1));
            case DEPTHWISE_CONV_2D -> BuiltinOptions.depthwiseConv2d(op.option("padding", Padding.VALID),
                    op.option("strideW", 1), op.option("strideH", 1), op.option("depthMultiplier", 1), act,
                    op.option("dilationW", 1), op.option("dilationH", 1));
            case TRANSPOSE_CONV -> BuiltinOptions.transposeConv(op.option("padding", Padding.VALID),
                    op.option("strideW", 1), op.option("strideH", 1));
            case AVERAGE_POOL_2D, MAX_POOL_2D -> BuiltinOptions.pool2d(op.option("padding", Padding.VALID),
                    op.option("strideW", 1), op.option("strideH", 1), op.option("filterW", 1),
                    op.option("filterH", 1), act);
            case FULLY_CONNECTED -> BuiltinOptions.fullyConnected(act, op.option("keepNumDims", false),
                    op.option("asymmetric", false));
            case SOFTMAX -> BuiltinOptions.softmax(op.option("beta", 1f));
            case CONCATENATION -> BuiltinOptions.concatenation(op.option("axis", 0), act);
            case ADD -> BuiltinOptions.add(act);
            case SUB -> BuiltinOptions.sub(act);
            case MUL -> BuiltinOptions.mul(act);
            case DIV -> BuiltinOptions.div(act);
            case RESHAPE -> BuiltinOptions.reshape(op.option("newShape", new int[0]));
            case MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD -> BuiltinOptions.reducer(op.option("keepDims", false));
            case PAD -> BuiltinOptions.pad();
            case PADV2 -> BuiltinOptions.empty(BuiltinOptions.PADV2);
            case MIRROR_PAD -> BuiltinOptions.mirrorPad(op.option("symmetric", false));
            case TRANSPOSE -> BuiltinOptions.transpose();
            case DEQUANTIZE -> BuiltinOptions.dequantize();
            case QUANTIZE -> BuiltinOptions.empty(BuiltinOptions.QUANTIZE);
            case STRIDED_SLICE -> BuiltinOptions.stridedSlice(op.option("beginMask", 0), op.option("endMask", 0), 0,
                    0, op.option("shrinkAxisMask", 0));
            case SLICE -> BuiltinOptions.empty(BuiltinOptions.SLICE);
            case RESIZE_BILINEAR -> BuiltinOptions.resizeBilinear(op.option("alignCorners", false),
                    op.option("halfPixelCenters", false));
            case RESIZE_NEAREST_NEIGHBOR -> BuiltinOptions.resizeNearestNeighbor(op.option("alignCorners", false),
                    op.option("halfPixelCenters", false));
            case GATHER -> BuiltinOptions.gather(op.option("axis", 0), op.option("batchDims", 0));
            case LEAKY_RELU -> BuiltinOptions.leakyRelu(op.option("alpha", 0.2f));
            case PACK -> BuiltinOptions.pack(op.option("valuesCount", 0), op.option("axis", 0));
            case UNPACK -> BuiltinOptions.unpack(op.option("num", 0), op.option("axis", 0));
            case SPLIT -> BuiltinOptions.split(op.option("num", 1));
            case SPLIT_V -> BuiltinOptions.splitV(op.option("num", 1));
            case CAST -> BuiltinOptions.cast(op.option("inType", DataType.FLOAT32),
                    op.option("outType", DataType.FLOAT32));
            case ARG_MAX -> BuiltinOptions.argMax(op.option("outType", DataType.INT64));
            case SHAPE -> BuiltinOptions.shape(op.option("outType", DataType.INT32));
            case BATCH_MATMUL -> BuiltinOptions.batchMatMul(op.option("adjX", false), op.option("adjY", false));
            case EXP -> BuiltinOptions.empty(BuiltinOptions.EXP);
            case LOG_SOFTMAX -> BuiltinOptions.logSoftmax();
            case MAXIMUM, MINIMUM -> BuiltinOptions.empty(BuiltinOptions.MAXIMUM_MINIMUM);
            case POW -> BuiltinOptions.empty(BuiltinOptions.POW);
            case SQUARE -> BuiltinOptions.empty(BuiltinOptions.SQUARE);
            case SQUARED_DIFFERENCE -> BuiltinOptions.empty(BuiltinOptions.SQUARED_DIFFERENCE);
            case FILL -> BuiltinOptions.empty(BuiltinOptions.FILL);
            case HARD_SWISH -> BuiltinOptions.empty(BuiltinOptions.HARD_SWISH);
            default -> null; // RELU, LOGISTIC, TANH, RSQRT...: no options table
        };
    }
}
