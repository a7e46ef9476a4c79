package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.ops.common.Activation;

/**
 * A convolution filter arranged for {@link ConvEngine#convolve}. Normally TensorFlow Lite's {@code [O][taps][depth]}
 * weights become {@code [taps][depth][stride]}, so the innermost loop is a contiguous run over output channels;
 * {@code stride} is {@code O} rounded up to the engine's vector width, with zero weights in the padding lanes. When
 * {@code O} is under half a vector, vectors over output channels would be mostly padding: the filter then keeps
 * TensorFlow Lite's layout ({@link #rowMajor}) and the engine vectorizes inner products over input channels. When
 * the weights are large (over {@link #VECTOR_MAJOR_FLOATS}) and {@code O} is at least 4 whole vectors, each vector
 * of output channels gets its own contiguous run over taps and depth, {@code [O / width][taps][depth][width]}
 * ({@link #vectorMajor}): a tile of 4 vectors then streams 4 sequential runs, which the hardware prefetchers follow
 * from L3 or memory, instead of a 128-byte slice of every 2 KB row. (SSD's 4.7 MB 3x3 filter, 256 -> 512 channels
 * over 25 pixels, went from 2.3-2.5 to 1.0-1.4 ms inside the model.) The weight of tap {@code t}, input channel
 * {@code c} and output channel {@code o} is at {@code base + tapW[t] + c * depthStep + offset(o)} in either of the
 * two. The bias (zero when absent) is padded to {@code stride}, and the fused activation is kept as a clamp range.
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
    /** Whether each vector of output channels has its own run of weights (large filters, vector engine). */
    final boolean vectorMajor;
    /** Distance between consecutive input channels' weights (of one tap and output channel). */
    final int depthStep;
    /** Distance between the weights of consecutive vectors of output channels in a {@link #vectorMajor} filter. */
    private final int vectorStep;
    /** The engine's vector width in floats (1 for the scalar engine). */
    private final int alignment;
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
        this.alignment = alignment;
        this.vectorMajor = alignment > 1 && !rowMajor && channels % alignment == 0 && channels >= 4 * alignment
                && (long) taps * depth * channels >= VECTOR_MAJOR_FLOATS;
        this.depthStep = vectorMajor ? alignment : stride;
        this.vectorStep = vectorMajor ? taps * depth * alignment : alignment;
    }

    /**
     * Weights (floats) from which a filter is {@link #vectorMajor}: 4 MB, four times L2. (Inside SSD, a 1.6 MB 1x1
     * filter, 320 -> 1280 channels over 100 pixels, ran 1.20 ms on the rows' single-tap tiles, which clamp in
     * registers, and 1.39 ms on the runs (medians of 3, old and new jars alternated); the 4.7 MB 3x3 filter gained
     * 2.4-2.8 -> 1.1-1.3 ms. In a microbenchmark of bare 4x4 tiles a 55K-float filter was slower on the runs, 0.43
     * against 0.30 ms with the weights cold.)
     */
    static final long VECTOR_MAJOR_FLOATS = 1024 * 1024;

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
        this.vectorMajor = parent.vectorMajor;
        this.depthStep = parent.depthStep;
        this.vectorStep = parent.vectorStep;
        this.alignment = parent.alignment;
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
        return rowMajor ? depth : depth * depthStep;
    }

    /**
     * Where output channel {@code o}'s weights start in a tap's first input channel (not {@link #rowMajor}); in a
     * {@link #vectorMajor} filter a run of channels from {@code o} stays in one vector's weights up to its end.
     */
    int offset(int o) {
        return vectorMajor ? o / alignment * vectorStep + o % alignment : o;
    }

    /** The end of the run of channels from {@code o} whose weights are contiguous, at most {@code end}. */
    int runEnd(int o, int end) {
        return vectorMajor ? Math.min(end, (o / alignment + 1) * alignment) : end;
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
        if (vectorMajor) {
            for (int o = 0; o < channels; o++) {
                int s = srcBase + o * k;
                int d = dstBase + offset(o);
                for (int i = 0; i < k; i++, d += alignment) {
                    dst[d] = src[s + i];
                }
            }
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
