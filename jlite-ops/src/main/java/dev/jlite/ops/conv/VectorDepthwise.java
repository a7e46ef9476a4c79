package dev.jlite.ops.conv;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link ConvEngine#depthwise} (depth multiplier 1, at least one vector of channels).
 * Interior pixels of 3x3 filters at stride 1 or 2 (the MobileNet shapes) go through blocks of 8 (then 4) pixels
 * that run over all channels in one loop: the taps' input and weight offsets are loop invariants there, so C2
 * hoists the loads' bounds checks out of the loop (with a loop over taps inside, every load keeps its check), and
 * neighbouring pixels share input columns, each loaded once per filter row (a 3x3 stride-1 row: 10 loads for 24
 * FMAs instead of 24). The blocks are written out by {@code scripts/gen-depthwise-blocks.py}. Rows cut by the
 * input's edge slide over 8 pixels one channel vector at a time (at stride 1); everything else, 5x5 filters
 * included, goes through tiles of 4 pixels times 2 channel vectors, and single pixels (borders, a row's last few)
 * through 1 to 4 independent vectors. Every kernel sums a pixel's taps in the order of the tap list, with one
 * fused multiply-add per tap, so all of them give bit for bit the same result and a pixel does not depend on
 * which kernel computed it. Only loaded through {@link VectorEngineHolder}.
 *
 * <p>An 8-pixel block inlines about 120 vector operations, each with a class check that C2 speculates on: past
 * {@code -XX:PerMethodTrapLimit} (100 by default) such checks, once the Vector API's shared methods have recorded
 * class-check deoptimizations during the warm-up, C2 compiles the block with its vectors boxed (see "JVM options" in
 * the README, which recommends a higher limit).
 *
 * <p>5x5 blocks were tried: whole windows were 0.65-0.9x of the tiles' time once compiled, but C1 cannot compile
 * methods that large (out of virtual registers), so they ran interpreted until C2 got to them, seconds into a run
 * on a busy machine; two filter rows per call gained too little (0.8-1.05x) to carry their code.
 */
final class VectorDepthwise {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int V = S.length();
    /** Pixels per sliding block. */
    private static final int SLIDE = 8;
    /**
     * Fewer channels than this stay with the per-vector loops: a whole-window block's loop over channels then runs
     * only a few times, too few to pay for the bounds checks hoisted in front of it (measured 1.1-1.9x slower on
     * 16 channels, 0.97x on 24, 0.85-0.95x from 32).
     */
    private static final int BLOCK_CHANNELS = 3 * V;
    /**
     * At stride 2 whole-window blocks gain little over 4-pixel tiles (0.85-0.95x), so on short rows, where the last
     * block's overlap recomputes a larger share of the pixels, they lose (1.1x on 13 and 23 pixels): tiles there.
     */
    private static final int STRIDE2_BLOCK_PIXELS = 24;

    private VectorDepthwise() {}

    /** {@link ConvEngine#depthwise} for {@code f.multiplier == 1} and {@code f.channels >= V}. */
    static void depthwise(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        sums(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
        if (f.lo != Float.NEGATIVE_INFINITY || f.hi != Float.POSITIVE_INFINITY) {
            clamp(out, outBase, pixels * f.channels, f.lo, f.hi);
        }
    }

    /**
     * Applies the fused activation to {@code n >= V} outputs just stored (still in L1). The kernels store raw sums
     * and leave this to one loop because C2 (JDK 17) inlines a method's calls only while its node count stays under
     * NodeCountInliningCutoff: a clamp before each store pushed the larger kernels over it, the remaining calls got
     * inlined late and out of order, and stores whose vectors were not yet intrinsified boxed them (a heap
     * allocation per store: up to 6 MB per inference of selfie_segmentation). The last vector ends at {@code n},
     * overlapping its predecessor: clamping twice changes nothing.
     */
    private static void clamp(float[] out, int o, int n, float lo, float hi) {
        for (int i = 0; i < n; i += V) {
            int at = o + Math.min(i, n - V);
            FloatVector.fromArray(S, out, at).max(lo).min(hi).intoArray(out, at);
        }
    }

    /** The depthwise sums (bias included, no activation) of {@code pixels} consecutive output pixels. */
    private static void sums(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        int channels = f.channels;
        // Pairs of vectors, then one (or a pair) ending exactly at the last channel (overlapping, recomputed bit
        // for bit).
        int full = channels - channels % V;
        int pairsEnd = channels / (2 * V) * 2 * V;
        boolean last = full < channels;
        int j = 0;
        int kind = pixels >= SLIDE ? slideKind(tapIn, tapW, taps, inStride, channels) : NO_SLIDE;
        boolean wide = kind == K3S1 || pixels >= STRIDE2_BLOCK_PIXELS;
        if (kind != NO_SLIDE && taps == 9 && channels >= BLOCK_CHANNELS && wide) {
            // Whole windows (interior rows): each pixel block runs over all channels in one loop whose tap offsets
            // are loop invariants, so the JIT hoists the loads' bounds checks out of it.
            for (; j + SLIDE <= pixels; j += SLIDE) {
                block(kind, SLIDE, f, in, inBase + j * inStride, tapIn, tapW, out, outBase + j * channels);
            }
            // Then blocks of 4, the last one overlapping the previous (it recomputes the same values) rather than
            // leaving a few pixels to the slower single-pixel loops.
            for (; j < pixels; j += 4) {
                int b = Math.min(j, pixels - 4);
                block(kind, 4, f, in, inBase + b * inStride, tapIn, tapW, out, outBase + b * channels);
            }
            return;
        }
        if (kind == K3S1) {
            // Few channels or rows cut by the input's edge: one channel vector at a time, sliding over 8 pixels.
            int rows = taps / 3;
            for (; j + SLIDE <= pixels; j += SLIDE) {
                int a = inBase + j * inStride;
                int o = outBase + j * channels;
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
    }

    private static final int NO_SLIDE = 0;
    private static final int K3S1 = 1;
    private static final int K3S2 = 2;

    /**
     * Which sliding kernel fits the taps: whole filter rows of 3 columns, each next column one pixel further in the
     * input and one tap further in the weights (no dilation), pixels 1 or 2 columns apart.
     */
    private static int slideKind(int[] tapIn, int[] tapW, int taps, int inStride, int channels) {
        if (!rowsOf(3, tapIn, tapW, taps, channels)) {
            return NO_SLIDE;
        }
        return inStride == channels ? K3S1 : inStride == 2 * channels ? K3S2 : NO_SLIDE;
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

    /** A block of {@code n} (8 or 4) pixels over whole 3x3 windows at the kind's stride. */
    private static void block(int kind, int n, DepthwiseFilter f, float[] in, int a, int[] tapIn, int[] tapW,
            float[] out, int o) {
        if (kind == K3S1) {
            if (n == SLIDE) {
                block8k3s1(f, in, a, tapIn, tapW, out, o);
            } else {
                block4k3s1(f, in, a, tapIn, tapW, out, o);
            }
        } else if (n == SLIDE) {
            block8k3s2(f, in, a, tapIn, tapW, out, o);
        } else {
            block4k3s2(f, in, a, tapIn, tapW, out, o);
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




    /** 8 pixels whose windows hold all 3 rows of a 3x3 filter, stride 1: see {@link #depthwise}. */
    private static void block8k3s1(DepthwiseFilter f, float[] in, int a, int[] tapIn, int[] tapW, float[] out,
            int o) {
        float[] w = f.weights;
        float[] bias = f.bias;
        int d = f.channels;
        int p0 = a + tapIn[0];
        int q0 = f.base + tapW[0];
        int p1 = a + tapIn[3];
        int q1 = f.base + tapW[3];
        int p2 = a + tapIn[6];
        int q2 = f.base + tapW[6];
        int end = d - d % V;
        int c = 0;
        boolean tail = false;
        while (true) {
            for (; c < end; c += V) {
                FloatVector c0 = FloatVector.fromArray(S, bias, c);
                FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
                FloatVector w0 = FloatVector.fromArray(S, w, q0 + c);
                FloatVector w1 = FloatVector.fromArray(S, w, q0 + d + c);
                FloatVector w2 = FloatVector.fromArray(S, w, q0 + 2 * d + c);
                FloatVector x0 = FloatVector.fromArray(S, in, p0 + c);
                c0 = x0.fma(w0, c0);
                FloatVector x1 = FloatVector.fromArray(S, in, p0 + d + c);
                c1 = x1.fma(w0, c1);
                c0 = x1.fma(w1, c0);
                FloatVector x2 = FloatVector.fromArray(S, in, p0 + 2 * d + c);
                c2 = x2.fma(w0, c2);
                c1 = x2.fma(w1, c1);
                c0 = x2.fma(w2, c0);
                FloatVector x3 = FloatVector.fromArray(S, in, p0 + 3 * d + c);
                c3 = x3.fma(w0, c3);
                c2 = x3.fma(w1, c2);
                c1 = x3.fma(w2, c1);
                FloatVector x4 = FloatVector.fromArray(S, in, p0 + 4 * d + c);
                c4 = x4.fma(w0, c4);
                c3 = x4.fma(w1, c3);
                c2 = x4.fma(w2, c2);
                FloatVector x5 = FloatVector.fromArray(S, in, p0 + 5 * d + c);
                c5 = x5.fma(w0, c5);
                c4 = x5.fma(w1, c4);
                c3 = x5.fma(w2, c3);
                FloatVector x6 = FloatVector.fromArray(S, in, p0 + 6 * d + c);
                c6 = x6.fma(w0, c6);
                c5 = x6.fma(w1, c5);
                c4 = x6.fma(w2, c4);
                FloatVector x7 = FloatVector.fromArray(S, in, p0 + 7 * d + c);
                c7 = x7.fma(w0, c7);
                c6 = x7.fma(w1, c6);
                c5 = x7.fma(w2, c5);
                FloatVector x8 = FloatVector.fromArray(S, in, p0 + 8 * d + c);
                c7 = x8.fma(w1, c7);
                c6 = x8.fma(w2, c6);
                FloatVector x9 = FloatVector.fromArray(S, in, p0 + 9 * d + c);
                c7 = x9.fma(w2, c7);
                w0 = FloatVector.fromArray(S, w, q1 + c);
                w1 = FloatVector.fromArray(S, w, q1 + d + c);
                w2 = FloatVector.fromArray(S, w, q1 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p1 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p1 + d + c);
                c1 = x1.fma(w0, c1);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p1 + 2 * d + c);
                c2 = x2.fma(w0, c2);
                c1 = x2.fma(w1, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p1 + 3 * d + c);
                c3 = x3.fma(w0, c3);
                c2 = x3.fma(w1, c2);
                c1 = x3.fma(w2, c1);
                x4 = FloatVector.fromArray(S, in, p1 + 4 * d + c);
                c4 = x4.fma(w0, c4);
                c3 = x4.fma(w1, c3);
                c2 = x4.fma(w2, c2);
                x5 = FloatVector.fromArray(S, in, p1 + 5 * d + c);
                c5 = x5.fma(w0, c5);
                c4 = x5.fma(w1, c4);
                c3 = x5.fma(w2, c3);
                x6 = FloatVector.fromArray(S, in, p1 + 6 * d + c);
                c6 = x6.fma(w0, c6);
                c5 = x6.fma(w1, c5);
                c4 = x6.fma(w2, c4);
                x7 = FloatVector.fromArray(S, in, p1 + 7 * d + c);
                c7 = x7.fma(w0, c7);
                c6 = x7.fma(w1, c6);
                c5 = x7.fma(w2, c5);
                x8 = FloatVector.fromArray(S, in, p1 + 8 * d + c);
                c7 = x8.fma(w1, c7);
                c6 = x8.fma(w2, c6);
                x9 = FloatVector.fromArray(S, in, p1 + 9 * d + c);
                c7 = x9.fma(w2, c7);
                w0 = FloatVector.fromArray(S, w, q2 + c);
                w1 = FloatVector.fromArray(S, w, q2 + d + c);
                w2 = FloatVector.fromArray(S, w, q2 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p2 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p2 + d + c);
                c1 = x1.fma(w0, c1);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p2 + 2 * d + c);
                c2 = x2.fma(w0, c2);
                c1 = x2.fma(w1, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p2 + 3 * d + c);
                c3 = x3.fma(w0, c3);
                c2 = x3.fma(w1, c2);
                c1 = x3.fma(w2, c1);
                x4 = FloatVector.fromArray(S, in, p2 + 4 * d + c);
                c4 = x4.fma(w0, c4);
                c3 = x4.fma(w1, c3);
                c2 = x4.fma(w2, c2);
                x5 = FloatVector.fromArray(S, in, p2 + 5 * d + c);
                c5 = x5.fma(w0, c5);
                c4 = x5.fma(w1, c4);
                c3 = x5.fma(w2, c3);
                x6 = FloatVector.fromArray(S, in, p2 + 6 * d + c);
                c6 = x6.fma(w0, c6);
                c5 = x6.fma(w1, c5);
                c4 = x6.fma(w2, c4);
                x7 = FloatVector.fromArray(S, in, p2 + 7 * d + c);
                c7 = x7.fma(w0, c7);
                c6 = x7.fma(w1, c6);
                c5 = x7.fma(w2, c5);
                x8 = FloatVector.fromArray(S, in, p2 + 8 * d + c);
                c7 = x8.fma(w1, c7);
                c6 = x8.fma(w2, c6);
                x9 = FloatVector.fromArray(S, in, p2 + 9 * d + c);
                c7 = x9.fma(w2, c7);
                c0.intoArray(out, o + c);
                c1.intoArray(out, o + d + c);
                c2.intoArray(out, o + 2 * d + c);
                c3.intoArray(out, o + 3 * d + c);
                c4.intoArray(out, o + 4 * d + c);
                c5.intoArray(out, o + 5 * d + c);
                c6.intoArray(out, o + 6 * d + c);
                c7.intoArray(out, o + 7 * d + c);
            }
            if (tail || end == d) {
                return;
            }
            // The last channels: one vector ending at the last channel, recomputing a few bit for bit.
            tail = true;
            c = d - V;
            end = d;
        }
    }

    /** 8 pixels whose windows hold all 3 rows of a 3x3 filter, stride 2: see {@link #depthwise}. */
    private static void block8k3s2(DepthwiseFilter f, float[] in, int a, int[] tapIn, int[] tapW, float[] out,
            int o) {
        float[] w = f.weights;
        float[] bias = f.bias;
        int d = f.channels;
        int p0 = a + tapIn[0];
        int q0 = f.base + tapW[0];
        int p1 = a + tapIn[3];
        int q1 = f.base + tapW[3];
        int p2 = a + tapIn[6];
        int q2 = f.base + tapW[6];
        int end = d - d % V;
        int c = 0;
        boolean tail = false;
        while (true) {
            for (; c < end; c += V) {
                FloatVector c0 = FloatVector.fromArray(S, bias, c);
                FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
                FloatVector w0 = FloatVector.fromArray(S, w, q0 + c);
                FloatVector w1 = FloatVector.fromArray(S, w, q0 + d + c);
                FloatVector w2 = FloatVector.fromArray(S, w, q0 + 2 * d + c);
                FloatVector x0 = FloatVector.fromArray(S, in, p0 + c);
                c0 = x0.fma(w0, c0);
                FloatVector x1 = FloatVector.fromArray(S, in, p0 + d + c);
                c0 = x1.fma(w1, c0);
                FloatVector x2 = FloatVector.fromArray(S, in, p0 + 2 * d + c);
                c1 = x2.fma(w0, c1);
                c0 = x2.fma(w2, c0);
                FloatVector x3 = FloatVector.fromArray(S, in, p0 + 3 * d + c);
                c1 = x3.fma(w1, c1);
                FloatVector x4 = FloatVector.fromArray(S, in, p0 + 4 * d + c);
                c2 = x4.fma(w0, c2);
                c1 = x4.fma(w2, c1);
                FloatVector x5 = FloatVector.fromArray(S, in, p0 + 5 * d + c);
                c2 = x5.fma(w1, c2);
                FloatVector x6 = FloatVector.fromArray(S, in, p0 + 6 * d + c);
                c3 = x6.fma(w0, c3);
                c2 = x6.fma(w2, c2);
                FloatVector x7 = FloatVector.fromArray(S, in, p0 + 7 * d + c);
                c3 = x7.fma(w1, c3);
                FloatVector x8 = FloatVector.fromArray(S, in, p0 + 8 * d + c);
                c4 = x8.fma(w0, c4);
                c3 = x8.fma(w2, c3);
                FloatVector x9 = FloatVector.fromArray(S, in, p0 + 9 * d + c);
                c4 = x9.fma(w1, c4);
                FloatVector x10 = FloatVector.fromArray(S, in, p0 + 10 * d + c);
                c5 = x10.fma(w0, c5);
                c4 = x10.fma(w2, c4);
                FloatVector x11 = FloatVector.fromArray(S, in, p0 + 11 * d + c);
                c5 = x11.fma(w1, c5);
                FloatVector x12 = FloatVector.fromArray(S, in, p0 + 12 * d + c);
                c6 = x12.fma(w0, c6);
                c5 = x12.fma(w2, c5);
                FloatVector x13 = FloatVector.fromArray(S, in, p0 + 13 * d + c);
                c6 = x13.fma(w1, c6);
                FloatVector x14 = FloatVector.fromArray(S, in, p0 + 14 * d + c);
                c7 = x14.fma(w0, c7);
                c6 = x14.fma(w2, c6);
                FloatVector x15 = FloatVector.fromArray(S, in, p0 + 15 * d + c);
                c7 = x15.fma(w1, c7);
                FloatVector x16 = FloatVector.fromArray(S, in, p0 + 16 * d + c);
                c7 = x16.fma(w2, c7);
                w0 = FloatVector.fromArray(S, w, q1 + c);
                w1 = FloatVector.fromArray(S, w, q1 + d + c);
                w2 = FloatVector.fromArray(S, w, q1 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p1 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p1 + d + c);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p1 + 2 * d + c);
                c1 = x2.fma(w0, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p1 + 3 * d + c);
                c1 = x3.fma(w1, c1);
                x4 = FloatVector.fromArray(S, in, p1 + 4 * d + c);
                c2 = x4.fma(w0, c2);
                c1 = x4.fma(w2, c1);
                x5 = FloatVector.fromArray(S, in, p1 + 5 * d + c);
                c2 = x5.fma(w1, c2);
                x6 = FloatVector.fromArray(S, in, p1 + 6 * d + c);
                c3 = x6.fma(w0, c3);
                c2 = x6.fma(w2, c2);
                x7 = FloatVector.fromArray(S, in, p1 + 7 * d + c);
                c3 = x7.fma(w1, c3);
                x8 = FloatVector.fromArray(S, in, p1 + 8 * d + c);
                c4 = x8.fma(w0, c4);
                c3 = x8.fma(w2, c3);
                x9 = FloatVector.fromArray(S, in, p1 + 9 * d + c);
                c4 = x9.fma(w1, c4);
                x10 = FloatVector.fromArray(S, in, p1 + 10 * d + c);
                c5 = x10.fma(w0, c5);
                c4 = x10.fma(w2, c4);
                x11 = FloatVector.fromArray(S, in, p1 + 11 * d + c);
                c5 = x11.fma(w1, c5);
                x12 = FloatVector.fromArray(S, in, p1 + 12 * d + c);
                c6 = x12.fma(w0, c6);
                c5 = x12.fma(w2, c5);
                x13 = FloatVector.fromArray(S, in, p1 + 13 * d + c);
                c6 = x13.fma(w1, c6);
                x14 = FloatVector.fromArray(S, in, p1 + 14 * d + c);
                c7 = x14.fma(w0, c7);
                c6 = x14.fma(w2, c6);
                x15 = FloatVector.fromArray(S, in, p1 + 15 * d + c);
                c7 = x15.fma(w1, c7);
                x16 = FloatVector.fromArray(S, in, p1 + 16 * d + c);
                c7 = x16.fma(w2, c7);
                w0 = FloatVector.fromArray(S, w, q2 + c);
                w1 = FloatVector.fromArray(S, w, q2 + d + c);
                w2 = FloatVector.fromArray(S, w, q2 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p2 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p2 + d + c);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p2 + 2 * d + c);
                c1 = x2.fma(w0, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p2 + 3 * d + c);
                c1 = x3.fma(w1, c1);
                x4 = FloatVector.fromArray(S, in, p2 + 4 * d + c);
                c2 = x4.fma(w0, c2);
                c1 = x4.fma(w2, c1);
                x5 = FloatVector.fromArray(S, in, p2 + 5 * d + c);
                c2 = x5.fma(w1, c2);
                x6 = FloatVector.fromArray(S, in, p2 + 6 * d + c);
                c3 = x6.fma(w0, c3);
                c2 = x6.fma(w2, c2);
                x7 = FloatVector.fromArray(S, in, p2 + 7 * d + c);
                c3 = x7.fma(w1, c3);
                x8 = FloatVector.fromArray(S, in, p2 + 8 * d + c);
                c4 = x8.fma(w0, c4);
                c3 = x8.fma(w2, c3);
                x9 = FloatVector.fromArray(S, in, p2 + 9 * d + c);
                c4 = x9.fma(w1, c4);
                x10 = FloatVector.fromArray(S, in, p2 + 10 * d + c);
                c5 = x10.fma(w0, c5);
                c4 = x10.fma(w2, c4);
                x11 = FloatVector.fromArray(S, in, p2 + 11 * d + c);
                c5 = x11.fma(w1, c5);
                x12 = FloatVector.fromArray(S, in, p2 + 12 * d + c);
                c6 = x12.fma(w0, c6);
                c5 = x12.fma(w2, c5);
                x13 = FloatVector.fromArray(S, in, p2 + 13 * d + c);
                c6 = x13.fma(w1, c6);
                x14 = FloatVector.fromArray(S, in, p2 + 14 * d + c);
                c7 = x14.fma(w0, c7);
                c6 = x14.fma(w2, c6);
                x15 = FloatVector.fromArray(S, in, p2 + 15 * d + c);
                c7 = x15.fma(w1, c7);
                x16 = FloatVector.fromArray(S, in, p2 + 16 * d + c);
                c7 = x16.fma(w2, c7);
                c0.intoArray(out, o + c);
                c1.intoArray(out, o + d + c);
                c2.intoArray(out, o + 2 * d + c);
                c3.intoArray(out, o + 3 * d + c);
                c4.intoArray(out, o + 4 * d + c);
                c5.intoArray(out, o + 5 * d + c);
                c6.intoArray(out, o + 6 * d + c);
                c7.intoArray(out, o + 7 * d + c);
            }
            if (tail || end == d) {
                return;
            }
            // The last channels: one vector ending at the last channel, recomputing a few bit for bit.
            tail = true;
            c = d - V;
            end = d;
        }
    }

    /** 4 pixels whose windows hold all 3 rows of a 3x3 filter, stride 1: see {@link #depthwise}. */
    private static void block4k3s1(DepthwiseFilter f, float[] in, int a, int[] tapIn, int[] tapW, float[] out,
            int o) {
        float[] w = f.weights;
        float[] bias = f.bias;
        int d = f.channels;
        int p0 = a + tapIn[0];
        int q0 = f.base + tapW[0];
        int p1 = a + tapIn[3];
        int q1 = f.base + tapW[3];
        int p2 = a + tapIn[6];
        int q2 = f.base + tapW[6];
        int end = d - d % V;
        int c = 0;
        boolean tail = false;
        while (true) {
            for (; c < end; c += V) {
                FloatVector c0 = FloatVector.fromArray(S, bias, c);
                FloatVector c1 = c0, c2 = c0, c3 = c0;
                FloatVector w0 = FloatVector.fromArray(S, w, q0 + c);
                FloatVector w1 = FloatVector.fromArray(S, w, q0 + d + c);
                FloatVector w2 = FloatVector.fromArray(S, w, q0 + 2 * d + c);
                FloatVector x0 = FloatVector.fromArray(S, in, p0 + c);
                c0 = x0.fma(w0, c0);
                FloatVector x1 = FloatVector.fromArray(S, in, p0 + d + c);
                c1 = x1.fma(w0, c1);
                c0 = x1.fma(w1, c0);
                FloatVector x2 = FloatVector.fromArray(S, in, p0 + 2 * d + c);
                c2 = x2.fma(w0, c2);
                c1 = x2.fma(w1, c1);
                c0 = x2.fma(w2, c0);
                FloatVector x3 = FloatVector.fromArray(S, in, p0 + 3 * d + c);
                c3 = x3.fma(w0, c3);
                c2 = x3.fma(w1, c2);
                c1 = x3.fma(w2, c1);
                FloatVector x4 = FloatVector.fromArray(S, in, p0 + 4 * d + c);
                c3 = x4.fma(w1, c3);
                c2 = x4.fma(w2, c2);
                FloatVector x5 = FloatVector.fromArray(S, in, p0 + 5 * d + c);
                c3 = x5.fma(w2, c3);
                w0 = FloatVector.fromArray(S, w, q1 + c);
                w1 = FloatVector.fromArray(S, w, q1 + d + c);
                w2 = FloatVector.fromArray(S, w, q1 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p1 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p1 + d + c);
                c1 = x1.fma(w0, c1);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p1 + 2 * d + c);
                c2 = x2.fma(w0, c2);
                c1 = x2.fma(w1, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p1 + 3 * d + c);
                c3 = x3.fma(w0, c3);
                c2 = x3.fma(w1, c2);
                c1 = x3.fma(w2, c1);
                x4 = FloatVector.fromArray(S, in, p1 + 4 * d + c);
                c3 = x4.fma(w1, c3);
                c2 = x4.fma(w2, c2);
                x5 = FloatVector.fromArray(S, in, p1 + 5 * d + c);
                c3 = x5.fma(w2, c3);
                w0 = FloatVector.fromArray(S, w, q2 + c);
                w1 = FloatVector.fromArray(S, w, q2 + d + c);
                w2 = FloatVector.fromArray(S, w, q2 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p2 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p2 + d + c);
                c1 = x1.fma(w0, c1);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p2 + 2 * d + c);
                c2 = x2.fma(w0, c2);
                c1 = x2.fma(w1, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p2 + 3 * d + c);
                c3 = x3.fma(w0, c3);
                c2 = x3.fma(w1, c2);
                c1 = x3.fma(w2, c1);
                x4 = FloatVector.fromArray(S, in, p2 + 4 * d + c);
                c3 = x4.fma(w1, c3);
                c2 = x4.fma(w2, c2);
                x5 = FloatVector.fromArray(S, in, p2 + 5 * d + c);
                c3 = x5.fma(w2, c3);
                c0.intoArray(out, o + c);
                c1.intoArray(out, o + d + c);
                c2.intoArray(out, o + 2 * d + c);
                c3.intoArray(out, o + 3 * d + c);
            }
            if (tail || end == d) {
                return;
            }
            // The last channels: one vector ending at the last channel, recomputing a few bit for bit.
            tail = true;
            c = d - V;
            end = d;
        }
    }

    /** 4 pixels whose windows hold all 3 rows of a 3x3 filter, stride 2: see {@link #depthwise}. */
    private static void block4k3s2(DepthwiseFilter f, float[] in, int a, int[] tapIn, int[] tapW, float[] out,
            int o) {
        float[] w = f.weights;
        float[] bias = f.bias;
        int d = f.channels;
        int p0 = a + tapIn[0];
        int q0 = f.base + tapW[0];
        int p1 = a + tapIn[3];
        int q1 = f.base + tapW[3];
        int p2 = a + tapIn[6];
        int q2 = f.base + tapW[6];
        int end = d - d % V;
        int c = 0;
        boolean tail = false;
        while (true) {
            for (; c < end; c += V) {
                FloatVector c0 = FloatVector.fromArray(S, bias, c);
                FloatVector c1 = c0, c2 = c0, c3 = c0;
                FloatVector w0 = FloatVector.fromArray(S, w, q0 + c);
                FloatVector w1 = FloatVector.fromArray(S, w, q0 + d + c);
                FloatVector w2 = FloatVector.fromArray(S, w, q0 + 2 * d + c);
                FloatVector x0 = FloatVector.fromArray(S, in, p0 + c);
                c0 = x0.fma(w0, c0);
                FloatVector x1 = FloatVector.fromArray(S, in, p0 + d + c);
                c0 = x1.fma(w1, c0);
                FloatVector x2 = FloatVector.fromArray(S, in, p0 + 2 * d + c);
                c1 = x2.fma(w0, c1);
                c0 = x2.fma(w2, c0);
                FloatVector x3 = FloatVector.fromArray(S, in, p0 + 3 * d + c);
                c1 = x3.fma(w1, c1);
                FloatVector x4 = FloatVector.fromArray(S, in, p0 + 4 * d + c);
                c2 = x4.fma(w0, c2);
                c1 = x4.fma(w2, c1);
                FloatVector x5 = FloatVector.fromArray(S, in, p0 + 5 * d + c);
                c2 = x5.fma(w1, c2);
                FloatVector x6 = FloatVector.fromArray(S, in, p0 + 6 * d + c);
                c3 = x6.fma(w0, c3);
                c2 = x6.fma(w2, c2);
                FloatVector x7 = FloatVector.fromArray(S, in, p0 + 7 * d + c);
                c3 = x7.fma(w1, c3);
                FloatVector x8 = FloatVector.fromArray(S, in, p0 + 8 * d + c);
                c3 = x8.fma(w2, c3);
                w0 = FloatVector.fromArray(S, w, q1 + c);
                w1 = FloatVector.fromArray(S, w, q1 + d + c);
                w2 = FloatVector.fromArray(S, w, q1 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p1 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p1 + d + c);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p1 + 2 * d + c);
                c1 = x2.fma(w0, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p1 + 3 * d + c);
                c1 = x3.fma(w1, c1);
                x4 = FloatVector.fromArray(S, in, p1 + 4 * d + c);
                c2 = x4.fma(w0, c2);
                c1 = x4.fma(w2, c1);
                x5 = FloatVector.fromArray(S, in, p1 + 5 * d + c);
                c2 = x5.fma(w1, c2);
                x6 = FloatVector.fromArray(S, in, p1 + 6 * d + c);
                c3 = x6.fma(w0, c3);
                c2 = x6.fma(w2, c2);
                x7 = FloatVector.fromArray(S, in, p1 + 7 * d + c);
                c3 = x7.fma(w1, c3);
                x8 = FloatVector.fromArray(S, in, p1 + 8 * d + c);
                c3 = x8.fma(w2, c3);
                w0 = FloatVector.fromArray(S, w, q2 + c);
                w1 = FloatVector.fromArray(S, w, q2 + d + c);
                w2 = FloatVector.fromArray(S, w, q2 + 2 * d + c);
                x0 = FloatVector.fromArray(S, in, p2 + c);
                c0 = x0.fma(w0, c0);
                x1 = FloatVector.fromArray(S, in, p2 + d + c);
                c0 = x1.fma(w1, c0);
                x2 = FloatVector.fromArray(S, in, p2 + 2 * d + c);
                c1 = x2.fma(w0, c1);
                c0 = x2.fma(w2, c0);
                x3 = FloatVector.fromArray(S, in, p2 + 3 * d + c);
                c1 = x3.fma(w1, c1);
                x4 = FloatVector.fromArray(S, in, p2 + 4 * d + c);
                c2 = x4.fma(w0, c2);
                c1 = x4.fma(w2, c1);
                x5 = FloatVector.fromArray(S, in, p2 + 5 * d + c);
                c2 = x5.fma(w1, c2);
                x6 = FloatVector.fromArray(S, in, p2 + 6 * d + c);
                c3 = x6.fma(w0, c3);
                c2 = x6.fma(w2, c2);
                x7 = FloatVector.fromArray(S, in, p2 + 7 * d + c);
                c3 = x7.fma(w1, c3);
                x8 = FloatVector.fromArray(S, in, p2 + 8 * d + c);
                c3 = x8.fma(w2, c3);
                c0.intoArray(out, o + c);
                c1.intoArray(out, o + d + c);
                c2.intoArray(out, o + 2 * d + c);
                c3.intoArray(out, o + 3 * d + c);
            }
            if (tail || end == d) {
                return;
            }
            // The last channels: one vector ending at the last channel, recomputing a few bit for bit.
            tail = true;
            c = d - V;
            end = d;
        }
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
