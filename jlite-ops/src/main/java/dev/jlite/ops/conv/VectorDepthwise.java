package dev.jlite.ops.conv;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link ConvEngine#depthwise} (depth multiplier 1, at least one vector of channels).
 * Interior rows of 3x3 filters at stride 1 or 2 (the MobileNet shapes) are swept one channel vector at a time
 * ({@link #row3s1}, {@link #row3s2}): the nine weights stay in registers for the whole row, neighbouring pixels share
 * input columns (a stride-1 step loads 6 columns per filter row for 4 pixels), and the few input offsets stay in
 * registers. (Blocks of 8 and 4 pixels that ran over all channels in one loop were the main path until
 * 2026-11-26: their 30-51 input offsets, one per filter row and column, did not fit the registers, C2 kept them on
 * the stack and reloaded them for every vector load, and the sweep is 5-15% faster per layer.) C2 (JDK 17) keeps a
 * bounds check on every vector load. Rows of 5 columns (5x5 filters, also where the input's edge cuts their
 * windows' rows) are swept the same way ({@link #row5s1}, {@link #row5s2}), each filter row's weights loaded once per
 * step. 3x3 rows cut by the input's edge slide over 8 pixels one channel vector at a time (at stride 1); everything
 * else goes through tiles of 4 pixels times 2 channel vectors, and single pixels (borders) through 1 to 4
 * independent vectors. Rows too short for a row kernel, passed several at a time, take those tiles one block of
 * channels at a time over all of their pixels ({@link #depthwiseShortRows}). Every kernel sums a pixel's taps in
 * the order of the tap list, with one fused multiply-add per tap, so all of them give bit for bit the same result
 * and a pixel does not depend on which kernel computed it. Only loaded through {@link VectorEngineHolder}.
 *
 * <p>A method with many vector operations (the 8-pixel slide and the row kernels have 60-90) carries a class check
 * per operation that C2 speculates on: past {@code -XX:PerMethodTrapLimit} (100 by default) such checks, once the
 * Vector API's shared methods have recorded class-check deoptimizations during the warm-up, C2 compiles it with its
 * vectors boxed (see "JVM options" in the README, which recommends a higher limit).
 *
 * <p>5x5 blocks were tried: whole windows were 0.65-0.9x of the tiles' time once compiled, but C1 cannot compile
 * methods that large (out of virtual registers), so they ran interpreted until C2 got to them, seconds into a run
 * on a busy machine; two filter rows per call gained too little (0.8-1.05x) to carry their code.
 */
final class VectorDepthwise {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int V = S.length();
    /** Pixels per sliding block, and the fewest interior pixels a row kernel takes. */
    static final int SLIDE = 8;

    private VectorDepthwise() {}

    /** {@link ConvEngine#depthwise} for {@code f.multiplier == 1} and {@code f.channels >= V}. */
    static void depthwise(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        boolean clamped = sums(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
        if (!clamped && (f.lo != Float.NEGATIVE_INFINITY || f.hi != Float.POSITIVE_INFINITY)) {
            clamp(out, outBase, pixels * f.channels, f.lo, f.hi);
        }
    }

    /**
     * {@link ConvEngine#depthwiseRows} for {@code f.multiplier == 1} and {@code f.channels >= V} where the rows have
     * fewer than {@link #SLIDE} interior pixels (the 6x6 to 8x8 layers at the end of MobileNet-like models, 96 to
     * 1152 channels): the row kernels do not take them, and pixel by pixel each pixel streamed all of the filter's
     * weights and its window's inputs over every channel (a 5x5 filter of 672 channels is 67 KB, past L1). Here each
     * block of 4 vectors of channels (then 2, then 1) runs over all of the rows' pixels, interior and border alike,
     * with that block's weights and inputs in L1.
     */
    static void depthwiseShortRows(DepthwiseFilter f, float[] in, DepthwiseRow[] rows, int count, float[] out) {
        int channels = f.channels;
        int full = channels - channels % V;
        int c = 0;
        for (; c + 4 * V <= full; c += 4 * V) {
            rowsBlock(f, 4, c, in, rows, count, out);
        }
        if (c + 2 * V <= full) {
            rowsBlock(f, 2, c, in, rows, count, out);
            c += 2 * V;
        }
        if (c < full) {
            rowsBlock(f, 1, c, in, rows, count, out);
        }
        if (full < channels) {
            // Ends at the last channel, overlapping its predecessor (recomputed bit for bit).
            rowsBlock(f, 1, channels - V, in, rows, count, out);
        }
        if (f.clamp) {
            for (int i = 0; i < count; i++) {
                clamp(out, rows[i].outRow, rows[i].outW * channels, f.lo, f.hi);
            }
        }
    }

    /** {@code vectors} (1, 2 or 4) vectors of channels from {@code c} on, for every pixel of the rows. */
    private static void rowsBlock(DepthwiseFilter f, int vectors, int c, float[] in, DepthwiseRow[] rows, int count,
            float[] out) {
        int channels = f.channels;
        for (int i = 0; i < count; i++) {
            DepthwiseRow row = rows[i];
            int n = row.interiorPixels();
            int stride = row.interiorStride;
            int a = row.inImage + row.interiorOrigin;
            int o = row.outRow + row.interiorFrom * channels;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int aj = a + j * stride;
                int oj = o + j * channels;
                if (vectors == 1) {
                    depthwise4(f, c, in, aj, stride, row.tapIn, row.tapW, row.taps, out, oj);
                } else {
                    depthwise4x2(f, c, in, aj, stride, row.tapIn, row.tapW, row.taps, out, oj);
                    if (vectors == 4) {
                        depthwise4x2(f, c + 2 * V, in, aj, stride, row.tapIn, row.tapW, row.taps, out, oj);
                    }
                }
            }
            for (; j < n; j++) {
                pixelBlock(f, vectors, c, in, a + j * stride, row.tapIn, row.tapW, row.taps, out, o + j * channels);
            }
            for (int b = 0; b < row.borders; b++) {
                pixelBlock(f, vectors, c, in, row.inImage + row.borderOrigin[b], row.borderTapIn[b],
                        row.borderTapW[b], row.borderTaps[b], out, row.outRow + row.borderX[b] * channels);
            }
        }
    }

    private static void pixelBlock(DepthwiseFilter f, int vectors, int c, float[] in, int a, int[] tapIn, int[] tapW,
            int taps, float[] out, int o) {
        switch (vectors) {
            case 4 -> depthwise1x4(f, c, in, a, tapIn, tapW, taps, out, o);
            case 2 -> depthwise1x2(f, c, in, a, tapIn, tapW, taps, out, o);
            default -> depthwise1(f, c, in, a, tapIn, tapW, taps, out, o);
        }
    }

    /**
     * {@link ConvEngine#depthwise} for channels filling half a vector ({@link DepthwiseFilter#wideWeights}) at stride
     * 1 ({@code inStride == channels}), {@code pixels >= 2}: one vector holds two neighbouring pixels, whose inputs
     * under each tap are also neighbours. With 512-bit vectors the pose landmark models' 8-channel layers at
     * 128x128 and 256x256 went to the scalar loops otherwise (pose_landmark_lite's depthwise layers 8.6x slower
     * than with 256-bit vectors). Groups of 4 pairs; the last group, or pair, ends at the last pixel, overlapping
     * its predecessor (recomputed bit for bit: every pixel sums its taps in the same order).
     */
    static void depthwisePairs(DepthwiseFilter f, float[] in, int inBase, int[] tapIn, int[] tapW, int taps,
            float[] out, int outBase, int pixels) {
        int channels = f.channels;
        if (pixels >= 8) {
            for (int j = 0; j < pixels; j += 8) {
                int b = Math.min(j, pixels - 8);
                wide4(f, in, inBase + b * channels, V, tapIn, tapW, taps, out, outBase + b * channels, V);
            }
        } else {
            for (int j = 0; j < pixels; j += 2) {
                int b = Math.min(j, pixels - 2);
                wide1(f, in, inBase + b * channels, tapIn, tapW, taps, out, outBase + b * channels);
            }
        }
        if (f.clamp) {
            clamp(out, outBase, pixels * channels, f.lo, f.hi);
        }
    }

    /**
     * {@link ConvEngine#depthwise} for channels filling more than half a vector but not all of it ({@link
     * DepthwiseFilter#wideWeights}), or half of it at a stride over 1, {@code pixels >= 2}: one vector per pixel,
     * whose lanes past the channels land in the next pixel's first channels, stored over when that pixel's turn
     * comes (so pixels are stored in order, and a group that overlaps its predecessor repeats its stores in order
     * too). The last pixel, whose spill would leave the call's outputs, takes the scalar loop. With 512-bit vectors
     * face_detection_full_range's two 48x48x12 layers took the scalar loops otherwise (10x XNNPACK's time).
     */
    static void depthwiseSpilling(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        int channels = f.channels;
        int vectorPixels = pixels - 1;
        if (vectorPixels >= 4) {
            for (int j = 0; j < vectorPixels; j += 4) {
                int b = Math.min(j, vectorPixels - 4);
                wide4(f, in, inBase + b * inStride, inStride, tapIn, tapW, taps, out, outBase + b * channels,
                        channels);
            }
        } else {
            for (int j = 0; j < vectorPixels; j++) {
                wide1(f, in, inBase + j * inStride, tapIn, tapW, taps, out, outBase + j * channels);
            }
        }
        ScalarConvEngine.depthwiseChannels(f, in, inBase + vectorPixels * inStride, tapIn, tapW, taps, out,
                outBase + vectorPixels * channels, 0, channels);
        if (f.clamp) {
            // The scalar pixel is clamped already; clamping twice changes nothing, and the range covers a vector.
            clamp(out, outBase, pixels * channels, f.lo, f.hi);
        }
    }

    /**
     * Four vectors of {@link DepthwiseFilter#wideWeights} sums: inputs {@code inStep} and outputs {@code outStep}
     * apart (a vector of two pixels each for {@link #depthwisePairs}, one pixel each for {@link #depthwiseSpilling}),
     * stored in order.
     */
    private static void wide4(DepthwiseFilter f, float[] in, int a, int inStep, int[] tapIn, int[] tapW, int taps,
            float[] out, int o, int outStep) {
        float[] w = f.wideWeights;
        int channels = f.channels;
        FloatVector c0 = FloatVector.fromArray(S, f.wideBias, 0);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int t = 0; t < taps; t++) {
            int p = a + tapIn[t];
            FloatVector wv = FloatVector.fromArray(S, w, tapW[t] / channels * V);
            c0 = FloatVector.fromArray(S, in, p).fma(wv, c0);
            c1 = FloatVector.fromArray(S, in, p + inStep).fma(wv, c1);
            c2 = FloatVector.fromArray(S, in, p + 2 * inStep).fma(wv, c2);
            c3 = FloatVector.fromArray(S, in, p + 3 * inStep).fma(wv, c3);
        }
        c0.intoArray(out, o);
        c1.intoArray(out, o + outStep);
        c2.intoArray(out, o + 2 * outStep);
        c3.intoArray(out, o + 3 * outStep);
    }

    /** One vector of {@link #wide4}. */
    private static void wide1(DepthwiseFilter f, float[] in, int a, int[] tapIn, int[] tapW, int taps, float[] out,
            int o) {
        float[] w = f.wideWeights;
        int channels = f.channels;
        FloatVector acc = FloatVector.fromArray(S, f.wideBias, 0);
        for (int t = 0; t < taps; t++) {
            acc = FloatVector.fromArray(S, in, a + tapIn[t]).fma(FloatVector.fromArray(S, w, tapW[t] / channels * V),
                    acc);
        }
        acc.intoArray(out, o);
    }

    /**
     * Applies the fused activation to {@code n >= V} outputs just stored (still in L1). The row kernels clamp in
     * registers before their stores (a separate pass cost a 3x3 stride-2 layer 17% of its time); the others store
     * raw sums and leave this to one loop because C2 (JDK 17) inlines a method's calls only while its node count
     * stays under NodeCountInliningCutoff: a clamp before each store pushed the larger kernels over it, the
     * remaining calls got inlined late and out of order, and stores whose vectors were not yet intrinsified boxed
     * them (a heap allocation per store: up to 6 MB per inference of selfie_segmentation). The last vector ends at
     * {@code n}, overlapping its predecessor: clamping twice changes nothing.
     */
    private static void clamp(float[] out, int o, int n, float lo, float hi) {
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        for (int i = 0; i < n; i += V) {
            int at = o + Math.min(i, n - V);
            FloatVector v = FloatVector.fromArray(S, out, at);
            v = v.blend(vlo, v.lt(vlo));
            v.blend(vhi, vhi.lt(v)).intoArray(out, at);
        }
    }

    /**
     * The depthwise sums (bias included) of {@code pixels} consecutive output pixels: true when the activation is
     * applied too (the row kernels clamp in registers), false when the raw sums are stored.
     */
    private static boolean sums(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        int channels = f.channels;
        // Pairs of vectors, then one (or a pair) ending exactly at the last channel (overlapping, recomputed bit
        // for bit).
        int full = channels - channels % V;
        int pairsEnd = channels / (2 * V) * 2 * V;
        boolean last = full < channels;
        int j = 0;
        int kind = pixels >= SLIDE ? slideKind(tapIn, tapW, taps, inStride, channels) : NO_SLIDE;
        if (kind == K5S1 || kind == K5S2 || (kind != NO_SLIDE && taps == 9)) {
            // Whole 3x3 windows, or rows of 5 columns: one channel vector at a time along the row.
            for (int c = 0; c < full; c += V) {
                row(kind, f, c, in, inBase, tapIn, tapW, taps, out, outBase, pixels);
            }
            if (last) {
                row(kind, f, channels - V, in, inBase, tapIn, tapW, taps, out, outBase, pixels);
            }
            return true;
        }
        if (kind == K3S1) {
            // Few channels or rows cut by the input's edge: one channel vector at a time, sliding over 8 pixels. The
            // last slide ends at the last pixel, overlapping its predecessor (each pixel sums its taps in the same
            // order in any slide, so the overlap is recomputed bit for bit): the 4-pixel tiles for the rest ran
            // only on the edge rows of layers with under two vectors of channels, a few calls per inference, and
            // stayed in C1 code, where every vector operation allocates, for 350 inferences of pose_landmark_full
            // (28 KB each).
            int rows = taps / 3;
            for (; j < pixels; j += SLIDE) {
                int b = Math.min(j, pixels - SLIDE);
                int a = inBase + b * inStride;
                int o = outBase + b * channels;
                for (int c = 0; c < full; c += V) {
                    slide8k3s1(f, c, in, a, tapIn, tapW, rows, out, o);
                }
                if (last) {
                    slide8k3s1(f, channels - V, in, a, tapIn, tapW, rows, out, o);
                }
            }
        }
        for (; j + 4 <= pixels; j += 4) {
            int a = inBase + j * inStride;
            int o = outBase + j * channels;
            for (int c = 0; c < pairsEnd; c += 2 * V) {
                depthwise4x2(f, c, in, a, inStride, tapIn, tapW, taps, out, o);
            }
            if (pairsEnd > 0 && pairsEnd < channels) {
                // The channels after the pairs: one more pair ending at the last channel, overlapping its
                // predecessor (recomputed bit for bit). Tiles of single vectors would run here only on the rows
                // cut by the input's edge: so rarely that the JIT left them in C1 code, where every vector
                // operation allocates, for most of a minute.
                depthwise4x2(f, channels - 2 * V, in, a, inStride, tapIn, tapW, taps, out, o);
            } else if (pairsEnd == 0) {
                // Fewer than two vectors of channels.
                depthwise4(f, 0, in, a, inStride, tapIn, tapW, taps, out, o);
                if (last) {
                    depthwise4(f, channels - V, in, a, inStride, tapIn, tapW, taps, out, o);
                }
            }
        }
        // Single pixels (borders, a row's last few): one vector's taps form a chain of dependent FMAs, so four or
        // two vectors run side by side to overlap their latencies.
        int quadsEnd = channels / (4 * V) * 4 * V;
        for (; j < pixels; j++) {
            int a = inBase + j * inStride;
            int o = outBase + j * channels;
            int c = 0;
            for (; c < quadsEnd; c += 4 * V) {
                depthwise1x4(f, c, in, a, tapIn, tapW, taps, out, o);
            }
            for (; c + 2 * V <= full; c += 2 * V) {
                depthwise1x2(f, c, in, a, tapIn, tapW, taps, out, o);
            }
            for (; c < full; c += V) {
                depthwise1(f, c, in, a, tapIn, tapW, taps, out, o);
            }
            if (last) {
                depthwise1(f, channels - V, in, a, tapIn, tapW, taps, out, o);
            }
        }
        return false;
    }

    private static final int NO_SLIDE = 0;
    private static final int K3S1 = 1;
    private static final int K3S2 = 2;
    private static final int K5S1 = 3;
    private static final int K5S2 = 4;

    /**
     * Which sliding kernel fits the taps: whole filter rows of 3 or 5 columns, each next column one pixel further in
     * the input and one tap further in the weights (no dilation), pixels 1 or 2 columns apart.
     */
    private static int slideKind(int[] tapIn, int[] tapW, int taps, int inStride, int channels) {
        int stride = inStride == channels ? 1 : inStride == 2 * channels ? 2 : 0;
        if (stride == 0) {
            return NO_SLIDE;
        }
        if (rowsOf(3, tapIn, tapW, taps, channels)) {
            return stride == 1 ? K3S1 : K3S2;
        }
        if (rowsOf(5, tapIn, tapW, taps, channels)) {
            return stride == 1 ? K5S1 : K5S2;
        }
        return NO_SLIDE;
    }

    private static boolean rowsOf(int columns, int[] tapIn, int[] tapW, int taps, int channels) {
        if (taps == 0 || taps % columns != 0) {
            return false;
        }
        for (int t = 0; t < taps; t += columns) {
            for (int k = 1; k < columns; k++) {
                if (tapIn[t + k] != tapIn[t] + k * channels || tapW[t + k] != tapW[t] + k * channels) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * One channel vector ({@code c}) of {@code pixels} pixels in a row under whole 3x3 windows or rows of 5 columns
     * at the kind's stride: see {@link #row3s1} and {@link #row5s1}.
     */
    private static void row(int kind, DepthwiseFilter f, int c, float[] in, int a0, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0, int pixels) {
        switch (kind) {
            case K3S1 -> row3s1(f, c, in, a0 + c, tapIn, tapW, out, o0 + c, pixels);
            case K3S2 -> row3s2(f, c, in, a0 + c, tapIn, tapW, out, o0 + c, pixels);
            case K5S1 -> row5s1(f, c, in, a0 + c, tapIn, tapW, taps / 5, out, o0 + c, pixels);
            default -> row5s2(f, c, in, a0 + c, tapIn, tapW, taps / 5, out, o0 + c, pixels);
        }
    }

    /**
     * One channel vector of a row of {@code pixels >= 4} pixels under {@code rows} filter rows of 5 columns (a 5x5
     * filter, or its rows inside the input at the top and bottom edges), stride 1, 4 pixels per step, the last step
     * overlapping the one before. The 25 weights do not fit the registers beside the sums and inputs: each filter
     * row's 5 are loaded per step, with its 8 input columns, for 20 FMAs (the 4x2 tiles load 10 vectors per 8).
     * The filter rows are a loop, which keeps the method small enough for C2 to compile whole (see the class
     * comment).
     */
    private static void row5s1(DepthwiseFilter f, int c, float[] in, int a, int[] tapIn, int[] tapW, int rows,
            float[] out, int o, int pixels) {
        float[] w = f.weights;
        int d = f.channels;
        int wb = f.base + c;
        FloatVector b = FloatVector.fromArray(S, f.bias, c);
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        for (int j = 0; j < pixels; j += 4) {
            int x = Math.min(j, pixels - 4) * d;
            FloatVector c0 = b, c1 = b, c2 = b, c3 = b;
            for (int r = 0; r < rows; r++) {
                int wr = wb + tapW[5 * r];
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + d);
                FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * d);
                FloatVector w3 = FloatVector.fromArray(S, w, wr + 3 * d);
                FloatVector w4 = FloatVector.fromArray(S, w, wr + 4 * d);
                int p = a + tapIn[5 * r] + x;
                FloatVector x0 = FloatVector.fromArray(S, in, p);
                FloatVector x1 = FloatVector.fromArray(S, in, p + d);
                FloatVector x2 = FloatVector.fromArray(S, in, p + 2 * d);
                FloatVector x3 = FloatVector.fromArray(S, in, p + 3 * d);
                FloatVector x4 = FloatVector.fromArray(S, in, p + 4 * d);
                FloatVector x5 = FloatVector.fromArray(S, in, p + 5 * d);
                FloatVector x6 = FloatVector.fromArray(S, in, p + 6 * d);
                FloatVector x7 = FloatVector.fromArray(S, in, p + 7 * d);
                c0 = x4.fma(w4, x3.fma(w3, x2.fma(w2, x1.fma(w1, x0.fma(w0, c0)))));
                c1 = x5.fma(w4, x4.fma(w3, x3.fma(w2, x2.fma(w1, x1.fma(w0, c1)))));
                c2 = x6.fma(w4, x5.fma(w3, x4.fma(w2, x3.fma(w1, x2.fma(w0, c2)))));
                c3 = x7.fma(w4, x6.fma(w3, x5.fma(w2, x4.fma(w1, x3.fma(w0, c3)))));
            }
            int q = o + x;
            c0 = c0.blend(lo, c0.lt(lo));
            c0.blend(hi, hi.lt(c0)).intoArray(out, q);
            c1 = c1.blend(lo, c1.lt(lo));
            c1.blend(hi, hi.lt(c1)).intoArray(out, q + d);
            c2 = c2.blend(lo, c2.lt(lo));
            c2.blend(hi, hi.lt(c2)).intoArray(out, q + 2 * d);
            c3 = c3.blend(lo, c3.lt(lo));
            c3.blend(hi, hi.lt(c3)).intoArray(out, q + 3 * d);
        }
    }

    /** {@link #row5s1} at stride 2: 11 input columns and 5 weights per filter row for 20 FMAs. */
    private static void row5s2(DepthwiseFilter f, int c, float[] in, int a, int[] tapIn, int[] tapW, int rows,
            float[] out, int o, int pixels) {
        float[] w = f.weights;
        int d = f.channels;
        int wb = f.base + c;
        FloatVector b = FloatVector.fromArray(S, f.bias, c);
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        for (int j = 0; j < pixels; j += 4) {
            int y = Math.min(j, pixels - 4) * d;
            FloatVector c0 = b, c1 = b, c2 = b, c3 = b;
            for (int r = 0; r < rows; r++) {
                int wr = wb + tapW[5 * r];
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + d);
                FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * d);
                FloatVector w3 = FloatVector.fromArray(S, w, wr + 3 * d);
                FloatVector w4 = FloatVector.fromArray(S, w, wr + 4 * d);
                int p = a + tapIn[5 * r] + 2 * y;
                FloatVector x0 = FloatVector.fromArray(S, in, p);
                FloatVector x1 = FloatVector.fromArray(S, in, p + d);
                FloatVector x2 = FloatVector.fromArray(S, in, p + 2 * d);
                FloatVector x3 = FloatVector.fromArray(S, in, p + 3 * d);
                FloatVector x4 = FloatVector.fromArray(S, in, p + 4 * d);
                c0 = x4.fma(w4, x3.fma(w3, x2.fma(w2, x1.fma(w1, x0.fma(w0, c0)))));
                FloatVector x5 = FloatVector.fromArray(S, in, p + 5 * d);
                FloatVector x6 = FloatVector.fromArray(S, in, p + 6 * d);
                c1 = x6.fma(w4, x5.fma(w3, x4.fma(w2, x3.fma(w1, x2.fma(w0, c1)))));
                FloatVector x7 = FloatVector.fromArray(S, in, p + 7 * d);
                FloatVector x8 = FloatVector.fromArray(S, in, p + 8 * d);
                c2 = x8.fma(w4, x7.fma(w3, x6.fma(w2, x5.fma(w1, x4.fma(w0, c2)))));
                FloatVector x9 = FloatVector.fromArray(S, in, p + 9 * d);
                FloatVector x10 = FloatVector.fromArray(S, in, p + 10 * d);
                c3 = x10.fma(w4, x9.fma(w3, x8.fma(w2, x7.fma(w1, x6.fma(w0, c3)))));
            }
            int q = o + y;
            c0 = c0.blend(lo, c0.lt(lo));
            c0.blend(hi, hi.lt(c0)).intoArray(out, q);
            c1 = c1.blend(lo, c1.lt(lo));
            c1.blend(hi, hi.lt(c1)).intoArray(out, q + d);
            c2 = c2.blend(lo, c2.lt(lo));
            c2.blend(hi, hi.lt(c2)).intoArray(out, q + 2 * d);
            c3 = c3.blend(lo, c3.lt(lo));
            c3.blend(hi, hi.lt(c3)).intoArray(out, q + 3 * d);
        }
    }

    /**
     * One channel vector of a row of {@code pixels >= 4} pixels under whole 3x3 windows, stride 1, 4 pixels per step,
     * the last step overlapping the one before (it recomputes the same values): the 9 weights stay in registers for
     * the whole row, each step loads 6 columns of each filter row for 36 FMAs, and every input offset is one of 3
     * row starts plus a multiple of the channel count, few enough for C2 to keep in registers. (The whole-window
     * blocks that ran over all channels for 8 pixels had 30-51 such offsets; C2 kept them on the stack and reloaded
     * them for every vector load, taking the load ports from the vector loads.) A separate kernel for a row's last
     * few pixels would run too rarely to be compiled early: C1 code, where every vector is a heap object.
     */
    private static void row3s1(DepthwiseFilter f, int c, float[] in, int a, int[] tapIn, int[] tapW, float[] out,
            int o, int pixels) {
        float[] w = f.weights;
        int d = f.channels;
        int wb = f.base + c;
        FloatVector w00 = FloatVector.fromArray(S, w, wb + tapW[0]);
        FloatVector w01 = FloatVector.fromArray(S, w, wb + tapW[1]);
        FloatVector w02 = FloatVector.fromArray(S, w, wb + tapW[2]);
        FloatVector w10 = FloatVector.fromArray(S, w, wb + tapW[3]);
        FloatVector w11 = FloatVector.fromArray(S, w, wb + tapW[4]);
        FloatVector w12 = FloatVector.fromArray(S, w, wb + tapW[5]);
        FloatVector w20 = FloatVector.fromArray(S, w, wb + tapW[6]);
        FloatVector w21 = FloatVector.fromArray(S, w, wb + tapW[7]);
        FloatVector w22 = FloatVector.fromArray(S, w, wb + tapW[8]);
        FloatVector b = FloatVector.fromArray(S, f.bias, c);
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        int r0 = a + tapIn[0];
        int r1 = a + tapIn[3];
        int r2 = a + tapIn[6];
        for (int j = 0; j < pixels; j += 4) {
            int x = Math.min(j, pixels - 4) * d;
            FloatVector c0 = b, c1 = b, c2 = b, c3 = b;
            int p = r0 + x;
            FloatVector x0 = FloatVector.fromArray(S, in, p);
            FloatVector x1 = FloatVector.fromArray(S, in, p + d);
            FloatVector x2 = FloatVector.fromArray(S, in, p + 2 * d);
            FloatVector x3 = FloatVector.fromArray(S, in, p + 3 * d);
            FloatVector x4 = FloatVector.fromArray(S, in, p + 4 * d);
            FloatVector x5 = FloatVector.fromArray(S, in, p + 5 * d);
            c0 = x2.fma(w02, x1.fma(w01, x0.fma(w00, c0)));
            c1 = x3.fma(w02, x2.fma(w01, x1.fma(w00, c1)));
            c2 = x4.fma(w02, x3.fma(w01, x2.fma(w00, c2)));
            c3 = x5.fma(w02, x4.fma(w01, x3.fma(w00, c3)));
            p = r1 + x;
            x0 = FloatVector.fromArray(S, in, p);
            x1 = FloatVector.fromArray(S, in, p + d);
            x2 = FloatVector.fromArray(S, in, p + 2 * d);
            x3 = FloatVector.fromArray(S, in, p + 3 * d);
            x4 = FloatVector.fromArray(S, in, p + 4 * d);
            x5 = FloatVector.fromArray(S, in, p + 5 * d);
            c0 = x2.fma(w12, x1.fma(w11, x0.fma(w10, c0)));
            c1 = x3.fma(w12, x2.fma(w11, x1.fma(w10, c1)));
            c2 = x4.fma(w12, x3.fma(w11, x2.fma(w10, c2)));
            c3 = x5.fma(w12, x4.fma(w11, x3.fma(w10, c3)));
            p = r2 + x;
            x0 = FloatVector.fromArray(S, in, p);
            x1 = FloatVector.fromArray(S, in, p + d);
            x2 = FloatVector.fromArray(S, in, p + 2 * d);
            x3 = FloatVector.fromArray(S, in, p + 3 * d);
            x4 = FloatVector.fromArray(S, in, p + 4 * d);
            x5 = FloatVector.fromArray(S, in, p + 5 * d);
            c0 = x2.fma(w22, x1.fma(w21, x0.fma(w20, c0)));
            c1 = x3.fma(w22, x2.fma(w21, x1.fma(w20, c1)));
            c2 = x4.fma(w22, x3.fma(w21, x2.fma(w20, c2)));
            c3 = x5.fma(w22, x4.fma(w21, x3.fma(w20, c3)));
            int q = o + x;
            c0 = c0.blend(lo, c0.lt(lo));
            c0.blend(hi, hi.lt(c0)).intoArray(out, q);
            c1 = c1.blend(lo, c1.lt(lo));
            c1.blend(hi, hi.lt(c1)).intoArray(out, q + d);
            c2 = c2.blend(lo, c2.lt(lo));
            c2.blend(hi, hi.lt(c2)).intoArray(out, q + 2 * d);
            c3 = c3.blend(lo, c3.lt(lo));
            c3.blend(hi, hi.lt(c3)).intoArray(out, q + 3 * d);
        }
    }

    /**
     * {@link #row3s1} at stride 2, 2 pixels per step ({@code pixels >= 2}, the last step overlapping): 5 columns of
     * each filter row for 18 FMAs.
     */
    private static void row3s2(DepthwiseFilter f, int c, float[] in, int a, int[] tapIn, int[] tapW, float[] out,
            int o, int pixels) {
        float[] w = f.weights;
        int d = f.channels;
        int wb = f.base + c;
        FloatVector w00 = FloatVector.fromArray(S, w, wb + tapW[0]);
        FloatVector w01 = FloatVector.fromArray(S, w, wb + tapW[1]);
        FloatVector w02 = FloatVector.fromArray(S, w, wb + tapW[2]);
        FloatVector w10 = FloatVector.fromArray(S, w, wb + tapW[3]);
        FloatVector w11 = FloatVector.fromArray(S, w, wb + tapW[4]);
        FloatVector w12 = FloatVector.fromArray(S, w, wb + tapW[5]);
        FloatVector w20 = FloatVector.fromArray(S, w, wb + tapW[6]);
        FloatVector w21 = FloatVector.fromArray(S, w, wb + tapW[7]);
        FloatVector w22 = FloatVector.fromArray(S, w, wb + tapW[8]);
        FloatVector b = FloatVector.fromArray(S, f.bias, c);
        FloatVector lo = FloatVector.broadcast(S, f.lo);
        FloatVector hi = FloatVector.broadcast(S, f.hi);
        int r0 = a + tapIn[0];
        int r1 = a + tapIn[3];
        int r2 = a + tapIn[6];
        for (int j = 0; j < pixels; j += 2) {
            int y = Math.min(j, pixels - 2) * d;
            FloatVector c0 = b, c1 = b;
            int p = r0 + 2 * y;
            FloatVector x0 = FloatVector.fromArray(S, in, p);
            FloatVector x1 = FloatVector.fromArray(S, in, p + d);
            FloatVector x2 = FloatVector.fromArray(S, in, p + 2 * d);
            FloatVector x3 = FloatVector.fromArray(S, in, p + 3 * d);
            FloatVector x4 = FloatVector.fromArray(S, in, p + 4 * d);
            c0 = x2.fma(w02, x1.fma(w01, x0.fma(w00, c0)));
            c1 = x4.fma(w02, x3.fma(w01, x2.fma(w00, c1)));
            p = r1 + 2 * y;
            x0 = FloatVector.fromArray(S, in, p);
            x1 = FloatVector.fromArray(S, in, p + d);
            x2 = FloatVector.fromArray(S, in, p + 2 * d);
            x3 = FloatVector.fromArray(S, in, p + 3 * d);
            x4 = FloatVector.fromArray(S, in, p + 4 * d);
            c0 = x2.fma(w12, x1.fma(w11, x0.fma(w10, c0)));
            c1 = x4.fma(w12, x3.fma(w11, x2.fma(w10, c1)));
            p = r2 + 2 * y;
            x0 = FloatVector.fromArray(S, in, p);
            x1 = FloatVector.fromArray(S, in, p + d);
            x2 = FloatVector.fromArray(S, in, p + 2 * d);
            x3 = FloatVector.fromArray(S, in, p + 3 * d);
            x4 = FloatVector.fromArray(S, in, p + 4 * d);
            c0 = x2.fma(w22, x1.fma(w21, x0.fma(w20, c0)));
            c1 = x4.fma(w22, x3.fma(w21, x2.fma(w20, c1)));
            int q = o + y;
            c0 = c0.blend(lo, c0.lt(lo));
            c0.blend(hi, hi.lt(c0)).intoArray(out, q);
            c1 = c1.blend(lo, c1.lt(lo));
            c1.blend(hi, hi.lt(c1)).intoArray(out, q + d);
        }
    }

    /** 8 pixels, 3-column rows at stride 1: 10 input vectors and 3 weights per row serve 24 FMAs. */
    private static void slide8k3s1(DepthwiseFilter f, int c, float[] in, int a0, int[] tapIn, int[] tapW, int rows,
            float[] out, int o0) {
        float[] w = f.weights;
        int channels = f.channels;
        int wb = f.base + c;
        int a = a0 + c;
        int d = channels;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, c);
        FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int r = 0; r < rows; r++) {
            int p = a + tapIn[3 * r];
            int wr = wb + tapW[3 * r];
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + d);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * d);
            FloatVector x0 = FloatVector.fromArray(S, in, p);
            c0 = x0.fma(w0, c0);
            FloatVector x1 = FloatVector.fromArray(S, in, p + d);
            c1 = x1.fma(w0, c1);
            c0 = x1.fma(w1, c0);
            FloatVector x2 = FloatVector.fromArray(S, in, p + 2 * d);
            c2 = x2.fma(w0, c2);
            c1 = x2.fma(w1, c1);
            c0 = x2.fma(w2, c0);
            FloatVector x3 = FloatVector.fromArray(S, in, p + 3 * d);
            c3 = x3.fma(w0, c3);
            c2 = x3.fma(w1, c2);
            c1 = x3.fma(w2, c1);
            FloatVector x4 = FloatVector.fromArray(S, in, p + 4 * d);
            c4 = x4.fma(w0, c4);
            c3 = x4.fma(w1, c3);
            c2 = x4.fma(w2, c2);
            FloatVector x5 = FloatVector.fromArray(S, in, p + 5 * d);
            c5 = x5.fma(w0, c5);
            c4 = x5.fma(w1, c4);
            c3 = x5.fma(w2, c3);
            FloatVector x6 = FloatVector.fromArray(S, in, p + 6 * d);
            c6 = x6.fma(w0, c6);
            c5 = x6.fma(w1, c5);
            c4 = x6.fma(w2, c4);
            FloatVector x7 = FloatVector.fromArray(S, in, p + 7 * d);
            c7 = x7.fma(w0, c7);
            c6 = x7.fma(w1, c6);
            c5 = x7.fma(w2, c5);
            FloatVector x8 = FloatVector.fromArray(S, in, p + 8 * d);
            c7 = x8.fma(w1, c7);
            c6 = x8.fma(w2, c6);
            FloatVector x9 = FloatVector.fromArray(S, in, p + 9 * d);
            c7 = x9.fma(w2, c7);
        }
        int o = o0 + c;
        c0.intoArray(out, o);
        c1.intoArray(out, o + channels);
        c2.intoArray(out, o + 2 * channels);
        c3.intoArray(out, o + 3 * channels);
        c4.intoArray(out, o + 4 * channels);
        c5.intoArray(out, o + 5 * channels);
        c6.intoArray(out, o + 6 * channels);
        c7.intoArray(out, o + 7 * channels);
    }




    // Loop-invariant sums are hoisted by hand: C2 does not move field reads past the vector intrinsics.
    private static void depthwise4x2(DepthwiseFilter f, int c, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0) {
        float[] w = f.weights;
        int wb = f.base + c;
        int a = a0 + c;
        FloatVector c00 = FloatVector.fromArray(S, f.bias, c);
        FloatVector c01 = FloatVector.fromArray(S, f.bias, c + V);
        FloatVector c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
        for (int t = 0; t < taps; t++) {
            int p = a + tapIn[t];
            int wr = wb + tapW[t];
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
            c00 = FloatVector.fromArray(S, in, p).fma(w0, c00);
            c01 = FloatVector.fromArray(S, in, p + V).fma(w1, c01);
            p += inStride;
            c10 = FloatVector.fromArray(S, in, p).fma(w0, c10);
            c11 = FloatVector.fromArray(S, in, p + V).fma(w1, c11);
            p += inStride;
            c20 = FloatVector.fromArray(S, in, p).fma(w0, c20);
            c21 = FloatVector.fromArray(S, in, p + V).fma(w1, c21);
            p += inStride;
            c30 = FloatVector.fromArray(S, in, p).fma(w0, c30);
            c31 = FloatVector.fromArray(S, in, p + V).fma(w1, c31);
        }
        int channels = f.channels;
        int o = o0 + c;
        c00.intoArray(out, o);
        c01.intoArray(out, o + V);
        o += channels;
        c10.intoArray(out, o);
        c11.intoArray(out, o + V);
        o += channels;
        c20.intoArray(out, o);
        c21.intoArray(out, o + V);
        o += channels;
        c30.intoArray(out, o);
        c31.intoArray(out, o + V);
    }

    private static void depthwise4(DepthwiseFilter f, int c, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0) {
        float[] w = f.weights;
        int wb = f.base + c;
        int a = a0 + c;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, c);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int t = 0; t < taps; t++) {
            int p = a + tapIn[t];
            FloatVector wv = FloatVector.fromArray(S, w, wb + tapW[t]);
            c0 = FloatVector.fromArray(S, in, p).fma(wv, c0);
            c1 = FloatVector.fromArray(S, in, p + inStride).fma(wv, c1);
            c2 = FloatVector.fromArray(S, in, p + 2 * inStride).fma(wv, c2);
            c3 = FloatVector.fromArray(S, in, p + 3 * inStride).fma(wv, c3);
        }
        int channels = f.channels;
        int o = o0 + c;
        c0.intoArray(out, o);
        c1.intoArray(out, o + channels);
        c2.intoArray(out, o + 2 * channels);
        c3.intoArray(out, o + 3 * channels);
    }

    private static void depthwise1x4(DepthwiseFilter f, int c, float[] in, int a0, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0) {
        float[] w = f.weights;
        int wb = f.base + c;
        int a = a0 + c;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, c);
        FloatVector c1 = FloatVector.fromArray(S, f.bias, c + V);
        FloatVector c2 = FloatVector.fromArray(S, f.bias, c + 2 * V);
        FloatVector c3 = FloatVector.fromArray(S, f.bias, c + 3 * V);
        for (int t = 0; t < taps; t++) {
            int p = a + tapIn[t];
            int wr = wb + tapW[t];
            c0 = FloatVector.fromArray(S, in, p).fma(FloatVector.fromArray(S, w, wr), c0);
            c1 = FloatVector.fromArray(S, in, p + V).fma(FloatVector.fromArray(S, w, wr + V), c1);
            c2 = FloatVector.fromArray(S, in, p + 2 * V).fma(FloatVector.fromArray(S, w, wr + 2 * V), c2);
            c3 = FloatVector.fromArray(S, in, p + 3 * V).fma(FloatVector.fromArray(S, w, wr + 3 * V), c3);
        }
        int o = o0 + c;
        c0.intoArray(out, o);
        c1.intoArray(out, o + V);
        c2.intoArray(out, o + 2 * V);
        c3.intoArray(out, o + 3 * V);
    }

    private static void depthwise1x2(DepthwiseFilter f, int c, float[] in, int a0, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0) {
        float[] w = f.weights;
        int wb = f.base + c;
        int a = a0 + c;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, c);
        FloatVector c1 = FloatVector.fromArray(S, f.bias, c + V);
        for (int t = 0; t < taps; t++) {
            int p = a + tapIn[t];
            int wr = wb + tapW[t];
            c0 = FloatVector.fromArray(S, in, p).fma(FloatVector.fromArray(S, w, wr), c0);
            c1 = FloatVector.fromArray(S, in, p + V).fma(FloatVector.fromArray(S, w, wr + V), c1);
        }
        int o = o0 + c;
        c0.intoArray(out, o);
        c1.intoArray(out, o + V);
    }

    private static void depthwise1(DepthwiseFilter f, int c, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0) {
        float[] w = f.weights;
        int wb = f.base + c;
        int a = a0 + c;
        FloatVector acc = FloatVector.fromArray(S, f.bias, c);
        for (int t = 0; t < taps; t++) {
            acc = FloatVector.fromArray(S, in, a + tapIn[t]).fma(FloatVector.fromArray(S, w, wb + tapW[t]), acc);
        }
        acc.intoArray(out, o0 + c);
    }
}
