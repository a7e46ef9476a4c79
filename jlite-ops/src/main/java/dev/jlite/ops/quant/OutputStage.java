package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;

/**
 * The end of a quantized convolution or fully connected layer, per output channel: the accumulator times the
 * channel's fixed-point multiplier ({@code input_scale * filter_scale[c] / output_scale}), plus the output zero
 * point, clamped to the fused activation's range. Built as TensorFlow Lite 2.6 builds it: per channel from double
 * products ({@code PopulateConvolutionQuantizationParams}) for INT8 and INT16 convolutions, one legacy multiplier
 * whose scale product is rounded to float first ({@code GetQuantizedConvolutionMultipler}) for UINT8 convolutions
 * and every FULLY_CONNECTED.
 */
final class OutputStage {
    private final int[] multipliers;
    private final int[] shifts;
    /** ruy's single rounding (INT8 CONV_2D, whose official kernel is a per-channel GEMM) instead of gemmlowp's. */
    private final boolean singleRounding;
    final int zeroPoint;
    final int min;
    final int max;
    /**
     * The same per-channel constants in 64-bit form for the Vector API output stage: the multiplier, and either
     * the single rounding's offset and shift or gemmlowp's left shift factor, right shift and remainder mask.
     */
    final long[] multiplier64;
    final long[] roundingOffset;
    final long[] totalShift;
    final int[] leftFactor;
    final long[] rightShift;
    final long[] remainderMask;

    private OutputStage(int[] multipliers, int[] shifts, boolean singleRounding, int zeroPoint, int[] range) {
        this.multipliers = multipliers;
        this.shifts = shifts;
        this.singleRounding = singleRounding;
        this.zeroPoint = zeroPoint;
        this.min = range[0];
        this.max = range[1];
        int n = multipliers.length;
        multiplier64 = new long[n];
        roundingOffset = new long[n];
        totalShift = new long[n];
        leftFactor = new int[n];
        rightShift = new long[n];
        remainderMask = new long[n];
        for (int c = 0; c < n; c++) {
            multiplier64[c] = multipliers[c];
            totalShift[c] = 31 - shifts[c];
            roundingOffset[c] = 1L << (30 - shifts[c]);
            leftFactor[c] = 1 << Math.max(shifts[c], 0);
            rightShift[c] = Math.max(-shifts[c], 0);
            remainderMask[c] = (1L << rightShift[c]) - 1;
        }
    }

    /** A stage from its per-channel multipliers and shifts (for tests of the engines). */
    static OutputStage of(int[] multipliers, int[] shifts, boolean singleRounding, int zeroPoint, int min,
            int max) {
        return new OutputStage(multipliers, shifts, singleRounding, zeroPoint, new int[] {min, max});
    }

    /**
     * The stage of a CONV_2D or DEPTHWISE_CONV_2D with {@code channels} output channels. The filter has one scale,
     * or (INT8 filters with INT8/INT16 input) one per channel.
     */
    static OutputStage convolution(Node node, Tensor input, Tensor filter, Tensor bias, Tensor output,
            Activation act, int channels, boolean singleRounding) {
        float inScale = Quantized.perTensor(node, input, "input").scale();
        float outScale = Quantized.perTensor(node, output, "output").scale();
        QuantizationParams fq = filter.quantizationParams();
        if (!fq.isQuantized()) {
            throw node.error("filter has no quantization parameters");
        }
        float[] fScales = fq.scales();
        if (fScales.length > 1) {
            if (input.dataType() == DataType.UINT8) {
                throw node.error("per-channel filter quantization needs INT8 or INT16 input, input is UINT8");
            }
            if (fScales.length != channels) {
                throw node.error("filter has " + fScales.length + " scales for " + channels + " output channels");
            }
        }
        int[] m = new int[channels];
        int[] s = new int[channels];
        if (input.dataType() == DataType.UINT8) {
            FixedPoint.Multiplier legacy = FixedPoint.quantizeMultiplier(legacyMultiplier(node, input, filter,
                    bias, output));
            java.util.Arrays.fill(m, legacy.multiplier());
            java.util.Arrays.fill(s, legacy.shift());
        } else {
            for (int c = 0; c < channels; c++) {
                double f = fScales.length > 1 ? fScales[c] : fScales[0];
                FixedPoint.Multiplier q = FixedPoint.quantizeMultiplier((double) inScale * f / (double) outScale);
                m[c] = q.multiplier();
                s[c] = q.shift();
            }
        }
        return new OutputStage(m, s, singleRounding, (int) output.quantizationParams().zeroPoints()[0],
                Quantized.activationRange(act, output));
    }

