package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.ops.common.Activation;

/**
 * A convolution filter arranged for {@link ConvEngine#convolve}. Normally TensorFlow Lite's {@code [O][taps][depth]}
 * weights become {@code [taps][depth][stride]}, so the innermost loop is a contiguous run over output channels;
 * {@code stride} is {@code O} rounded up to the engine's vector width, with zero weights in the padding lanes. When
 * {@code O} is under half a vector, vectors over output channels would be mostly padding: the filter then keeps
 * TensorFlow Lite's layout ({@link #rowMajor}) and the engine vectorizes inner products over input channels. When
 * the weights are large (over {@link #VECTOR_MAJOR_FLOATS}) and {@code O} is a whole number of the engine's tiles
 * ({@link ConvEngine#tileVectors()} vectors wide), each tile's block of output channels gets its own contiguous run
 * over taps and depth, {@code [O / block][taps][depth][block]} ({@link #vectorMajor}, as XNNPACK packs its GEMM
 * weights): a tile then streams one sequential run, which the hardware prefetchers follow from L3 or memory, instead
 * of a 128-byte slice of every 2 KB row. (SSD's 4.7 MB 3x3 filter, 256 -> 512 channels over 25 pixels, went from
 * 2.3-2.5 to 1.0-1.4 ms inside the model.) The weight of tap {@code t}, input channel {@code c} and output channel
 * {@code o} is at {@code base + tapW[t] + c * depthStep + offset(o)} in either of the two. The bias (zero when
 * absent) is padded to {@code stride}, and the fused activation is kept as a clamp range.
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
    /** Whether each block of output channels has its own run of weights (large filters, vector engine). */
    final boolean vectorMajor;
    /**
     * The channels of one run of weights in a {@link #vectorMajor} filter (else the engine's vector width): a split
     * of the channels among threads cuts only between these.
     */
    final int block;
    /**
     * Whether a {@link #rowMajor} filter also keeps {@link #pairWeights}: its depth is a whole number of half
     * vectors.
     */
    final boolean pairs;
    /**
     * For {@link #pairs}: the weights with each run of half a vector of input channels written twice, so that one
     * vector multiplies two neighbouring pixels' inputs when the input has half a vector of channels (see
     * VectorConvEngine.dotPairs); the weight at index {@code i} of the packed layout starts its run's copies at
     * {@code 2 * i}. Null otherwise, and until {@link #pack}.
     */
    float[] pairWeights;
    /**
     * Whether the output channels are one and a half 16-lane vectors (24) and the filter has several taps: then
     * {@link #pixelPairWeights} hold each packed row as the three vectors of two neighbouring pixels' 48 channels
     * (see VectorConvEngine.tile8x3Pairs).
     */
    final boolean pixelPairs;
    /**
     * For {@link #pixelPairs}: each row of {@link #stride} packed weights as three vectors, channels {@code [0, V)},
     * {@code [V, 3V/2)} then {@code [0, V/2)}, and {@code [V/2, 3V/2)}; the row at packed index {@code base + i}
     * starts at {@code i * 3 / 2}. Null otherwise, and until {@link #pack}.
     */
    float[] pixelPairWeights;
    /** For {@link #pixelPairs}: the bias in the same three vectors. */
    final float[] pixelPairBias;
    /** Distance between consecutive input channels' weights (of one tap and output channel). */
    final int depthStep;
    /** Distance between the weights of consecutive blocks of output channels in a {@link #vectorMajor} filter. */
    private final int blockStep;
    /** Where the packed weights are: a kernel-owned array for constant weights, else the node's scratch. */
    float[] weights;
    int base;

    /** A filter packed for {@code engine}'s vector width and tiles. */
    PackedFilter(int taps, int depth, int channels, ConvEngine engine, float lo, float hi) {
        int alignment = engine.channelAlignment();
        int tile = alignment * engine.tileVectors();
        this.taps = taps;
        this.depth = depth;
        this.channels = channels;
        this.stride = (channels + alignment - 1) / alignment * alignment;
        this.bias = new float[stride];
        this.lo = lo;
        this.hi = hi;
        this.clamp = lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
        this.rowMajor = alignment > 1 && 2 * channels < alignment;
        this.pairs = rowMajor && depth % (alignment / 2) == 0;
        this.vectorMajor = alignment > 1 && !rowMajor && channels % tile == 0
                && (long) taps * depth * channels >= VECTOR_MAJOR_FLOATS;
        this.block = vectorMajor ? tile : alignment;
        this.depthStep = vectorMajor ? block : stride;
        this.blockStep = taps * depth * block;
        // Not for one tap (1x1 convolutions, FULLY_CONNECTED): the engine keeps its one-tap tiles there.
        this.pixelPairs = alignment == 16 && 2 * channels == 3 * alignment && taps > 1 && !rowMajor && !vectorMajor;
        this.pixelPairBias = pixelPairs ? new float[3 * alignment] : null;
    }

    /**
     * Weights (floats) from which a filter is {@link #vectorMajor}: 64 KB, twice L1, beyond which the rows' slices
     * come from L2 or further. Measured on whole models (CompareBench, thresholds alternated in one session): from
     * 1M floats down to 128K, MobileNetV2 1.03-1.07x -> 0.97-1.00x of XNNPACK, SSD 0.97-1.15x -> 0.91-0.95x,
     * object_detection_3d_camera 0.99-1.05x -> 0.91-0.95x (7x7 1x1 layers of 300K and 400K floats: 0.54 -> 0.32
     * and 0.71 -> 0.42 ms); down to 16K, palm_detection_lite 0.82-0.85x -> 0.77-0.79x; 4K was no better.
     */
    static final long VECTOR_MAJOR_FLOATS = 16 * 1024;

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
        this.pairs = parent.pairs;
        this.pixelPairs = parent.pixelPairs;
        this.pixelPairBias = parent.pixelPairBias;
        this.vectorMajor = parent.vectorMajor;
        this.depthStep = parent.depthStep;
        this.block = parent.block;
        this.blockStep = parent.blockStep;
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
        pairWeights = packed.pairWeights;
        pixelPairWeights = packed.pixelPairWeights;
    }

    /** Distance in the packed weights between consecutive taps (the unit of {@code tapW} offsets). */
    int tapStride() {
        return rowMajor ? depth : depth * depthStep;
    }

    /**
     * Where output channel {@code o}'s weights start in a tap's first input channel (not {@link #rowMajor}); in a
     * {@link #vectorMajor} filter a run of channels from {@code o} stays in one block's weights up to its end.
     */
    int offset(int o) {
        return vectorMajor ? o / block * blockStep + o % block : o;
    }

    /** The end of the run of channels from {@code o} whose weights are contiguous, at most {@code end}. */
    int runEnd(int o, int end) {
        return vectorMajor ? Math.min(end, (o / block + 1) * block) : end;
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
            if (pairs) {
                int n = k * channels;
                // Half the engine's vector: a row-major filter's stride is one vector (channels under half of it).
                int half = stride / 2;
                if (pairWeights == null) {
                    pairWeights = new float[2 * n];
                }
                for (int i = 0; i < n; i += half) {
                    System.arraycopy(src, srcBase + i, pairWeights, 2 * i, half);
                    System.arraycopy(src, srcBase + i, pairWeights, 2 * i + half, half);
                }
            }
            return;
        }
        if (vectorMajor) {
            for (int o = 0; o < channels; o++) {
                int s = srcBase + o * k;
                int d = dstBase + offset(o);
                for (int i = 0; i < k; i++, d += block) {
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
        if (pixelPairs) {
            if (pixelPairWeights == null) {
                pixelPairWeights = new float[k * 3 * stride / 2];
            }
            for (int i = 0; i < k; i++) {
                toPixelPair(dst, dstBase + i * stride, pixelPairWeights, i * 3 * stride / 2);
            }
        }
    }

    /** Writes a row of {@link #stride} (two vectors, the second half padding) as {@link #pixelPairWeights} does. */
    private void toPixelPair(float[] row, int from, float[] to, int at) {
        int v = stride / 2;
        int h = v / 2;
        System.arraycopy(row, from, to, at, v);
        System.arraycopy(row, from + v, to, at + v, h);
        System.arraycopy(row, from, to, at + v + h, h);
        System.arraycopy(row, from + h, to, at + 2 * v, v);
    }

    /** Copies the bias tensor's values (or zeros when it is absent). */
    void loadBias(Tensor b) {
        if (b == null) {
            java.util.Arrays.fill(bias, 0f);
        } else {
            System.arraycopy(b.floats(), b.offset(), bias, 0, channels);
        }
        if (pixelPairs) {
            toPixelPair(bias, 0, pixelPairBias, 0);
        }
    }
}
