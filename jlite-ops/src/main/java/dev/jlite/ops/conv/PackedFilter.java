package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.ops.common.Activation;

/**
 * A convolution filter arranged for {@link ConvEngine#convolve}. Normally TensorFlow Lite's {@code [O][taps][depth]}
 * weights become {@code [taps][depth][stride]}, so the innermost loop is a contiguous run over output channels;
 * {@code stride} is {@code O} rounded up to the engine's vector width, with zero weights in the padding lanes. When
 * {@code O} is under half a vector, vectors over output channels would be mostly padding: the filter then keeps
 * TensorFlow Lite's layout ({@link #rowMajor}) and the engine vectorizes inner products over input channels. The
 * bias (zero when absent) is padded to {@code stride}, and the fused activation is kept as a clamp range.
 */
final class PackedFilter {
    /** Filter positions (kernel height times width; 1 for FULLY_CONNECTED). */
    final int taps;
    /** Input channels. */
    final int depth;
    /** Output channels. */
    final int channels;
    /** Row length of the packed weights and of {@link #bias}: {@link #channels} rounded up. */
    final int stride;
    /** The bias, {@link #stride} long. */
    final float[] bias;
    final float lo;
    final float hi;
    /** Whether {@link #lo}/{@link #hi} clamp anything. */
    final boolean clamp;
    /** Whether the weights keep the {@code [O][taps][depth]} layout (few output channels, vector engine). */
    final boolean rowMajor;
    /** Where the packed weights are: a kernel-owned array for constant weights, else the node's scratch. */
    float[] weights;
    int base;

    PackedFilter(int taps, int depth, int channels, int alignment, float lo, float hi) {
        this.taps = taps;
        this.depth = depth;
        this.channels = channels;
        this.stride = (channels + alignment - 1) / alignment * alignment;
        this.bias = new float[stride];
        this.lo = lo;
        this.hi = hi;
        this.clamp = lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
        this.rowMajor = alignment > 1 && 2 * channels < alignment;
    }

    private PackedFilter(PackedFilter parent, int taps, int depth) {
        this.taps = taps;
        this.depth = depth;
        this.channels = parent.channels;
        this.stride = parent.stride;
        this.bias = parent.bias;
        this.lo = parent.lo;
        this.hi = parent.hi;
        this.clamp = parent.clamp;
        this.rowMajor = parent.rowMajor;
    }

    /**
     * The same weights seen as {@code taps / kw} taps of {@code kw * depth} input channels: with a filter row's
     * {@code kw} taps adjacent in the input (no horizontal dilation, the whole row inside it), a row of taps reads
     * one contiguous run of input and of weights in either layout, so an engine can take it as one deeper tap and
     * switch taps {@code kw} times less often. Shares the bias; {@link #shareWeights} after each {@link #pack}.
     */
    PackedFilter filterRows(int kw) {
        PackedFilter rows = new PackedFilter(this, taps / kw, depth * kw);
        rows.shareWeights(this);
        return rows;
    }

    /** Points at the packed weights of the filter this one was made from ({@link #filterRows}). */
    void shareWeights(PackedFilter packed) {
        weights = packed.weights;
        base = packed.base;
    }

    /** Distance in the packed weights between consecutive taps (the unit of {@code tapW} offsets). */
    int tapStride() {
        return rowMajor ? depth : depth * stride;
    }

    /** The clamp range of a fused activation (TANH fused into a convolution clamps nothing, as in TFLite). */
    static float[] clampRange(Activation a) {
        return new float[] {a.min(), a.max()};
    }

    /** Floats of the packed weights. */
    int packedSize() {
        return rowMajor ? taps * depth * channels : taps * depth * stride;
    }

    /** Packs weights laid out {@code [channels][taps][depth]} at {@code src[srcBase]} into {@code dst[dstBase]}. */
    void pack(float[] src, int srcBase, float[] dst, int dstBase) {
        int k = taps * depth;
        if (rowMajor) {
            System.arraycopy(src, srcBase, dst, dstBase, k * channels);
            weights = dst;
            base = dstBase;
            return;
        }
        for (int i = 0; i < k; i++) {
            int row = dstBase + i * stride;
            int s = srcBase + i;
            for (int o = 0; o < channels; o++, s += k) {
                dst[row + o] = src[s];
            }
            for (int o = channels; o < stride; o++) {
                dst[row + o] = 0f;
            }
        }
        weights = dst;
        base = dstBase;
    }

    /** Copies the bias tensor's values (or zeros when it is absent). */
    void loadBias(Tensor b) {
        if (b == null) {
            java.util.Arrays.fill(bias, 0f);
        } else {
            System.arraycopy(b.floats(), b.offset(), bias, 0, channels);
        }
    }
}