    /** The stage of a FULLY_CONNECTED: one multiplier from the per-tensor scales. */
    static OutputStage fullyConnected(Node node, Tensor input, Tensor filter, Tensor bias, Tensor output,
            Activation act, int channels) {
        Quantized.perTensor(node, filter, "filter");
        FixedPoint.Multiplier q = FixedPoint.quantizeMultiplier(legacyMultiplier(node, input, filter, bias, output));
        int[] m = new int[channels];
        int[] s = new int[channels];
        java.util.Arrays.fill(m, q.multiplier());
        java.util.Arrays.fill(s, q.shift());
        return new OutputStage(m, s, input.dataType() == DataType.INT8, (int) output.quantizationParams().zeroPoints()[0],
                Quantized.activationRange(act, output));
    }

    /**
     * TensorFlow Lite's {@code GetQuantizedConvolutionMultipler}: the input and filter scales multiplied in float,
     * divided by the output scale in double; a bias's scale must match that product to 2% of the output scale.
     */
    private static double legacyMultiplier(Node node, Tensor input, Tensor filter, Tensor bias, Tensor output) {
        double product = input.quantizationParams().scale() * filter.quantizationParams().scale();
        double outScale = output.quantizationParams().scale();
        if (bias != null) {
            double diff = Math.abs(product - bias.quantizationParams().scale());
            if (!(diff / outScale <= 0.02)) {
                throw node.error("bias scale " + bias.quantizationParams().scale()
                        + " does not match input scale * filter scale " + product);
            }
        }
        return product / outScale;
    }

    /**
     * One pixel's channels {@code [0, n)}: {@code out[outBase + c] = apply(acc[accBase + c], c)}, with the
     * rounding choice and the per-channel arrays hoisted out of the loop.
     */
    void apply(int[] acc, int accBase, byte[] out, int outBase, int n) {
        apply(acc, accBase, out, outBase, n, 0);
    }

    /** As {@link #apply(int[], int, byte[], int, int)} for channels {@code first .. first + n - 1}. */
    void apply(int[] acc, int accBase, byte[] out, int outBase, int n, int first) {
        int[] m = multipliers;
        int[] s = shifts;
        int zp = zeroPoint;
        int lo = min;
        int hi = max;
        if (singleRounding) {
            for (int k = 0; k < n; k++) {
                int c = first + k;
                int total = 31 - s[c];
                int v = (int) (((long) acc[accBase + k] * m[c] + (1L << (total - 1))) >> total) + zp;
                out[outBase + k] = (byte) Math.min(Math.max(v, lo), hi);
            }
        } else {
            for (int k = 0; k < n; k++) {
                int c = first + k;
                int v = FixedPoint.multiplyByQuantizedMultiplier(acc[accBase + k], m[c], s[c]) + zp;
                out[outBase + k] = (byte) Math.min(Math.max(v, lo), hi);
            }
        }
    }

    /** Whether this stage rounds once, as ruy does (else twice, as gemmlowp does). */
    boolean singleRounding() {
        return singleRounding;
    }

    /** A 32-bit accumulator of channel {@code c} as its quantized output value. */
    int apply(int acc, int c) {
        int v = (singleRounding
                ? FixedPoint.multiplyByQuantizedMultiplierSingleRounding(acc, multipliers[c], shifts[c])
                : FixedPoint.multiplyByQuantizedMultiplier(acc, multipliers[c], shifts[c])) + zeroPoint;
        return Math.min(Math.max(v, min), max);
    }

    /** A 64-bit accumulator (16x8 kernels) of channel {@code c} as its quantized output value. */
    int apply(long acc, int c) {
        int v = FixedPoint.multiplyByQuantizedMultiplier(acc, multipliers[c], shifts[c]) + zeroPoint;
        return Math.min(Math.max(v, min), max);
    }
}
