package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and TRANSPOSE_CONV on FLOAT32: channel counts on both sides of the
 * SIMD tiles (1, 3, 7, 8, 17, 33, ...), strides, dilations, SAME and VALID padding, every fused activation,
 * weights and bias constant or model inputs (for CONV_2D now and then all inputs constant: a node jlite folds at
 * prepare), bias present or omitted where TensorFlow Lite 2.6 allows it. Cases
 * stay within {@value #MAX_MACS} multiply-adds so a generator runs in seconds.
 */
final class ConvCases {
    private ConvCases() {}

    static final int MAX_MACS = 40_000;

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        all.add(new OpCases("CONV_2D", FLOAT32, ConvCases::conv2d));
        all.add(new OpCases("DEPTHWISE_CONV_2D", FLOAT32, ConvCases::depthwise));
        all.add(new OpCases("FULLY_CONNECTED", FLOAT32, ConvCases::fullyConnected));
        all.add(new OpCases("TRANSPOSE_CONV", FLOAT32, ConvCases::transposeConv));
        return all;
    }

    /** A channel count: mostly ones that straddle the SIMD widths and 4x4 tiles, sometimes any in 1..20. */
    static int channels(CaseRandom r) {
        return r.chance(0.7) ? r.pickInt(1, 3, 4, 7, 8, 9, 16, 17, 33) : r.between(1, 20);
    }

    /**
     * A fused activation: mostly NONE and the RELU family, sometimes TANH or SIGN_BIT, which TensorFlow Lite's float
     * CONV_2D, DEPTHWISE_CONV_2D and pools accept and ignore (their clamp range is the whole float range).
     */
    static FusedActivation activation(CaseRandom r) {
        return r.chance(0.1) ? r.pick(FusedActivation.TANH, FusedActivation.SIGN_BIT) : clampActivation(r);
    }

    /** NONE or the RELU family: all that FULLY_CONNECTED accepts (TensorFlow Lite 2.6 rejects TANH and SIGN_BIT). */
    static FusedActivation clampActivation(CaseRandom r) {
        return r.pick(FusedActivation.NONE, FusedActivation.RELU, FusedActivation.RELU_N1_TO_1, FusedActivation.RELU6);
    }

    /** How a weights or bias operand is fed. */
    private enum Feed { CONSTANT, INPUT, OMITTED, ABSENT }

    /** Adds a float operand as the feed says; returns the data to pass as a model input, or null. */
    private static float[] operand(OpModel m, Feed feed, int[] shape, float[] data) {
        switch (feed) {
            case CONSTANT -> m.constant(FLOAT32, shape, data);
            case INPUT -> {
                m.input(FLOAT32, shape);
                return data;
            }
            case OMITTED -> m.omitted();
            case ABSENT -> { }
        }
        return null;
    }

    private static DiffCase make(String what, OpModel m, Object... inputs) {
        List<Object> present = new ArrayList<>();
        for (Object in : inputs) {
            if (in != null) {
                present.add(in);
            }
        }
        return new DiffCase(what, m, Tolerance.FLOAT, present.toArray());
    }

    /** A kernel extent, stride and dilation along one spatial axis that give at least one output. */
    private record Axis(int in, int kernel, int stride, int dilation) {
        int outputs(Padding padding) {
            int effective = (kernel - 1) * dilation + 1;
            return padding == Padding.SAME ? (in + stride - 1) / stride : (in - effective + stride) / stride;
        }
    }

    private static Axis axis(CaseRandom r, Padding padding, boolean dilate) {
        int in = r.between(1, 9);
        int kernel = r.between(1, r.chance(0.1) ? 5 : 3);
        int dilation = dilate && r.chance(0.3) ? r.between(2, 3) : 1;
        if (padding == Padding.VALID) {
            while ((kernel - 1) * dilation + 1 > in) {
                in++;
            }
        }
        return new Axis(in, kernel, r.between(1, 3), dilation);
    }

    private static Feed weightsFeed(CaseRandom r) {
        return r.chance(0.8) ? Feed.CONSTANT : Feed.INPUT;
    }

    private static DiffCase conv2d(CaseRandom r) {
        Padding padding = r.pick(Padding.SAME, Padding.VALID);
        Axis h;
        Axis w;
        int batches;
        int inC;
        int outC;
        do {
            // Now and then the first convolution of an image model: 3 channels, a 3x3 or 5x5 filter at stride 2 along
            // rows wide enough for the SIMD engine's 8-pixel tiles.
            boolean stem = r.chance(0.15);
            h = axis(r, padding, true);
            w = stem ? new Axis(r.between(17, 40), r.chance(0.5) ? 3 : 5, 2, 1) : axis(r, padding, true);
            batches = r.between(1, 2);
            inC = stem ? 3 : channels(r);
            outC = channels(r);
        } while ((long) batches * h.outputs(padding) * w.outputs(padding) * outC * h.kernel * w.kernel * inC
                > MAX_MACS);
        FusedActivation activation = activation(r);
        int[] inShape = {batches, h.in, w.in, inC};
        int[] filterShape = {outC, h.kernel, w.kernel, inC};
        Feed weights = weightsFeed(r);
        // TensorFlow Lite 2.6's CONV_2D requires its bias (conv.cc: TF_LITE_ENSURE(context, has_bias)).
        Feed bias = r.chance(0.8) ? Feed.CONSTANT : Feed.INPUT;
        // Now and then every input constant: jlite folds the node at prepare. The official Java binding runs no
        // model without inputs, so the model gets an unused one.
        boolean folded = weights == Feed.CONSTANT && bias == Feed.CONSTANT && r.chance(0.05);
        OpModel m = new OpModel(BuiltinOperator.CONV_2D);
        float[] x = r.floats(CaseRandom.size(inShape), -2, 2);
        if (folded) {
            m.graph().input("unused", FLOAT32, 1);
            m.constant(FLOAT32, inShape, x);
            x = new float[] {0f};
        } else {
            m.input(FLOAT32, inShape);
        }
        float[] f = operand(m, weights, filterShape, r.floats(CaseRandom.size(filterShape), -1, 1));
        float[] b = operand(m, bias, new int[] {outC}, r.floats(outC, -1, 1));
        m.output(FLOAT32);
        m.options(BuiltinOptions.conv2d(padding, w.stride, h.stride, activation, w.dilation, h.dilation));
        String what = "CONV_2D in " + Shapes.str(inShape) + (folded ? " const" : "") + " filter " + Shapes.str(filterShape) + " " + weights
                + " bias " + bias + " " + padding + " stride " + h.stride + "x" + w.stride + " dilation "
                + h.dilation + "x" + w.dilation + " " + activation;
        return make(what, m, x, f, b);
    }

    private static DiffCase depthwise(CaseRandom r) {
        Padding padding = r.pick(Padding.SAME, Padding.VALID);
        Axis h;
        Axis w;
        int batches;
        int inC;
        int multiplier;
        do {
            h = axis(r, padding, true);
            w = axis(r, padding, true);
            batches = r.between(1, 2);
            inC = channels(r);
            multiplier = r.chance(0.6) ? 1 : r.between(2, 4);
        } while ((long) batches * h.outputs(padding) * w.outputs(padding) * inC * multiplier * h.kernel * w.kernel
                > MAX_MACS);
        int outC = inC * multiplier;
        FusedActivation activation = activation(r);
        int[] inShape = {batches, h.in, w.in, inC};
        int[] filterShape = {1, h.kernel, w.kernel, outC};
        Feed weights = weightsFeed(r);
        // Never without bias: TensorFlow Lite 2.6's float kernel dereferences the missing bias (a crash), where
        // jlite uses zeros.
        Feed bias = r.chance(0.8) ? Feed.CONSTANT : Feed.INPUT;
        OpModel m = new OpModel(BuiltinOperator.DEPTHWISE_CONV_2D);
        m.input(FLOAT32, inShape);
        float[] x = r.floats(CaseRandom.size(inShape), -2, 2);
        float[] f = operand(m, weights, filterShape, r.floats(CaseRandom.size(filterShape), -1, 1));
        float[] b = operand(m, bias, new int[] {outC}, r.floats(outC, -1, 1));
        m.output(FLOAT32);
        // TensorFlow Lite 2.6 derives the multiplier from the shapes and ignores the option's value.
        int optionMultiplier = r.chance(0.8) ? multiplier : r.pickInt(0, 1, 5);
        m.options(BuiltinOptions.depthwiseConv2d(padding, w.stride, h.stride, optionMultiplier, activation,
                w.dilation, h.dilation));
        // Dilation is an option of version 2.
        m.version(h.dilation > 1 || w.dilation > 1 ? 2 : 1);
        String what = "DEPTHWISE_CONV_2D in " + Shapes.str(inShape) + " filter " + Shapes.str(filterShape) + " "
                + weights + " bias " + bias + " multiplier " + multiplier + " (option " + optionMultiplier + ") "
                + padding + " stride " + h.stride + "x" + w.stride + " dilation " + h.dilation + "x" + w.dilation + " "
                + activation;
        return make(what, m, x, f, b);
    }

    private static DiffCase fullyConnected(CaseRandom r) {
        int depth = channels(r);
        int units = channels(r);
        boolean keepNumDims = r.chance(0.4);
        int[] inShape;
        if (keepNumDims) {
            inShape = r.shape(r.between(1, 4), 4);
            inShape[inShape.length - 1] = depth;
        } else {
            // Any shape whose size is a multiple of the depth: TensorFlow Lite flattens it to [size / depth, depth].
            int batches = r.between(1, 6);
            inShape = factor(r, batches * depth, r.between(1, 4));
        }
        int[] filterShape = {units, depth};
        FusedActivation activation = clampActivation(r);
        Feed weights = weightsFeed(r);
        Feed bias = r.pick(Feed.CONSTANT, Feed.CONSTANT, Feed.INPUT, Feed.OMITTED, Feed.ABSENT);
        OpModel m = new OpModel(BuiltinOperator.FULLY_CONNECTED);
        m.input(FLOAT32, inShape);
        float[] x = r.floats(CaseRandom.size(inShape), -2, 2);
        float[] f = operand(m, weights, filterShape, r.floats(CaseRandom.size(filterShape), -1, 1));
        float[] b = operand(m, bias, new int[] {units}, r.floats(units, -1, 1));
        m.output(FLOAT32);
        if (activation != FusedActivation.NONE || keepNumDims || r.chance(0.8)) {
            m.options(BuiltinOptions.fullyConnected(activation, keepNumDims));
        }
        String what = "FULLY_CONNECTED in " + Shapes.str(inShape) + " weights " + Shapes.str(filterShape) + " "
                + weights + " bias " + bias + " keep_num_dims " + keepNumDims + " " + activation;
        return make(what, m, x, f, b);
    }

    /** A shape of {@code rank} dimensions whose product is {@code size}. */
    private static int[] factor(CaseRandom r, int size, int rank) {
        int[] shape = new int[rank];
        int left = size;
        for (int d = 0; d < rank - 1; d++) {
            List<Integer> divisors = new ArrayList<>();
            for (int k = 1; k <= left; k++) {
                if (left % k == 0) {
                    divisors.add(k);
                }
            }
            shape[d] = divisors.get(r.between(0, divisors.size() - 1));
            left /= shape[d];
        }
        shape[rank - 1] = left;
        return shape;
    }

    private static DiffCase transposeConv(CaseRandom r) {
        Padding padding = r.pick(Padding.SAME, Padding.VALID);
        int batches;
        int inH;
        int inW;
        int kh;
        int kw;
        int strideH;
        int strideW;
        int inC;
        int outC;
        do {
            batches = r.between(1, 2);
            inH = r.between(1, 6);
            inW = r.between(1, 6);
            kh = r.between(1, 4);
            kw = r.between(1, 4);
            strideH = r.between(1, 3);
            strideW = r.between(1, 3);
            inC = channels(r);
            outC = channels(r);
        } while ((long) batches * inH * inW * kh * kw * inC * outC > MAX_MACS);
        // An output size the forward convolution maps back onto the input size (any such size is valid).
        int outH = transposedSize(r, padding, inH, kh, strideH);
        int outW = transposedSize(r, padding, inW, kw, strideW);
        int[] outputShape = {batches, outH, outW, outC};
        int[] filterShape = {outC, kh, kw, inC};
        int[] inShape = {batches, inH, inW, inC};
        boolean constantShape = r.chance(0.8);
        Feed weights = weightsFeed(r);
        Feed bias = r.pick(Feed.ABSENT, Feed.ABSENT, Feed.CONSTANT, Feed.INPUT, Feed.OMITTED);
        OpModel m = new OpModel(BuiltinOperator.TRANSPOSE_CONV);
        int[] shapeInput = null;
        if (constantShape) {
            m.constant(INT32, new int[] {4}, outputShape);
        } else {
            m.input(INT32, 4);
            shapeInput = outputShape;
        }
        float[] f = operand(m, weights, filterShape, r.floats(CaseRandom.size(filterShape), -1, 1));
        m.input(FLOAT32, inShape);
        float[] x = r.floats(CaseRandom.size(inShape), -2, 2);
        float[] b = operand(m, bias, new int[] {outC}, r.floats(outC, -1, 1));
        m.output(FLOAT32);
        m.options(BuiltinOptions.transposeConv(padding, strideW, strideH));
        // The optional bias is an input of version 3.
        m.version(bias == Feed.ABSENT ? 1 : 3);
        String what = "TRANSPOSE_CONV in " + Shapes.str(inShape) + " filter " + Shapes.str(filterShape) + " "
                + weights + " output " + Shapes.str(outputShape) + (constantShape ? " const" : " input") + " bias "
                + bias + " " + padding + " stride " + strideH + "x" + strideW;
        return make(what, m, shapeInput, f, x, b);
    }

    private static int transposedSize(CaseRandom r, Padding padding, int in, int kernel, int stride) {
        if (padding == Padding.SAME) {
            return r.between((in - 1) * stride + 1, in * stride);
        }
        int lo = (in - 1) * stride + kernel;
        return r.between(lo, lo + stride - 1);
    }
}
