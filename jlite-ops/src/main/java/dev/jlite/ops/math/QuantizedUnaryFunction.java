package dev.jlite.ops.math;

import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import dev.jlite.ops.quant.FixedPoint;
import dev.jlite.ops.quant.Quantized;
import java.util.function.IntUnaryOperator;

/**
 * The quantized one-input activations and ABS, each as TensorFlow Lite 2.6.2 computes it: the function from an
 * input value to an output value (both quantized, the output clamped to its type) that {@link #mapping} builds from
 * the node's scales and zero points. Multipliers made from scales are computed in float first, as the C++ does
 * ({@code input->params.scale / output->params.scale} is a float division).
 */
enum QuantizedUnaryFunction {
    RELU {
        @Override
        IntUnaryOperator mapping(Node node, Scales s) {
            return reluX(s, 0f, Float.POSITIVE_INFINITY);
        }
    },
    RELU6 {
        @Override
        IntUnaryOperator mapping(Node node, Scales s) {
            return reluX(s, 0f, 6f);
        }
    },
    RELU_N1_TO_1 {
        @Override
        IntUnaryOperator mapping(Node node, Scales s) {
            return reluX(s, -1f, 1f);
        }
    },
    /** Two multipliers: input/output scale for x >= 0, input scale * alpha / output scale below. */
    LEAKY_RELU {
        @Override
        IntUnaryOperator mapping(Node node, Scales s) {
            FlatTable options = node.options(LEAKY_RELU_OPTIONS);
            float alpha = options == null ? 0f : options.getFloat(0, 0f);
            FixedPoint.Multiplier identity = FixedPoint.quantizeMultiplier(s.in / s.out);
            FixedPoint.Multiplier slope = FixedPoint.quantizeMultiplier(s.in * alpha / s.out);
            return q -> {
                int x = q - s.inZero;
                return s.clamp(s.outZero + (x >= 0 ? identity.apply(x) : slope.apply(x)));
            };
        }
    },
    /**
     * A lookup table made in float: dequantize, {@code expf(x) - 1} below 0, times 1/output scale, rounded half
     * away from zero, plus the zero point (added in float).
     */
    ELU {
        @Override
        IntUnaryOperator mapping(Node node, Scales s) {
            float inverse = 1f / s.out;
            return q -> {
                float x = s.in * (float) (q - s.inZero);
                float y = x < 0f ? (float) Math.exp(x) - 1f : x;
                float rescaled = (float) FixedPoint.roundHalfAwayFromZero((double) (y * inverse));
                return s.clamp((int) (rescaled + s.outZero));
            };
        }
    },
    /**
     * 1/sqrt(x - zero point) through TensorFlow Lite's fixed-point inverse square root, shifted left by 20 to keep
     * it an integer, then rescaled by 1 / (sqrt(input scale) * output scale) (a float product); 0 gives the type's
     * maximum, and inputs below the zero point are an error.
     */
    RSQRT {
        private static final int SHIFT = 20;

        @Override
        IntUnaryOperator mapping(Node node, Scales s) {
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(1.0 / ((float) Math.sqrt(s.in) * s.out));
            return q -> {
                int value = q - s.inZero;
                if (value == 0) {
                    return s.max;
                }
                FixedPoint.Multiplier inverse = FixedPoint.invSqrtQuantizedMultiplierExp(value, -1);
                int data = FixedPoint.multiplyByQuantizedMultiplier(1, inverse.multiplier(), inverse.shift() + SHIFT);
                return s.clamp(FixedPoint.multiplyByQuantizedMultiplier(data, m.multiplier(), m.shift() - SHIFT)
                        + s.outZero);
            };
        }

        @Override
        int smallestInput(Scales s) {
            return s.inZero;
        }
    },
    /** |x - zero point|, rescaled only when the scales differ. INT16 must be quantized (symmetric). */
    ABS {
        @Override
        IntUnaryOperator mapping(Node node, Scales s) {
            if (s.in == s.out) {
                return q -> s.clamp(Math.abs(q - s.inZero) + s.outZero);
            }
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(s.in / s.out);
            return q -> s.clamp(m.apply(Math.abs(q - s.inZero)) + s.outZero);
        }
    };

    /** The BuiltinOptions union type of LeakyReluOptions. */
    private static final int LEAKY_RELU_OPTIONS = 75;

    /** The input's and output's per-tensor quantization, and the output type's range. */
    record Scales(float in, int inZero, float out, int outZero, int min, int max) {
        int clamp(int v) {
            return Math.min(Math.max(v, min), max);
        }
    }

    /** The output value of each input value, for this node's quantization. */
    abstract IntUnaryOperator mapping(Node node, Scales s);

    /** The smallest input value the function is defined for (smaller ones are the node's error while running). */
    int smallestInput(Scales s) {
        return s.min;
    }

    /**
     * TensorFlow Lite's quantized {@code ReluX}: rescale by input/output scale, then clamp to the activation range
     * quantized with {@code roundf} (an infinite upper bound is the type's maximum).
     */
    private static IntUnaryOperator reluX(Scales s, float lo, float hi) {
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(s.in / s.out);
        int qmin = Math.max(s.min, Quantized.quantize(lo, s.out, s.outZero));
        int qmax = hi == Float.POSITIVE_INFINITY ? s.max : Math.min(s.max, Quantized.quantize(hi, s.out, s.outZero));
        return q -> Math.min(Math.max(s.outZero + m.apply(q - s.inZero), qmin), qmax);
    }
}
