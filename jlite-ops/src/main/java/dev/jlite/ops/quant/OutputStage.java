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

    private OutputStage(int[] multipliers, int[] shifts, boolean singleRounding, int zeroPoint, int[] range) {
        this.multipliers = multipliers;
        this.shifts = shifts;
        this.singleRounding = singleRounding;
        this.zeroPoint = zeroPoint;
        this.min = range[0];
        this.max = range[1];
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
