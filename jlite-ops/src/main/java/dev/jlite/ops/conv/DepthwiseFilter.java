package dev.jlite.ops.conv;

import dev.jlite.Tensor;

/**
 * The operands of {@link ConvEngine#depthwise}: DEPTHWISE_CONV_2D's {@code [1][H][W][channels]} weights need no
 * packing (channels are already innermost), so they are read in place; the bias (zero when absent) is copied.
 */
final class DepthwiseFilter {
    /** Output channels ({@code input channels * multiplier}). */
    final int channels;
    final int multiplier;
    final float[] bias;
    final float lo;
    final float hi;
    final boolean clamp;
    float[] weights;
    int base;
    /**
     * For channels that fill half of the engine's vector (8 with 512-bit vectors): each tap's weights twice in a
     * row, and the bias twice, so that one vector computes two neighbouring pixels of a stride-1 row
     * ({@link VectorDepthwise#depthwisePairs}); null otherwise. A tap's pair weights are at {@code 2 * tapW[t]}.
     */
    final float[] pairBias;
    float[] pairWeights;

    /**
     * A filter for an engine whose vectors are {@code vectorWidth} floats wide (1 for the scalar engine), which
     * decides whether it keeps {@link #pairWeights}.
     */
    DepthwiseFilter(int channels, int multiplier, float lo, float hi, int vectorWidth) {
        this.channels = channels;
        this.multiplier = multiplier;
        this.bias = new float[channels];
        this.lo = lo;
        this.hi = hi;
        this.clamp = lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
        this.pairBias = multiplier == 1 && 2 * channels == vectorWidth ? new float[vectorWidth] : null;
    }

    void loadBias(Tensor b) {
        if (b == null) {
            java.util.Arrays.fill(bias, 0f);
            loadBias(bias, 0);
        } else {
            loadBias(b.floats(), b.offset());
        }
    }

    /** Copies the bias from {@code b[offset]}. */
    void loadBias(float[] b, int offset) {
        System.arraycopy(b, offset, bias, 0, channels);
        if (pairBias != null) {
            System.arraycopy(bias, 0, pairBias, 0, channels);
            System.arraycopy(bias, 0, pairBias, channels, channels);
        }
    }

    void useWeights(Tensor w) {
        useWeights(w.floats(), w.offset(), w.numElements() / channels);
    }

    /** Reads the weights of {@code taps} filter positions at {@code weights[base]} ({@code [taps][channels]}). */
    void useWeights(float[] weights, int base, int taps) {
        this.weights = weights;
        this.base = base;
        if (pairBias != null) {
            // Copied at every eval: the weights need not be constant, and a 3x3 filter's pairs are 9 vectors.
            if (pairWeights == null || pairWeights.length != 2 * taps * channels) {
                pairWeights = new float[2 * taps * channels];
            }
            for (int t = 0; t < taps; t++) {
                System.arraycopy(weights, base + t * channels, pairWeights, 2 * t * channels, channels);
                System.arraycopy(weights, base + t * channels, pairWeights, (2 * t + 1) * channels, channels);
            }
        }
    }
}
