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
     * For channels that fill half a vector or more, but under a whole one (8 to 15 with 512-bit vectors): each tap's
     * weights repeated to fill a vector (lane k holds channel {@code k % channels}), and the bias alike; null
     * otherwise. With half a vector of channels that is two pixels' weights ({@link VectorDepthwise#depthwisePairs});
     * with more, the lanes past the channels spill into the next pixel, which is stored over afterwards ({@link
     * VectorDepthwise#depthwiseSpilling}). Tap {@code t}'s vector starts at {@code tapW[t] / channels * V}.
     */
    final float[] wideBias;
    float[] wideWeights;
    private final int vectorWidth;

    /**
     * A filter for an engine whose vectors are {@code vectorWidth} floats wide (1 for the scalar engine), which
     * decides whether it keeps {@link #wideWeights}.
     */
    DepthwiseFilter(int channels, int multiplier, float lo, float hi, int vectorWidth) {
        this.channels = channels;
        this.multiplier = multiplier;
        this.bias = new float[channels];
        this.lo = lo;
        this.hi = hi;
        this.clamp = lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
        this.vectorWidth = vectorWidth;
        this.wideBias = multiplier == 1 && channels < vectorWidth && 2 * channels >= vectorWidth
                ? new float[vectorWidth] : null;
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
        if (wideBias != null) {
            for (int k = 0; k < vectorWidth; k++) {
                wideBias[k] = bias[k % channels];
            }
        }
    }

    void useWeights(Tensor w) {
        useWeights(w.floats(), w.offset(), w.numElements() / channels);
    }

    /** Reads the weights of {@code taps} filter positions at {@code weights[base]} ({@code [taps][channels]}). */
    void useWeights(float[] weights, int base, int taps) {
        this.weights = weights;
        this.base = base;
        if (wideBias != null) {
            // Copied once for constant weights, at every eval for others (a 3x3 filter's are 9 vectors).
            if (wideWeights == null || wideWeights.length != taps * vectorWidth) {
                wideWeights = new float[taps * vectorWidth];
            }
            for (int t = 0; t < taps; t++) {
                for (int k = 0; k < vectorWidth; k++) {
                    wideWeights[t * vectorWidth + k] = weights[base + t * channels + k % channels];
                }
            }
        }
    }
}
