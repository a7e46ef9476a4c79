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
 * Hybrid CONV_2D, TensorFlow Lite 2.6's {@code EvalHybrid} and {@code EvalHybridPerChannel}: FLOAT32 input
 * {@code [N,H,W,I]} and output, INT8 filter {@code [O,KH,KW,I]}, FLOAT32 bias. Each image of the batch is quantized
 * to int8 as a whole when the node runs. With per-channel filter scales that differ, the quantization is
 * asymmetric and each output is {@code sum(w * (q - zeroPoint)) * imageScale * channelScale + bias}; otherwise it
 * is symmetric and the filter's per-tensor scale is used. Taps outside the input contribute nothing. As in
 * TensorFlow Lite 2.6, a per-axis filter whose scales are all equal takes the per-tensor path with the tensor's
 * legacy per-tensor scale, which the interpreter leaves at 0 for per-axis tensors: the output is the bias.
 * The filter is unpacked once (when constant) into ints with output channels innermost, so each input value is
 * multiplied into all channels' accumulators by a loop the JIT vectorizes. Output rows are split across threads.
 */
final class HybridConv2DKernel implements Kernel {
    private static final int FUSED_ACTIVATION = 3;

    private final ThreadPool.RangeTask task = this::runParts;
    private Window window;
    private int outC;
    private int batches;
    private int parts;
    private boolean perChannel;
    private float tensorScale;
    private float[] channelScales;
    private float lo;
    private float hi;
    private byte[] quantized;
    private float[] scales;
    private int[] offsets;
    /** The filter as ints, input-major: {@code packed[(tap * inC + i) * outC + c]}, so channels are innermost. */
    private int[] packed;
    private boolean filterConstant;
    /** Per thread part: one pixel's accumulators. */
    private int[][] acc;
    // Operands of the eval in progress, read by the worker threads.
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
        int inC = input.dim(3);
        if (weights.dim(3) != inC) {
            throw node.error("filter has " + weights.dim(3) + " input channels, input has " + inC);
        }
        outC = weights.dim(0);
        Checks.positive(node, "output channels", outC);
        Checks.positive(node, "input channels", inC);
        Checks.bias(node, node.input(2), outC);
        readScales(node, weights.quantizationParams());

        FlatTable o = node.options(Options.CONV_2D);
        Activation act = Activation.of(node.fusedActivation(Options.getByte(o, FUSED_ACTIVATION, 0)), node);
        lo = act.min();
        hi = act.max();

        int kh = weights.dim(1);
        int kw = weights.dim(2);
        window = Window.of(node, o, false, input, inC, kh, kw);
        batches = input.dim(0);
        output.resize(batches, window.outH, window.outW, outC);
        quantized = new byte[input.numElements()];
        scales = new float[batches];
        offsets = new int[batches];
        parts = Math.max(1, Math.min(node.threads().size(), batches * window.outH));
        packed = new int[kh * kw * inC * outC];
        filterConstant = weights.isConstant();
        if (filterConstant) {
            pack(weights);
        }
        acc = new int[parts][outC];
    }

    private void pack(Tensor w) {
        byte[] f = w.bytes();
        int base = w.offset();
        int depth = packed.length / outC;
        for (int c = 0; c < outC; c++) {
            for (int k = 0; k < depth; k++) {
                packed[k * outC + c] = f[base + c * depth + k];
            }
        }
    }

    /** Per-channel scales when they differ (TensorFlow Lite's {@code is_hybrid_per_channel}), else one scale. */
    private void readScales(Node node, QuantizationParams q) {
        float[] s = q.scales();
        if (s.length == 0) {
            throw node.error("hybrid filter has no quantization scale");
        }
        perChannel = false;
        for (int i = 1; i < s.length; i++) {
            perChannel |= s[i] != s[0];
        }
        if (perChannel) {
            if (s.length != outC || q.quantizedDimension() != 0) {
                throw node.error("per-channel filter scales must be " + outC + " along dimension 0, are "
                        + s.length + " along " + q.quantizedDimension());
            }
            channelScales = s;
        }
        tensorScale = s.length == 1 ? s[0] : 0f;
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
        int imageSize = input.numElements() / batches;
        HybridQuantization.quantizeRows(input.floats(), input.offset(), batches, imageSize, perChannel, quantized,
                scales, offsets);
        if (!perChannel) {
            for (int n = 0; n < batches; n++) {
                scales[n] *= tensorScale;
            }
        }
        if (!filterConstant) {
            pack(w);
        }
        bias = b == null ? null : b.floats();
        biasBase = b == null ? 0 : b.offset();
        out = output.floats();
        outBase = output.offset();
        node.threads().parallelFor(parts, task);
        bias = null;
        out = null;
    }

    private void runParts(int from, int to) {
        Window g = window;
        int rows = batches * g.outH;
        int image = g.inH * g.inW * g.inC;
        for (int p = from; p < to; p++) {
            int[] sums = acc[p];
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
                    java.util.Arrays.fill(sums, 0);
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
                            // Taps outside the input are absent: with the zero point subtracted they add nothing.
                            int qAt = n * image + (iy * g.inW + ix) * g.inC;
                            int wAt = (ky * g.kw + kx) * g.inC * outC;
                            for (int i = 0; i < g.inC; i++) {
                                int x = quantized[qAt + i] - zero;
                                if (x != 0) {
                                    int w = wAt + i * outC;
                                    for (int c = 0; c < outC; c++) {
                                        sums[c] += x * packed[w + c];
                                    }
                                }
                            }
                        }
                    }
                    int o = outBase + (r * g.outW + ox) * outC;
                    for (int c = 0; c < outC; c++) {
                        float v = perChannel ? sums[c] * (scale * channelScales[c]) : sums[c] * scale;
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
