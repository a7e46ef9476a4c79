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

    DepthwiseFilter(int channels, int multiplier, float lo, float hi) {
        this.channels = channels;
        this.multiplier = multiplier;
        this.bias = new float[channels];
        this.lo = lo;
        this.hi = hi;
        this.clamp = lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
    }

    void loadBias(Tensor b) {
        if (b == null) {
            java.util.Arrays.fill(bias, 0f);
        } else {
            System.arraycopy(b.floats(), b.offset(), bias, 0, channels);
        }
    }

    void useWeights(Tensor w) {
        weights = w.floats();
        base = w.offset();
    }
}
