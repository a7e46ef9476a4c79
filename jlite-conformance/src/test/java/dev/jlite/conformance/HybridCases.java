package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT8;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * Hybrid (dynamic-range) kernels: FLOAT32 activations with INT8 weights, which TensorFlow Lite quantizes row by row
 * when the node runs. Inputs mix magnitudes per row and sometimes hold all-zero rows (the scale-1 path); weights
 * use the whole symmetric int8 range with per-tensor scales (per-channel where the kernel reads them), inputs are
 * quantized symmetrically or, where the options allow, asymmetrically.
 */
final class HybridCases {
    private HybridCases() {}

    static final String HYBRID = "HYBRID";

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        all.add(new OpCases("FULLY_CONNECTED", FLOAT32, HYBRID, HybridCases::fullyConnected));
        all.add(new OpCases("CONV_2D", FLOAT32, HYBRID, HybridCases::conv2d));
        all.add(new OpCases("DEPTHWISE_CONV_2D", FLOAT32, HYBRID, HybridCases::depthwise));
        all.add(new OpCases("BATCH_MATMUL", FLOAT32, HYBRID, HybridCases::batchMatMul));
        return all;
    }

    /** Float activations whose rows have different magnitudes, a row of zeros now and then. */
    static float[] activations(CaseRandom r, int rows, int size) {
        float[] x = new float[rows * size];
        for (int i = 0; i < rows; i++) {
            if (r.chance(0.1)) {
                continue;
            }
            float magnitude = Quant.logUniform(r, 0.01f, 10f);
            float lo = r.chance(0.2) ? 0f : -magnitude;
            float[] row = r.floats(size, lo, magnitude);
            System.arraycopy(row, 0, x, i * size, size);
        }
        return x;
    }

    /** Symmetric int8 weights (-127..127, as TensorFlow Lite's converter makes them). */
    static byte[] weights(CaseRandom r, int n) {
        return r.bytes(n, -127, 127);
    }

    static float weightScale(CaseRandom r) {
        return Quant.logUniform(r, 0.001f, 0.05f);
    }

    private static DiffCase fullyConnected(CaseRandom r) {
        int depth = ConvCases.channels(r);
        int units = ConvCases.channels(r);
        boolean keepNumDims = r.chance(0.3);
        int[] inShape;
        int batches = r.between(1, 6);
        if (keepNumDims) {
            inShape = r.shape(r.between(1, 3), 3);
            inShape[inShape.length - 1] = depth;
            batches = CaseRandom.size(inShape) / depth;
        } else {
            inShape = new int[] {batches, depth};
        }
        boolean asymmetric = r.chance(0.5);
        FusedActivation activation = ConvCases.clampActivation(r);
        boolean constantWeights = r.chance(0.85);
        String biasFeed = r.pick("const", "const", "input", "none");
        float scale = weightScale(r);
        OpModel m = new OpModel(BuiltinOperator.FULLY_CONNECTED);
        m.input(FLOAT32, inShape);
        float[] x = activations(r, batches, depth);
        byte[] w = weights(r, units * depth);
        int wt = constantWeights ? m.constant(INT8, new int[] {units, depth}, w) : m.input(INT8, units, depth);
        m.quantize(wt, scale, 0);
        float[] b = r.floats(units, -1, 1);
        switch (biasFeed) {
            case "const" -> m.constant(FLOAT32, new int[] {units}, b);
            case "input" -> m.input(FLOAT32, units);
            default -> m.omitted();
        }
        m.output(FLOAT32);
        m.options(BuiltinOptions.fullyConnected(activation, keepNumDims, asymmetric));
        String what = "hybrid FULLY_CONNECTED in " + Shapes.str(inShape) + " weights [" + units + ", " + depth + "] "
                + (constantWeights ? "const" : "input") + " scale " + scale + " bias " + biasFeed + " " + activation
                + (asymmetric ? " asymmetric" : " symmetric") + (keepNumDims ? " keep_num_dims" : "");
        List<Object> inputs = new ArrayList<>();
        inputs.add(x);
        if (!constantWeights) {
            inputs.add(w);
        }
        if (biasFeed.equals("input")) {
            inputs.add(b);
        }
        return new DiffCase(what, m, Tolerance.FLOAT, inputs.toArray());
    }

    /** One spatial axis of a convolution: input extent, kernel, stride, dilation. */
    private record Axis(int in, int kernel, int stride, int dilation) {
        int outputs(Padding padding) {
            int effective = (kernel - 1) * dilation + 1;
            return padding == Padding.SAME ? (in + stride - 1) / stride : (in - effective + stride) / stride;
        }

        static Axis random(CaseRandom r, Padding padding) {
            int in = r.between(1, 9);
            int kernel = r.between(1, 3);
            int dilation = r.chance(0.25) ? r.between(2, 3) : 1;
            while (padding == Padding.VALID && (kernel - 1) * dilation + 1 > in) {
                in++;
            }
            return new Axis(in, kernel, r.between(1, 3), dilation);
        }
    }

    /** How a convolution's filter is scaled: one scale, one per channel, or one per channel all equal. */
    private enum Scales { TENSOR, CHANNEL, EQUAL_CHANNELS }

    private static float[] channelScales(CaseRandom r, Scales kind, int channels) {
        float[] s = new float[kind == Scales.TENSOR ? 1 : channels];
        float first = weightScale(r);
        for (int i = 0; i < s.length; i++) {
            s[i] = kind == Scales.CHANNEL ? weightScale(r) : first;
        }
        return s;
    }

    private static DiffCase conv2d(CaseRandom r) {
        Padding padding = r.pick(Padding.SAME, Padding.VALID);
        Axis h;
        Axis w;
        int batches;
        int inC;
        int outC;
        do {
            h = Axis.random(r, padding);
            w = Axis.random(r, padding);
            batches = r.between(1, 2);
            inC = ConvCases.channels(r);
            outC = ConvCases.channels(r);
        } while ((long) batches * h.outputs(padding) * w.outputs(padding) * outC * h.kernel * w.kernel * inC
                > ConvCases.MAX_MACS);
        Scales kind = outC == 1 ? Scales.TENSOR : r.pick(Scales.TENSOR, Scales.CHANNEL, Scales.CHANNEL,
                Scales.EQUAL_CHANNELS);
        float[] scales = channelScales(r, kind, outC);
        FusedActivation activation = ConvCases.activation(r);
        int[] inShape = {batches, h.in, w.in, inC};
        int[] filterShape = {outC, h.kernel, w.kernel, inC};
        boolean constantBias = r.chance(0.8);
        OpModel m = new OpModel(BuiltinOperator.CONV_2D);
        m.input(FLOAT32, inShape);
        float[] x = activations(r, batches, h.in * w.in * inC);
        int f = m.constant(INT8, filterShape, weights(r, CaseRandom.size(filterShape)));
        quantize(m, f, scales, 0);
        float[] b = r.floats(outC, -1, 1);
        if (constantBias) {
            m.constant(FLOAT32, new int[] {outC}, b);
        } else {
            m.input(FLOAT32, outC);
        }
        m.output(FLOAT32);
        m.options(BuiltinOptions.conv2d(padding, w.stride, h.stride, activation, w.dilation, h.dilation));
        String what = "hybrid CONV_2D in " + Shapes.str(inShape) + " filter " + Shapes.str(filterShape) + " scales "
                + kind + " bias " + (constantBias ? "const" : "input") + " " + padding + " stride " + h.stride + "x"
                + w.stride + " dilation " + h.dilation + "x" + w.dilation + " " + activation;
        return constantBias ? new DiffCase(what, m, Tolerance.FLOAT, x) : new DiffCase(what, m, Tolerance.FLOAT, x, b);
    }

    private static void quantize(OpModel m, int tensor, float[] scales, int axis) {
        if (scales.length == 1) {
            m.quantize(tensor, scales[0], 0);
        } else {
            m.quantize(tensor, scales, new long[scales.length], axis);
        }
    }

    private static DiffCase depthwise(CaseRandom r) {
        Padding padding = r.pick(Padding.SAME, Padding.VALID);
        Axis h;
        Axis w;
        int batches;
        int inC;
        int multiplier;
        do {
            h = Axis.random(r, padding);
            w = Axis.random(r, padding);
            batches = r.between(1, 2);
            inC = ConvCases.channels(r);
            multiplier = r.chance(0.6) ? 1 : r.between(2, 4);
        } while ((long) batches * h.outputs(padding) * w.outputs(padding) * inC * multiplier * h.kernel * w.kernel
                > ConvCases.MAX_MACS);
        int outC = inC * multiplier;
        // TensorFlow Lite 2.6 needs one scale per output channel; equal ones are allowed.
        float[] scales = channelScales(r, r.chance(0.8) ? Scales.CHANNEL : Scales.EQUAL_CHANNELS, outC);
        FusedActivation activation = ConvCases.activation(r);
        int[] inShape = {batches, h.in, w.in, inC};
        int[] filterShape = {1, h.kernel, w.kernel, outC};
        boolean constantBias = r.chance(0.8);
        OpModel m = new OpModel(BuiltinOperator.DEPTHWISE_CONV_2D);
        m.input(FLOAT32, inShape);
        float[] x = activations(r, batches, h.in * w.in * inC);
        int f = m.constant(INT8, filterShape, weights(r, CaseRandom.size(filterShape)));
        quantize(m, f, scales, 3);
        float[] b = r.floats(outC, -1, 1);
        if (constantBias) {
            m.constant(FLOAT32, new int[] {outC}, b);
        } else {
            m.input(FLOAT32, outC);
        }
        m.output(FLOAT32);
        m.options(BuiltinOptions.depthwiseConv2d(padding, w.stride, h.stride, multiplier, activation, w.dilation,
                h.dilation));
        m.version(h.dilation > 1 || w.dilation > 1 ? 2 : 1);
        String what = "hybrid DEPTHWISE_CONV_2D in " + Shapes.str(inShape) + " filter " + Shapes.str(filterShape)
                + " multiplier " + multiplier + " bias " + (constantBias ? "const" : "input") + " " + padding
                + " stride " + h.stride + "x" + w.stride + " dilation " + h.dilation + "x" + w.dilation + " "
                + activation;
        return constantBias ? new DiffCase(what, m, Tolerance.FLOAT, x) : new DiffCase(what, m, Tolerance.FLOAT, x, b);
    }

    /**
     * Hybrid BATCH_MATMUL within the shapes TensorFlow Lite 2.6.2 computes correctly. Its hybrid path sizes its
     * temporaries from the wrong dimensions: the row scales hold only {@code depth} values (one is needed per
     * left row of every batch), the accumulator {@code rows x depth} (a product needs {@code rows x cols}) and the
     * weights' column sums {@code rows} per matrix (they need {@code cols}); beyond those sizes it returns garbage,
     * corrupts the heap or aborts. With two batch dimensions above 1 its results differ too (seen, not traced to
     * its source), so only one may exceed 1 here. Cases keep {@code batches x rows <= depth} and
     * {@code cols <= rows}; outside them jlite computes the product TensorFlow Lite intends.
     */
    private static DiffCase batchMatMul(CaseRandom r) {
        int[][] batch = singleBatchDimension(r);
        int lhsBatches = CaseRandom.size(batch[0]);
        int depth;
        do {
            depth = ConvCases.channels(r);
        } while (depth < lhsBatches);
        int rows = r.between(1, Math.min(9, depth / lhsBatches));
        int cols = r.between(1, rows);
        boolean adjY = r.chance(0.5);
        boolean adjX = r.chance(0.5);
        boolean asymmetric = r.chance(0.5);
        int[] lhs = matrix(batch[0], adjX ? depth : rows, adjX ? rows : depth);
        int[] rhs = matrix(batch[1], adjY ? cols : depth, adjY ? depth : cols);
        boolean constantRhs = r.chance(0.85);
        float scale = weightScale(r);
        OpModel m = new OpModel(BuiltinOperator.BATCH_MATMUL);
        m.input(FLOAT32, lhs);
        float[] a = activations(r, CaseRandom.size(lhs) / (adjX ? rows : depth), adjX ? rows : depth);
        byte[] b = weights(r, CaseRandom.size(rhs));
        int bt = constantRhs ? m.constant(INT8, rhs, b) : m.input(INT8, rhs);
        m.quantize(bt, scale, 0);
        m.output(FLOAT32);
        m.options(BuiltinOptions.batchMatMul(adjX, adjY, asymmetric));
        String what = "hybrid BATCH_MATMUL " + Shapes.str(lhs) + (constantRhs ? " const " : " ") + Shapes.str(rhs)
                + " scale " + scale + " adj_x " + adjX + " adj_y " + adjY + (asymmetric ? " asymmetric" : "");
        return constantRhs ? new DiffCase(what, m, Tolerance.FLOAT, a) : new DiffCase(what, m, Tolerance.FLOAT, a, b);
    }

    private static int[] matrix(int[] batch, int rows, int cols) {
        int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        return shape;
    }

    /** Batch dimensions of both operands (ranks 0 to 2, broadcasting) with at most one output dimension above 1. */
    private static int[][] singleBatchDimension(CaseRandom r) {
        int rank = r.between(0, 2);
        int at = rank == 0 ? 0 : r.between(0, rank - 1);
        int size = r.between(2, 3);
        int[][] pair = new int[2][];
        for (int side = 0; side < 2; side++) {
            int own = r.between(0, rank);
            int[] dims = new int[own];
            for (int d = 0; d < own; d++) {
                int outDim = rank - own + d;
                dims[d] = outDim == at && r.chance(0.7) ? size : 1;
            }
            pair[side] = dims;
        }
        return pair;
    }
}
