package dev.jlite.ops.conv;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.quant.HybridQuantization;

/**
 * Hybrid DEPTHWISE_CONV_2D, TensorFlow Lite 2.6's {@code EvalHybridPerChannel}: FLOAT32 input {@code [N,H,W,C]}
 * and output, INT8 filter {@code [1,KH,KW,C*M]} with one scale per output channel (dimension 3), FLOAT32 bias.
 * Each image is quantized asymmetrically to int8 as a whole when the node runs; output channel {@code c} is
 * {@code sum(w * (q - zeroPoint)) * channelScale[c] * imageScale + bias[c]} over the taps inside the input, then
 * clamped. The multiplier {@code M} comes from the shapes. Output rows are split across threads.
 */
final class HybridDepthwiseConv2DKernel implements Kernel {
    private static final int FUSED_ACTIVATION = 4;

    private final ThreadPool.RangeTask task = this::runParts;
    private Window window;
    private int outC;
    private int multiplier;
    private int batches;
    private int parts;
    private float[] channelScales;
    private float lo;
    private float hi;
    private byte[] quantized;
    private float[] scales;
    private int[] offsets;
    // Operands of the eval in progress, read by the worker threads.
    private byte[] filter;
    private int filterBase;
    private float[] bias;
    private int biasBase;
    private float[] out;
    private int outBase;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 3, 1);
        Tensor input = node.requireInput(0);
        Tensor weights = node.requireInput(1);
        Tensor output = node.output(0);
        Checks.float32(node, input, "input");
        Checks.float32(node, output, "output");
        if (weights.dataType() != DataType.INT8) {
            throw node.error("hybrid filter must be INT8, is " + weights.dataType());
        }
        Checks.dense(node, weights, "filter");
        Checks.rank(node, input, "input", 4);
        Checks.rank(node, weights, "filter", 4);
        if (weights.dim(0) != 1) {
            throw node.error("filter must have shape [1, H, W, C*M], has "
                    + java.util.Arrays.toString(weights.shape()));
        }
        int inC = input.dim(3);
        outC = weights.dim(3);
        Checks.positive(node, "input channels", inC);
        Checks.positive(node, "output channels", outC);
        if (outC % inC != 0) {
            throw node.error("filter's " + outC + " channels are not a multiple of the input's " + inC);
        }
        multiplier = outC / inC;
        Checks.bias(node, node.input(2), outC);
        QuantizationParams q = weights.quantizationParams();
        float[] s = q.scales();
        // TensorFlow Lite 2.6 requires one scale per slice of the quantized dimension (one in all when C*M is 1).
        if (s.length != outC || (s.length > 1 && q.quantizedDimension() != 3)) {
            throw node.error("hybrid filter needs one scale per output channel along dimension 3, has " + s.length
                    + " along " + q.quantizedDimension());
        }
        channelScales = s;

        FlatTable o = node.options(Options.DEPTHWISE_CONV_2D);
        Activation act = Activation.of(node.fusedActivation(Options.getByte(o, FUSED_ACTIVATION, 0)), node);
        lo = act.min();
        hi = act.max();

        int kh = weights.dim(1);
        int kw = weights.dim(2);
        window = Window.of(node, o, true, input, inC, kh, kw);
        batches = input.dim(0);
        output.resize(batches, window.outH, window.outW, outC);
        quantized = new byte[input.numElements()];
        scales = new float[batches];
        offsets = new int[batches];
        parts = Math.max(1, Math.min(node.threads().size(), batches * window.outH));
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (output.numElements() == 0) {
            return;
        }
        Tensor input = node.input(0);
        Tensor w = node.input(1);
        Tensor b = node.input(2);
        HybridQuantization.quantizeRows(input.floats(), input.offset(), batches, input.numElements() / batches, true,
                quantized, scales, offsets);
        filter = w.bytes();
        filterBase = w.offset();
        bias = b == null ? null : b.floats();
        biasBase = b == null ? 0 : b.offset();
        out = output.floats();
        outBase = output.offset();
        node.threads().parallelFor(parts, task);
        filter = null;
        bias = null;
        out = null;
    }

    private void runParts(int from, int to) {
        Window g = window;
        int rows = batches * g.outH;
        int image = g.inH * g.inW * g.inC;
        for (int p = from; p < to; p++) {
            int rFrom = (int) ((long) rows * p / parts);
            int rTo = (int) ((long) rows * (p + 1) / parts);
            for (int r = rFrom; r < rTo; r++) {
                int n = r / g.outH;
                int oy = r - n * g.outH;
                int zero = offsets[n];
                float scale = scales[n];
                int iy0 = oy * g.strideH - g.padTop;
                for (int ox = 0; ox < g.outW; ox++) {
                    int ix0 = ox * g.strideW - g.padLeft;
                    int o = outBase + (r * g.outW + ox) * outC;
                    for (int c = 0; c < outC; c++) {
                        int ic = c / multiplier;
                        int acc = 0;
                        for (int ky = 0; ky < g.kh; ky++) {
                            int iy = iy0 + ky * g.dilationH;
                            if (iy < 0 || iy >= g.inH) {
                                continue;
                            }
                            for (int kx = 0; kx < g.kw; kx++) {
                                int ix = ix0 + kx * g.dilationW;
                                if (ix < 0 || ix >= g.inW) {
                                    continue;
                                }
                                int q = quantized[n * image + (iy * g.inW + ix) * g.inC + ic];
                                acc += filter[filterBase + (ky * g.kw + kx) * outC + c] * (q - zero);
                            }
                        }
                        float v = acc * (channelScales[c] * scale);
                        if (bias != null) {
                            v += bias[biasBase + c];
                        }
                        out[o + c] = Math.min(Math.max(v, lo), hi);
                    }
                }
            }
        }
    }
}
