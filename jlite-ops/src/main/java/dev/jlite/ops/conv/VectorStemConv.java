package dev.jlite.ops.conv;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The first convolution of image models (a 3x3 or 5x5 filter at stride 2 over 3 input channels) in the contract of
 * {@link ConvEngine#convolve}: with the filter's rows merged into taps ({@link PackedFilter#filterRows}) a call has
 * depth 9 or 15 and input stride 6. Output pixel {@code j} then reads, in each tap, the input columns {@code 2j} to
 * {@code 2j+2} (or {@code 2j+4}), 3 floats each, so neighbouring pixels share columns: a tile of 8 pixels reads 17
 * columns instead of 24 (19 instead of 40), each broadcast serving up to two (three) pixels. The loop runs over taps
 * and input channels, with one weight vector per column offset in registers, and a tile's reads of the input sit at
 * constant distances from one index. Measured on the interior of a 256x256x3 to 16-channel layer (JDK 17, AVX-512
 * machine, 256-bit vectors): 41 against 27 GMAC/s for the generic tiles; 12-pixel tiles (31 registers) ran at 35.
 * The sums run in another order than the generic tiles' (channel outer, column inner), equal up to rounding. Bias
 * plus sums are stored, the fused activation is left to the caller's clamp pass. Only loaded with
 * {@link VectorConvEngine}.
 */
final class VectorStemConv {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int V = S.length();
    /** Two vectors of channels (16 accumulators, 6 or 10 weight vectors) only where C2 has 32 vector registers. */
    private static final boolean PAIRS = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    private VectorStemConv() {}

    /** Whether {@link #convolve} takes a call with this filter, input stride and channel range. */
    static boolean applies(PackedFilter f, int inStride, int oFrom, int oEnd, int pixels) {
        return !f.rowMajor && (f.depth == 9 || f.depth == 15) && inStride == 6 && oEnd - oFrom >= V && pixels >= 8;
    }

    /**
     * Computes a {@link ConvEngine#convolve} call that {@link #applies}, channels {@code [oFrom, oEnd)}, without the
     * fused activation (bias plus sums: the caller clamps). Where the channels are not a whole number of vectors, the
     * last vector ends at {@code oEnd}, overlapping its predecessor; the last group of 8 pixels likewise ends at the
     * last pixel (the shared channels and pixels are computed twice, bit for bit the same).
     */
    static void convolve(PackedFilter f, int oFrom, int oEnd, float[] in, int inBase, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int outStride, int pixels) {
        int vectors = (oEnd - oFrom + V - 1) / V;
        int lastOb = oEnd - V;
        boolean five = f.depth == 15;
        for (int g = 0; g < pixels; g += 8) {
            int j = Math.min(g, pixels - 8);
            int a = inBase + j * 6;
            int o = outBase + j * outStride;
            int v = 0;
            if (PAIRS) {
                for (; v + 2 <= vectors; v += 2) {
                    int ob1 = Math.min(oFrom + (v + 1) * V, lastOb);
                    if (five) {
                        tile8x2k5(f, oFrom + v * V, ob1, in, a, tapIn, tapW, taps, out, o, outStride);
                    } else {
                        tile8x2k3(f, oFrom + v * V, ob1, in, a, tapIn, tapW, taps, out, o, outStride);
                    }
                }
            }
            for (; v < vectors; v++) {
                int ob = Math.min(oFrom + v * V, lastOb);
                if (five) {
                    tile8x1k5(f, ob, in, a, tapIn, tapW, taps, out, o, outStride);
                } else {
                    tile8x1k3(f, ob, in, a, tapIn, tapW, taps, out, o, outStride);
                }
            }
        }
    }

    // Like VectorConvEngine's tiles: no vector arguments, no helpers taking vectors, one flattened loop.

    private static void tile8x2k3(PackedFilter f, int ob0, int ob1, float[] in, int a, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int ws = f.stride;
        int ws3 = 3 * ws;
        int ws6 = 6 * ws;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob0);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob1);
        FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
        FloatVector c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1, c70 = b0, c71 = b1;
        int total = taps * 3;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            int q = p + c;
            int wq = wr + c * ws;
            FloatVector u0 = FloatVector.fromArray(S, w, wq + ob0);
            FloatVector u1 = FloatVector.fromArray(S, w, wq + ob1);
            FloatVector m0 = FloatVector.fromArray(S, w, wq + ws3 + ob0);
            FloatVector m1 = FloatVector.fromArray(S, w, wq + ws3 + ob1);
            FloatVector e0 = FloatVector.fromArray(S, w, wq + ws6 + ob0);
            FloatVector e1 = FloatVector.fromArray(S, w, wq + ws6 + ob1);
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = u0.fma(x, c00);
            c01 = u1.fma(x, c01);
            x = FloatVector.broadcast(S, in[q + 3]);
            c00 = m0.fma(x, c00);
            c01 = m1.fma(x, c01);
            x = FloatVector.broadcast(S, in[q + 6]);
            c00 = e0.fma(x, c00);
            c01 = e1.fma(x, c01);
            c10 = u0.fma(x, c10);
            c11 = u1.fma(x, c11);
            x = FloatVector.broadcast(S, in[q + 9]);
            c10 = m0.fma(x, c10);
            c11 = m1.fma(x, c11);
            x = FloatVector.broadcast(S, in[q + 12]);
            c10 = e0.fma(x, c10);
            c11 = e1.fma(x, c11);
            c20 = u0.fma(x, c20);
            c21 = u1.fma(x, c21);
            x = FloatVector.broadcast(S, in[q + 15]);
            c20 = m0.fma(x, c20);
            c21 = m1.fma(x, c21);
            x = FloatVector.broadcast(S, in[q + 18]);
            c20 = e0.fma(x, c20);
            c21 = e1.fma(x, c21);
            c30 = u0.fma(x, c30);
            c31 = u1.fma(x, c31);
            x = FloatVector.broadcast(S, in[q + 21]);
            c30 = m0.fma(x, c30);
            c31 = m1.fma(x, c31);
            x = FloatVector.broadcast(S, in[q + 24]);
            c30 = e0.fma(x, c30);
            c31 = e1.fma(x, c31);
            c40 = u0.fma(x, c40);
            c41 = u1.fma(x, c41);
            x = FloatVector.broadcast(S, in[q + 27]);
            c40 = m0.fma(x, c40);
            c41 = m1.fma(x, c41);
            x = FloatVector.broadcast(S, in[q + 30]);
            c40 = e0.fma(x, c40);
            c41 = e1.fma(x, c41);
            c50 = u0.fma(x, c50);
            c51 = u1.fma(x, c51);
            x = FloatVector.broadcast(S, in[q + 33]);
            c50 = m0.fma(x, c50);
            c51 = m1.fma(x, c51);
            x = FloatVector.broadcast(S, in[q + 36]);
            c50 = e0.fma(x, c50);
            c51 = e1.fma(x, c51);
            c60 = u0.fma(x, c60);
            c61 = u1.fma(x, c61);
            x = FloatVector.broadcast(S, in[q + 39]);
            c60 = m0.fma(x, c60);
            c61 = m1.fma(x, c61);
            x = FloatVector.broadcast(S, in[q + 42]);
            c60 = e0.fma(x, c60);
            c61 = e1.fma(x, c61);
            c70 = u0.fma(x, c70);
            c71 = u1.fma(x, c71);
            x = FloatVector.broadcast(S, in[q + 45]);
            c70 = m0.fma(x, c70);
            c71 = m1.fma(x, c71);
            x = FloatVector.broadcast(S, in[q + 48]);
            c70 = e0.fma(x, c70);
            c71 = e1.fma(x, c71);
            if (++c == 3) {
                c = 0;
                if (++t < taps) {
                    p = a + tapIn[t];
                    wr = f.base + tapW[t];
                }
            }
        }
        int o = o0;
        c00.intoArray(out, o + ob0);
        c01.intoArray(out, o + ob1);
        o += outStride;
        c10.intoArray(out, o + ob0);
        c11.intoArray(out, o + ob1);
        o += outStride;
        c20.intoArray(out, o + ob0);
        c21.intoArray(out, o + ob1);
        o += outStride;
        c30.intoArray(out, o + ob0);
        c31.intoArray(out, o + ob1);
        o += outStride;
        c40.intoArray(out, o + ob0);
        c41.intoArray(out, o + ob1);
        o += outStride;
        c50.intoArray(out, o + ob0);
        c51.intoArray(out, o + ob1);
        o += outStride;
        c60.intoArray(out, o + ob0);
        c61.intoArray(out, o + ob1);
        o += outStride;
        c70.intoArray(out, o + ob0);
        c71.intoArray(out, o + ob1);
    }

    private static void tile8x1k3(PackedFilter f, int ob0, float[] in, int a, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int ws = f.stride;
        int ws3 = 3 * ws;
        int ws6 = 6 * ws;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob0);
        FloatVector c00 = b0, c10 = b0, c20 = b0, c30 = b0, c40 = b0, c50 = b0, c60 = b0, c70 = b0;
        int total = taps * 3;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            int q = p + c;
            int wq = wr + c * ws;
            FloatVector u0 = FloatVector.fromArray(S, w, wq + ob0);
            FloatVector m0 = FloatVector.fromArray(S, w, wq + ws3 + ob0);
            FloatVector e0 = FloatVector.fromArray(S, w, wq + ws6 + ob0);
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = u0.fma(x, c00);
            x = FloatVector.broadcast(S, in[q + 3]);
            c00 = m0.fma(x, c00);
            x = FloatVector.broadcast(S, in[q + 6]);
            c00 = e0.fma(x, c00);
            c10 = u0.fma(x, c10);
            x = FloatVector.broadcast(S, in[q + 9]);
            c10 = m0.fma(x, c10);
            x = FloatVector.broadcast(S, in[q + 12]);
            c10 = e0.fma(x, c10);
            c20 = u0.fma(x, c20);
            x = FloatVector.broadcast(S, in[q + 15]);
            c20 = m0.fma(x, c20);
            x = FloatVector.broadcast(S, in[q + 18]);
            c20 = e0.fma(x, c20);
            c30 = u0.fma(x, c30);
            x = FloatVector.broadcast(S, in[q + 21]);
            c30 = m0.fma(x, c30);
            x = FloatVector.broadcast(S, in[q + 24]);
            c30 = e0.fma(x, c30);
            c40 = u0.fma(x, c40);
            x = FloatVector.broadcast(S, in[q + 27]);
            c40 = m0.fma(x, c40);
            x = FloatVector.broadcast(S, in[q + 30]);
            c40 = e0.fma(x, c40);
            c50 = u0.fma(x, c50);
            x = FloatVector.broadcast(S, in[q + 33]);
            c50 = m0.fma(x, c50);
            x = FloatVector.broadcast(S, in[q + 36]);
            c50 = e0.fma(x, c50);
            c60 = u0.fma(x, c60);
            x = FloatVector.broadcast(S, in[q + 39]);
            c60 = m0.fma(x, c60);
            x = FloatVector.broadcast(S, in[q + 42]);
            c60 = e0.fma(x, c60);
            c70 = u0.fma(x, c70);
            x = FloatVector.broadcast(S, in[q + 45]);
            c70 = m0.fma(x, c70);
            x = FloatVector.broadcast(S, in[q + 48]);
            c70 = e0.fma(x, c70);
            if (++c == 3) {
                c = 0;
                if (++t < taps) {
                    p = a + tapIn[t];
                    wr = f.base + tapW[t];
                }
            }
        }
        int o = o0;
        c00.intoArray(out, o + ob0);
        o += outStride;
        c10.intoArray(out, o + ob0);
        o += outStride;
        c20.intoArray(out, o + ob0);
        o += outStride;
        c30.intoArray(out, o + ob0);
        o += outStride;
        c40.intoArray(out, o + ob0);
        o += outStride;
        c50.intoArray(out, o + ob0);
        o += outStride;
        c60.intoArray(out, o + ob0);
        o += outStride;
        c70.intoArray(out, o + ob0);
    }

    private static void tile8x2k5(PackedFilter f, int ob0, int ob1, float[] in, int a, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int ws = f.stride;
        int ws3 = 3 * ws;
        int ws6 = 6 * ws;
        int ws9 = 9 * ws;
        int ws12 = 12 * ws;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob0);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob1);
        FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
        FloatVector c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1, c70 = b0, c71 = b1;
        int total = taps * 3;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            int q = p + c;
            int wq = wr + c * ws;
            FloatVector u0 = FloatVector.fromArray(S, w, wq + ob0);
            FloatVector u1 = FloatVector.fromArray(S, w, wq + ob1);
            FloatVector m0 = FloatVector.fromArray(S, w, wq + ws3 + ob0);
            FloatVector m1 = FloatVector.fromArray(S, w, wq + ws3 + ob1);
            FloatVector e0 = FloatVector.fromArray(S, w, wq + ws6 + ob0);
            FloatVector e1 = FloatVector.fromArray(S, w, wq + ws6 + ob1);
            FloatVector g0 = FloatVector.fromArray(S, w, wq + ws9 + ob0);
            FloatVector g1 = FloatVector.fromArray(S, w, wq + ws9 + ob1);
            FloatVector h0 = FloatVector.fromArray(S, w, wq + ws12 + ob0);
            FloatVector h1 = FloatVector.fromArray(S, w, wq + ws12 + ob1);
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = u0.fma(x, c00);
            c01 = u1.fma(x, c01);
            x = FloatVector.broadcast(S, in[q + 3]);
            c00 = m0.fma(x, c00);
            c01 = m1.fma(x, c01);
            x = FloatVector.broadcast(S, in[q + 6]);
            c00 = e0.fma(x, c00);
            c01 = e1.fma(x, c01);
            c10 = u0.fma(x, c10);
            c11 = u1.fma(x, c11);
            x = FloatVector.broadcast(S, in[q + 9]);
            c00 = g0.fma(x, c00);
            c01 = g1.fma(x, c01);
            c10 = m0.fma(x, c10);
            c11 = m1.fma(x, c11);
            x = FloatVector.broadcast(S, in[q + 12]);
            c00 = h0.fma(x, c00);
            c01 = h1.fma(x, c01);
            c10 = e0.fma(x, c10);
            c11 = e1.fma(x, c11);
            c20 = u0.fma(x, c20);
            c21 = u1.fma(x, c21);
            x = FloatVector.broadcast(S, in[q + 15]);
            c10 = g0.fma(x, c10);
            c11 = g1.fma(x, c11);
            c20 = m0.fma(x, c20);
            c21 = m1.fma(x, c21);
            x = FloatVector.broadcast(S, in[q + 18]);
            c10 = h0.fma(x, c10);
            c11 = h1.fma(x, c11);
            c20 = e0.fma(x, c20);
            c21 = e1.fma(x, c21);
            c30 = u0.fma(x, c30);
            c31 = u1.fma(x, c31);
            x = FloatVector.broadcast(S, in[q + 21]);
            c20 = g0.fma(x, c20);
            c21 = g1.fma(x, c21);
            c30 = m0.fma(x, c30);
            c31 = m1.fma(x, c31);
            x = FloatVector.broadcast(S, in[q + 24]);
            c20 = h0.fma(x, c20);
            c21 = h1.fma(x, c21);
            c30 = e0.fma(x, c30);
            c31 = e1.fma(x, c31);
            c40 = u0.fma(x, c40);
            c41 = u1.fma(x, c41);
            x = FloatVector.broadcast(S, in[q + 27]);
            c30 = g0.fma(x, c30);
            c31 = g1.fma(x, c31);
            c40 = m0.fma(x, c40);
            c41 = m1.fma(x, c41);
            x = FloatVector.broadcast(S, in[q + 30]);
            c30 = h0.fma(x, c30);
            c31 = h1.fma(x, c31);
            c40 = e0.fma(x, c40);
            c41 = e1.fma(x, c41);
            c50 = u0.fma(x, c50);
            c51 = u1.fma(x, c51);
            x = FloatVector.broadcast(S, in[q + 33]);
            c40 = g0.fma(x, c40);
            c41 = g1.fma(x, c41);
            c50 = m0.fma(x, c50);
            c51 = m1.fma(x, c51);
            x = FloatVector.broadcast(S, in[q + 36]);
            c40 = h0.fma(x, c40);
            c41 = h1.fma(x, c41);
            c50 = e0.fma(x, c50);
            c51 = e1.fma(x, c51);
            c60 = u0.fma(x, c60);
            c61 = u1.fma(x, c61);
            x = FloatVector.broadcast(S, in[q + 39]);
            c50 = g0.fma(x, c50);
            c51 = g1.fma(x, c51);
            c60 = m0.fma(x, c60);
            c61 = m1.fma(x, c61);
            x = FloatVector.broadcast(S, in[q + 42]);
            c50 = h0.fma(x, c50);
            c51 = h1.fma(x, c51);
            c60 = e0.fma(x, c60);
            c61 = e1.fma(x, c61);
            c70 = u0.fma(x, c70);
            c71 = u1.fma(x, c71);
            x = FloatVector.broadcast(S, in[q + 45]);
            c60 = g0.fma(x, c60);
            c61 = g1.fma(x, c61);
            c70 = m0.fma(x, c70);
            c71 = m1.fma(x, c71);
            x = FloatVector.broadcast(S, in[q + 48]);
            c60 = h0.fma(x, c60);
            c61 = h1.fma(x, c61);
            c70 = e0.fma(x, c70);
            c71 = e1.fma(x, c71);
            x = FloatVector.broadcast(S, in[q + 51]);
            c70 = g0.fma(x, c70);
            c71 = g1.fma(x, c71);
            x = FloatVector.broadcast(S, in[q + 54]);
            c70 = h0.fma(x, c70);
            c71 = h1.fma(x, c71);
            if (++c == 3) {
                c = 0;
                if (++t < taps) {
                    p = a + tapIn[t];
                    wr = f.base + tapW[t];
                }
            }
        }
        int o = o0;
        c00.intoArray(out, o + ob0);
        c01.intoArray(out, o + ob1);
        o += outStride;
        c10.intoArray(out, o + ob0);
        c11.intoArray(out, o + ob1);
        o += outStride;
        c20.intoArray(out, o + ob0);
        c21.intoArray(out, o + ob1);
        o += outStride;
        c30.intoArray(out, o + ob0);
        c31.intoArray(out, o + ob1);
        o += outStride;
        c40.intoArray(out, o + ob0);
        c41.intoArray(out, o + ob1);
        o += outStride;
        c50.intoArray(out, o + ob0);
        c51.intoArray(out, o + ob1);
        o += outStride;
        c60.intoArray(out, o + ob0);
        c61.intoArray(out, o + ob1);
        o += outStride;
        c70.intoArray(out, o + ob0);
        c71.intoArray(out, o + ob1);
    }

    private static void tile8x1k5(PackedFilter f, int ob0, float[] in, int a, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int ws = f.stride;
        int ws3 = 3 * ws;
        int ws6 = 6 * ws;
        int ws9 = 9 * ws;
        int ws12 = 12 * ws;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob0);
        FloatVector c00 = b0, c10 = b0, c20 = b0, c30 = b0, c40 = b0, c50 = b0, c60 = b0, c70 = b0;
        int total = taps * 3;
        int t = 0;
        int c = 0;
        int p = taps > 0 ? a + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            int q = p + c;
            int wq = wr + c * ws;
            FloatVector u0 = FloatVector.fromArray(S, w, wq + ob0);
            FloatVector m0 = FloatVector.fromArray(S, w, wq + ws3 + ob0);
            FloatVector e0 = FloatVector.fromArray(S, w, wq + ws6 + ob0);
            FloatVector g0 = FloatVector.fromArray(S, w, wq + ws9 + ob0);
            FloatVector h0 = FloatVector.fromArray(S, w, wq + ws12 + ob0);
            FloatVector x = FloatVector.broadcast(S, in[q]);
            c00 = u0.fma(x, c00);
            x = FloatVector.broadcast(S, in[q + 3]);
            c00 = m0.fma(x, c00);
            x = FloatVector.broadcast(S, in[q + 6]);
            c00 = e0.fma(x, c00);
            c10 = u0.fma(x, c10);
            x = FloatVector.broadcast(S, in[q + 9]);
            c00 = g0.fma(x, c00);
            c10 = m0.fma(x, c10);
            x = FloatVector.broadcast(S, in[q + 12]);
            c00 = h0.fma(x, c00);
            c10 = e0.fma(x, c10);
            c20 = u0.fma(x, c20);
            x = FloatVector.broadcast(S, in[q + 15]);
            c10 = g0.fma(x, c10);
            c20 = m0.fma(x, c20);
            x = FloatVector.broadcast(S, in[q + 18]);
            c10 = h0.fma(x, c10);
            c20 = e0.fma(x, c20);
            c30 = u0.fma(x, c30);
            x = FloatVector.broadcast(S, in[q + 21]);
            c20 = g0.fma(x, c20);
            c30 = m0.fma(x, c30);
            x = FloatVector.broadcast(S, in[q + 24]);
            c20 = h0.fma(x, c20);
            c30 = e0.fma(x, c30);
            c40 = u0.fma(x, c40);
            x = FloatVector.broadcast(S, in[q + 27]);
            c30 = g0.fma(x, c30);
            c40 = m0.fma(x, c40);
            x = FloatVector.broadcast(S, in[q + 30]);
            c30 = h0.fma(x, c30);
            c40 = e0.fma(x, c40);
            c50 = u0.fma(x, c50);
            x = FloatVector.broadcast(S, in[q + 33]);
            c40 = g0.fma(x, c40);
            c50 = m0.fma(x, c50);
            x = FloatVector.broadcast(S, in[q + 36]);
            c40 = h0.fma(x, c40);
            c50 = e0.fma(x, c50);
            c60 = u0.fma(x, c60);
            x = FloatVector.broadcast(S, in[q + 39]);
            c50 = g0.fma(x, c50);
            c60 = m0.fma(x, c60);
            x = FloatVector.broadcast(S, in[q + 42]);
            c50 = h0.fma(x, c50);
            c60 = e0.fma(x, c60);
            c70 = u0.fma(x, c70);
            x = FloatVector.broadcast(S, in[q + 45]);
            c60 = g0.fma(x, c60);
            c70 = m0.fma(x, c70);
            x = FloatVector.broadcast(S, in[q + 48]);
            c60 = h0.fma(x, c60);
            c70 = e0.fma(x, c70);
            x = FloatVector.broadcast(S, in[q + 51]);
            c70 = g0.fma(x, c70);
            x = FloatVector.broadcast(S, in[q + 54]);
            c70 = h0.fma(x, c70);
            if (++c == 3) {
                c = 0;
                if (++t < taps) {
                    p = a + tapIn[t];
                    wr = f.base + tapW[t];
                }
            }
        }
        int o = o0;
        c00.intoArray(out, o + ob0);
        o += outStride;
        c10.intoArray(out, o + ob0);
        o += outStride;
        c20.intoArray(out, o + ob0);
        o += outStride;
        c30.intoArray(out, o + ob0);
        o += outStride;
        c40.intoArray(out, o + ob0);
        o += outStride;
        c50.intoArray(out, o + ob0);
        o += outStride;
        c60.intoArray(out, o + ob0);
        o += outStride;
        c70.intoArray(out, o + ob0);
    }
}
