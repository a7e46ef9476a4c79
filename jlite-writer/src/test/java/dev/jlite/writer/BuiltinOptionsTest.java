package dev.jlite.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.DivOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.GatherOptions;
import org.tensorflow.lite.schema.LeakyReluOptions;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.ReducerOptions;
import org.tensorflow.lite.schema.ReshapeOptions;
import org.tensorflow.lite.schema.ResizeBilinearOptions;
import org.tensorflow.lite.schema.ResizeNearestNeighborOptions;
import org.tensorflow.lite.schema.SoftmaxOptions;
import org.tensorflow.lite.schema.SqueezeOptions;
import org.tensorflow.lite.schema.StridedSliceOptions;
import org.tensorflow.lite.schema.SubOptions;
import org.tensorflow.lite.schema.TransposeConvOptions;

/**
 * Options tables read back through the classes FlatBuffers generates from TensorFlow Lite's schema.fbs (from
 * tensorflow-lite-metadata, test scope): an independent check of union codes and field ids.
 */
class BuiltinOptionsTest {

    /** Writes a one-operator model and reads its operator back with the generated schema classes. */
    private static Operator written(BuiltinOperator op, BuiltinOptions options) {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 1, 4);
        int y = g.tensor("y", DataType.FLOAT32, 1, 4);
        g.operator(op, new int[] {x}, new int[] {y}, options);
        g.output(y);
        Operator operator = Model.getRootAsModel(builder.buildBuffer()).subgraphs(0).operators(0);
        assertThat(operator.builtinOptionsType()).isEqualTo((byte) options.unionType());
        return operator;
    }

    @Test
    void convolutionsAndPooling() {
        Conv2DOptions conv = (Conv2DOptions) written(BuiltinOperator.CONV_2D,
                BuiltinOptions.conv2d(Padding.VALID, 2, 3, FusedActivation.RELU6, 4, 5)).builtinOptions(new Conv2DOptions());
        assertThat(conv.padding()).isEqualTo(org.tensorflow.lite.schema.Padding.VALID);
        assertThat(new int[] {conv.strideW(), conv.strideH(), conv.dilationWFactor(), conv.dilationHFactor()})
                .containsExactly(2, 3, 4, 5);
        assertThat(conv.fusedActivationFunction()).isEqualTo(org.tensorflow.lite.schema.ActivationFunctionType.RELU6);
        assertThat(BuiltinOptions.CONV_2D).isEqualTo(org.tensorflow.lite.schema.BuiltinOptions.Conv2DOptions);

        Conv2DOptions plain = (Conv2DOptions) written(BuiltinOperator.CONV_2D,
                BuiltinOptions.conv2d(Padding.SAME, 1, 1, FusedActivation.NONE)).builtinOptions(new Conv2DOptions());
        assertThat(plain.padding()).isEqualTo(org.tensorflow.lite.schema.Padding.SAME);
        assertThat(new int[] {plain.dilationWFactor(), plain.dilationHFactor()}).containsExactly(1, 1);

        DepthwiseConv2DOptions dw = (DepthwiseConv2DOptions) written(BuiltinOperator.DEPTHWISE_CONV_2D,
                BuiltinOptions.depthwiseConv2d(Padding.VALID, 2, 1, 3, FusedActivation.TANH, 2, 4))
                .builtinOptions(new DepthwiseConv2DOptions());
        assertThat(new int[] {dw.strideW(), dw.strideH(), dw.depthMultiplier(), dw.dilationWFactor(),
                dw.dilationHFactor()}).containsExactly(2, 1, 3, 2, 4);
        assertThat(dw.fusedActivationFunction()).isEqualTo(org.tensorflow.lite.schema.ActivationFunctionType.TANH);

        TransposeConvOptions tc = (TransposeConvOptions) written(BuiltinOperator.TRANSPOSE_CONV,
                BuiltinOptions.transposeConv(Padding.VALID, 2, 3)).builtinOptions(new TransposeConvOptions());
        assertThat(new int[] {tc.padding(), tc.strideW(), tc.strideH()}).containsExactly(1, 2, 3);

        Pool2DOptions pool = (Pool2DOptions) written(BuiltinOperator.MAX_POOL_2D,
                BuiltinOptions.pool2d(Padding.SAME, 2, 3, 4, 5, FusedActivation.RELU)).builtinOptions(new Pool2DOptions());
        assertThat(new int[] {pool.padding(), pool.strideW(), pool.strideH(), pool.filterWidth(), pool.filterHeight(),
                pool.fusedActivationFunction()}).containsExactly(0, 2, 3, 4, 5, 1);
    }

    @Test
    void arithmeticAndActivations() {
        assertThat(((AddOptions) written(BuiltinOperator.ADD, BuiltinOptions.add(FusedActivation.RELU))
                .builtinOptions(new AddOptions())).fusedActivationFunction()).isEqualTo((byte) 1);
        assertThat(((SubOptions) written(BuiltinOperator.SUB, BuiltinOptions.sub(FusedActivation.RELU_N1_TO_1))
                .builtinOptions(new SubOptions())).fusedActivationFunction()).isEqualTo((byte) 2);
        assertThat(((MulOptions) written(BuiltinOperator.MUL, BuiltinOptions.mul(FusedActivation.RELU6))
                .builtinOptions(new MulOptions())).fusedActivationFunction()).isEqualTo((byte) 3);
        assertThat(((DivOptions) written(BuiltinOperator.DIV, BuiltinOptions.div(FusedActivation.SIGN_BIT))
                .builtinOptions(new DivOptions())).fusedActivationFunction()).isEqualTo((byte) 5);
        FullyConnectedOptions fc = (FullyConnectedOptions) written(BuiltinOperator.FULLY_CONNECTED,
                BuiltinOptions.fullyConnected(FusedActivation.RELU, true)).builtinOptions(new FullyConnectedOptions());
        assertThat(fc.fusedActivationFunction()).isEqualTo((byte) 1);
        assertThat(fc.keepNumDims()).isTrue();
        assertThat(((SoftmaxOptions) written(BuiltinOperator.SOFTMAX, BuiltinOptions.softmax(0.5f))
                .builtinOptions(new SoftmaxOptions())).beta()).isEqualTo(0.5f);
        assertThat(((LeakyReluOptions) written(BuiltinOperator.LEAKY_RELU, BuiltinOptions.leakyRelu(0.2f))
                .builtinOptions(new LeakyReluOptions())).alpha()).isEqualTo(0.2f);
    }

    @Test
    void shapeOperators() {
        ReshapeOptions reshape = (ReshapeOptions) written(BuiltinOperator.RESHAPE, BuiltinOptions.reshape(2, -1, 3))
                .builtinOptions(new ReshapeOptions());
        assertThat(new int[] {reshape.newShape(0), reshape.newShape(1), reshape.newShape(2)}).containsExactly(2, -1, 3);
        assertThat(reshape.newShapeLength()).isEqualTo(3);
        ConcatenationOptions concat = (ConcatenationOptions) written(BuiltinOperator.CONCATENATION,
                BuiltinOptions.concatenation(-1, FusedActivation.RELU)).builtinOptions(new ConcatenationOptions());
        assertThat(new int[] {concat.axis(), concat.fusedActivationFunction()}).containsExactly(-1, 1);
        assertThat(((ReducerOptions) written(BuiltinOperator.MEAN, BuiltinOptions.reducer(true))
                .builtinOptions(new ReducerOptions())).keepDims()).isTrue();
        StridedSliceOptions slice = (StridedSliceOptions) written(BuiltinOperator.STRIDED_SLICE,
                BuiltinOptions.stridedSlice(1, 2, 4, 8, 16)).builtinOptions(new StridedSliceOptions());
        assertThat(new int[] {slice.beginMask(), slice.endMask(), slice.ellipsisMask(), slice.newAxisMask(),
                slice.shrinkAxisMask()}).containsExactly(1, 2, 4, 8, 16);
        ResizeBilinearOptions bilinear = (ResizeBilinearOptions) written(BuiltinOperator.RESIZE_BILINEAR,
                BuiltinOptions.resizeBilinear(false, true)).builtinOptions(new ResizeBilinearOptions());
        assertThat(bilinear.alignCorners()).isFalse();
        assertThat(bilinear.halfPixelCenters()).isTrue();
        ResizeNearestNeighborOptions nearest = (ResizeNearestNeighborOptions) written(
                BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, BuiltinOptions.resizeNearestNeighbor(true, false))
                .builtinOptions(new ResizeNearestNeighborOptions());
        assertThat(nearest.alignCorners()).isTrue();
        assertThat(nearest.halfPixelCenters()).isFalse();
        SqueezeOptions squeeze = (SqueezeOptions) written(BuiltinOperator.SQUEEZE, BuiltinOptions.squeeze(0, 2))
                .builtinOptions(new SqueezeOptions());
        assertThat(new int[] {squeeze.squeezeDims(0), squeeze.squeezeDims(1)}).containsExactly(0, 2);
        assertThat(((GatherOptions) written(BuiltinOperator.GATHER, BuiltinOptions.gather(1))
                .builtinOptions(new GatherOptions())).axis()).isEqualTo(1);
        written(BuiltinOperator.PAD, BuiltinOptions.pad());
        written(BuiltinOperator.TRANSPOSE, BuiltinOptions.transpose());
        written(BuiltinOperator.DEQUANTIZE, BuiltinOptions.dequantize());
    }

    @Test
    void unionCodesAreSchemaCodes() {
        byte[][] pairs = {
            {BuiltinOptions.CONV_2D, org.tensorflow.lite.schema.BuiltinOptions.Conv2DOptions},
            {BuiltinOptions.DEPTHWISE_CONV_2D, org.tensorflow.lite.schema.BuiltinOptions.DepthwiseConv2DOptions},
            {BuiltinOptions.POOL_2D, org.tensorflow.lite.schema.BuiltinOptions.Pool2DOptions},
            {BuiltinOptions.FULLY_CONNECTED, org.tensorflow.lite.schema.BuiltinOptions.FullyConnectedOptions},
            {BuiltinOptions.SOFTMAX, org.tensorflow.lite.schema.BuiltinOptions.SoftmaxOptions},
            {BuiltinOptions.CONCATENATION, org.tensorflow.lite.schema.BuiltinOptions.ConcatenationOptions},
            {BuiltinOptions.ADD, org.tensorflow.lite.schema.BuiltinOptions.AddOptions},
            {BuiltinOptions.RESIZE_BILINEAR, org.tensorflow.lite.schema.BuiltinOptions.ResizeBilinearOptions},
            {BuiltinOptions.RESHAPE, org.tensorflow.lite.schema.BuiltinOptions.ReshapeOptions},
            {BuiltinOptions.MUL, org.tensorflow.lite.schema.BuiltinOptions.MulOptions},
            {BuiltinOptions.PAD, org.tensorflow.lite.schema.BuiltinOptions.PadOptions},
            {BuiltinOptions.GATHER, org.tensorflow.lite.schema.BuiltinOptions.GatherOptions},
            {BuiltinOptions.TRANSPOSE, org.tensorflow.lite.schema.BuiltinOptions.TransposeOptions},
            {BuiltinOptions.REDUCER, org.tensorflow.lite.schema.BuiltinOptions.ReducerOptions},
            {BuiltinOptions.SUB, org.tensorflow.lite.schema.BuiltinOptions.SubOptions},
            {BuiltinOptions.DIV, org.tensorflow.lite.schema.BuiltinOptions.DivOptions},
            {BuiltinOptions.SQUEEZE, org.tensorflow.lite.schema.BuiltinOptions.SqueezeOptions},
            {BuiltinOptions.STRIDED_SLICE, org.tensorflow.lite.schema.BuiltinOptions.StridedSliceOptions},
            {BuiltinOptions.DEQUANTIZE, org.tensorflow.lite.schema.BuiltinOptions.DequantizeOptions},
            {BuiltinOptions.TRANSPOSE_CONV, org.tensorflow.lite.schema.BuiltinOptions.TransposeConvOptions},
            {BuiltinOptions.RESIZE_NEAREST_NEIGHBOR,
                org.tensorflow.lite.schema.BuiltinOptions.ResizeNearestNeighborOptions},
            {BuiltinOptions.LEAKY_RELU, org.tensorflow.lite.schema.BuiltinOptions.LeakyReluOptions},
        };
        for (byte[] pair : pairs) {
            assertThat(pair[0]).as(org.tensorflow.lite.schema.BuiltinOptions.name(pair[1])).isEqualTo(pair[1]);
        }
    }

    @Test
    void rawWritesAnyTable() {
        // ArgMaxOptions (union 40): output_type = INT64 (4) at field 0.
        Operator op = written(BuiltinOperator.ARG_MAX, BuiltinOptions.raw(40, fbb -> {
            fbb.startTable(1);
            fbb.addByte(0, (byte) 4, 0);
            return fbb.endTable();
        }));
        org.tensorflow.lite.schema.ArgMaxOptions argMax =
                (org.tensorflow.lite.schema.ArgMaxOptions) op.builtinOptions(new org.tensorflow.lite.schema.ArgMaxOptions());
        assertThat(argMax.outputType()).isEqualTo((byte) 4);
        assertThatThrownBy(() -> BuiltinOptions.raw(0, fbb -> 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BuiltinOptions.raw(256, fbb -> 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsTheConverterWrites() {
        org.tensorflow.lite.schema.PackOptions pack = (org.tensorflow.lite.schema.PackOptions) written(
                BuiltinOperator.PACK, BuiltinOptions.pack(3, 1)).builtinOptions(new org.tensorflow.lite.schema.PackOptions());
        assertThat(new int[] {pack.valuesCount(), pack.axis()}).containsExactly(3, 1);
        org.tensorflow.lite.schema.UnpackOptions unpack = (org.tensorflow.lite.schema.UnpackOptions) written(
                BuiltinOperator.UNPACK, BuiltinOptions.unpack(4, 2))
                .builtinOptions(new org.tensorflow.lite.schema.UnpackOptions());
        assertThat(new int[] {unpack.num(), unpack.axis()}).containsExactly(4, 2);
        org.tensorflow.lite.schema.SplitOptions split = (org.tensorflow.lite.schema.SplitOptions) written(
                BuiltinOperator.SPLIT, BuiltinOptions.split(2)).builtinOptions(new org.tensorflow.lite.schema.SplitOptions());
        assertThat(split.numSplits()).isEqualTo(2);
        org.tensorflow.lite.schema.SplitVOptions splitV = (org.tensorflow.lite.schema.SplitVOptions) written(
                BuiltinOperator.SPLIT_V, BuiltinOptions.splitV(3))
                .builtinOptions(new org.tensorflow.lite.schema.SplitVOptions());
        assertThat(splitV.numSplits()).isEqualTo(3);
        org.tensorflow.lite.schema.CastOptions cast = (org.tensorflow.lite.schema.CastOptions) written(
                BuiltinOperator.CAST, BuiltinOptions.cast(DataType.INT32, DataType.FLOAT32))
                .builtinOptions(new org.tensorflow.lite.schema.CastOptions());
        assertThat(new byte[] {cast.inDataType(), cast.outDataType()}).containsExactly(
                org.tensorflow.lite.schema.TensorType.INT32, org.tensorflow.lite.schema.TensorType.FLOAT32);
        org.tensorflow.lite.schema.ArgMaxOptions argMax = (org.tensorflow.lite.schema.ArgMaxOptions) written(
                BuiltinOperator.ARG_MAX, BuiltinOptions.argMax(DataType.INT64))
                .builtinOptions(new org.tensorflow.lite.schema.ArgMaxOptions());
        assertThat(argMax.outputType()).isEqualTo(org.tensorflow.lite.schema.TensorType.INT64);
        org.tensorflow.lite.schema.ShapeOptions shape = (org.tensorflow.lite.schema.ShapeOptions) written(
                BuiltinOperator.SHAPE, BuiltinOptions.shape(DataType.INT32))
                .builtinOptions(new org.tensorflow.lite.schema.ShapeOptions());
        assertThat(shape.outType()).isEqualTo(org.tensorflow.lite.schema.TensorType.INT32);
        org.tensorflow.lite.schema.MirrorPadOptions mirror = (org.tensorflow.lite.schema.MirrorPadOptions) written(
                BuiltinOperator.MIRROR_PAD, BuiltinOptions.mirrorPad(true))
                .builtinOptions(new org.tensorflow.lite.schema.MirrorPadOptions());
        assertThat(mirror.mode()).isEqualTo(org.tensorflow.lite.schema.MirrorPadMode.SYMMETRIC);
        org.tensorflow.lite.schema.BatchMatMulOptions bmm = (org.tensorflow.lite.schema.BatchMatMulOptions) written(
                BuiltinOperator.BATCH_MATMUL, BuiltinOptions.batchMatMul(false, true))
                .builtinOptions(new org.tensorflow.lite.schema.BatchMatMulOptions());
        assertThat(new boolean[] {bmm.adjX(), bmm.adjY()}).containsExactly(false, true);
        GatherOptions gather = (GatherOptions) written(BuiltinOperator.GATHER, BuiltinOptions.gather(1, 1))
                .builtinOptions(new GatherOptions());
        assertThat(new int[] {gather.axis(), gather.batchDims()}).containsExactly(1, 1);
        FullyConnectedOptions fc = (FullyConnectedOptions) written(BuiltinOperator.FULLY_CONNECTED,
                BuiltinOptions.fullyConnected(FusedActivation.RELU, true, true))
                .builtinOptions(new FullyConnectedOptions());
        assertThat(new boolean[] {fc.keepNumDims(), fc.asymmetricQuantizeInputs()}).containsExactly(true, true);
        for (int[] codes : new int[][] {{BuiltinOptions.EXP, org.tensorflow.lite.schema.BuiltinOptions.ExpOptions},
            {BuiltinOptions.LOG_SOFTMAX, org.tensorflow.lite.schema.BuiltinOptions.LogSoftmaxOptions},
            {BuiltinOptions.MAXIMUM_MINIMUM, org.tensorflow.lite.schema.BuiltinOptions.MaximumMinimumOptions},
            {BuiltinOptions.PADV2, org.tensorflow.lite.schema.BuiltinOptions.PadV2Options},
            {BuiltinOptions.SLICE, org.tensorflow.lite.schema.BuiltinOptions.SliceOptions},
            {BuiltinOptions.TILE, org.tensorflow.lite.schema.BuiltinOptions.TileOptions},
            {BuiltinOptions.EXPAND_DIMS, org.tensorflow.lite.schema.BuiltinOptions.ExpandDimsOptions},
            {BuiltinOptions.POW, org.tensorflow.lite.schema.BuiltinOptions.PowOptions},
            {BuiltinOptions.SQUARE, org.tensorflow.lite.schema.BuiltinOptions.SquareOptions},
            {BuiltinOptions.FILL, org.tensorflow.lite.schema.BuiltinOptions.FillOptions},
            {BuiltinOptions.SQUARED_DIFFERENCE, org.tensorflow.lite.schema.BuiltinOptions.SquaredDifferenceOptions},
            {BuiltinOptions.QUANTIZE, org.tensorflow.lite.schema.BuiltinOptions.QuantizeOptions},
            {BuiltinOptions.HARD_SWISH, org.tensorflow.lite.schema.BuiltinOptions.HardSwishOptions}}) {
            assertThat(codes[0]).isEqualTo(codes[1]);
        }
    }
}
