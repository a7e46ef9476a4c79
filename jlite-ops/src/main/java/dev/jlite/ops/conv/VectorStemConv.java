package dev.jlite.ops.conv;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tiles for the interior rows of RGB stems: convolutions 3 or 5 wide at stride 2 over 3 input channels, whose
 * filter rows {@link VectorConvEngine} gets as single taps of 9 or 15 inputs ({@link PackedFilter#filterRows}), 6
 * apart from one pixel to the next. Neighbouring windows then share inputs: pixel {@code j}'s column position
 * {@code kx} (3 inputs) is column {@code 2j + kx} of the row, which the pixels beside it read at positions
 * {@code kx - 2} and {@code kx + 2}. The general tiles broadcast each input once per pixel and position (one
 * broadcast per FMA with one vector of channels, per two FMAs with two); these broadcast each of a filter row's
 * columns once, for all the FMAs it feeds, with the weight vectors of every position in registers. They sum in
 * another order than the general tiles (by input channel, then position), but in the same order in every pixel, so
 * a tile that overlaps its predecessor recomputes its pixels bit for bit.
 *
 * <p>Like the engine's other tiles, each is one flattened loop over filter rows and input channels (JDK 17's C2
 * boxes vectors that live across an inner loop) and takes and passes no vectors. Only with 32 vector registers: 16
 * accumulators and up to 10 weight vectors.
 */
final class VectorStemConv {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int V = S.length();
    private static final boolean ENABLED = S.vectorBitSize() >= 512;

    private VectorStemConv() {}

    /**
     * Convolves as {@link ConvEngine#convolve} does, if the call is a stem's interior row that these tiles take: 9 or
     * 15 inputs per tap, 6 apart, all output channels, one vector of them (3 wide) or two (3 or 5 wide), at least a
     * tile of pixels. Otherwise returns false, having done nothing.
     */
    static boolean convolve(PackedFilter f, int oFrom, int oEnd, float[] in, int inBase, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        if (!ENABLED || inStride != 6 || oFrom != 0 || oEnd != f.stride || f.channels != f.stride || f.rowMajor
                || f.vectorMajor) {
            return false;
        }
        boolean one = f.stride == V && f.depth == 9;
        boolean two = f.stride == 2 * V && (f.depth == 9 || f.depth == 15);
        int tile = one ? 16 : 8;
        if (!one && !two || pixels < tile) {
            return false;
        }
        // The last tile ends at the last pixel, overlapping its predecessor.
        for (int g = 0; g < pixels; g += tile) {
            int b = Math.min(g, pixels - tile);
            int a = inBase + b * inStride;
            int o = outBase + b * outStride;
            if (one) {
                tile16x1Cols3(f, in, a, tapIn, tapW, taps, out, o, outStride);
            } else if (f.depth == 9) {
                tile8x2Cols3(f, in, a, tapIn, tapW, taps, out, o, outStride);
            } else {
                tile8x2Cols5(f, in, a, tapIn, tapW, taps, out, o, outStride);
            }
            if (f.clamp) {
                VectorConvEngine.clamp(f, out, o, outStride, tile, 0, oEnd);
            }
        }
        return true;
    }

    /** 16 pixels of one vector of channels, 3 wide: 33 broadcasts and 3 weight loads for 144 FMAs. */
    private static void tile16x1Cols3(PackedFilter f, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0, int outStride) {
        float[] w = f.weights;
        FloatVector s0 = FloatVector.fromArray(S, f.bias, 0);
        FloatVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0;
        FloatVector s9 = s0, s10 = s0, s11 = s0, s12 = s0, s13 = s0, s14 = s0, s15 = s0;
        int total = 3 * taps;
        int t = 0;
        int c = 0;
        int q = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + 3 * V);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 6 * V);
            FloatVector x;
            x = FloatVector.broadcast(S, in[q]);
            s0 = w0.fma(x, s0);
            x = FloatVector.broadcast(S, in[q + 3]);
            s0 = w1.fma(x, s0);
            x = FloatVector.broadcast(S, in[q + 6]);
            s0 = w2.fma(x, s0);
            s1 = w0.fma(x, s1);
            x = FloatVector.broadcast(S, in[q + 9]);
            s1 = w1.fma(x, s1);
            x = FloatVector.broadcast(S, in[q + 12]);
            s1 = w2.fma(x, s1);
            s2 = w0.fma(x, s2);
            x = FloatVector.broadcast(S, in[q + 15]);
            s2 = w1.fma(x, s2);
            x = FloatVector.broadcast(S, in[q + 18]);
            s2 = w2.fma(x, s2);
            s3 = w0.fma(x, s3);
            x = FloatVector.broadcast(S, in[q + 21]);
            s3 = w1.fma(x, s3);
            x = FloatVector.broadcast(S, in[q + 24]);
            s3 = w2.fma(x, s3);
            s4 = w0.fma(x, s4);
            x = FloatVector.broadcast(S, in[q + 27]);
            s4 = w1.fma(x, s4);
            x = FloatVector.broadcast(S, in[q + 30]);
            s4 = w2.fma(x, s4);
            s5 = w0.fma(x, s5);
            x = FloatVector.broadcast(S, in[q + 33]);
            s5 = w1.fma(x, s5);
            x = FloatVector.broadcast(S, in[q + 36]);
            s5 = w2.fma(x, s5);
            s6 = w0.fma(x, s6);
            x = FloatVector.broadcast(S, in[q + 39]);
            s6 = w1.fma(x, s6);
            x = FloatVector.broadcast(S, in[q + 42]);
            s6 = w2.fma(x, s6);
            s7 = w0.fma(x, s7);
            x = FloatVector.broadcast(S, in[q + 45]);
            s7 = w1.fma(x, s7);
            x = FloatVector.broadcast(S, in[q + 48]);
            s7 = w2.fma(x, s7);
            s8 = w0.fma(x, s8);
            x = FloatVector.broadcast(S, in[q + 51]);
            s8 = w1.fma(x, s8);
            x = FloatVector.broadcast(S, in[q + 54]);
            s8 = w2.fma(x, s8);
            s9 = w0.fma(x, s9);
            x = FloatVector.broadcast(S, in[q + 57]);
            s9 = w1.fma(x, s9);
            x = FloatVector.broadcast(S, in[q + 60]);
            s9 = w2.fma(x, s9);
            s10 = w0.fma(x, s10);
            x = FloatVector.broadcast(S, in[q + 63]);
            s10 = w1.fma(x, s10);
            x = FloatVector.broadcast(S, in[q + 66]);
            s10 = w2.fma(x, s10);
            s11 = w0.fma(x, s11);
            x = FloatVector.broadcast(S, in[q + 69]);
            s11 = w1.fma(x, s11);
            x = FloatVector.broadcast(S, in[q + 72]);
            s11 = w2.fma(x, s11);
            s12 = w0.fma(x, s12);
            x = FloatVector.broadcast(S, in[q + 75]);
            s12 = w1.fma(x, s12);
            x = FloatVector.broadcast(S, in[q + 78]);
            s12 = w2.fma(x, s12);
            s13 = w0.fma(x, s13);
            x = FloatVector.broadcast(S, in[q + 81]);
            s13 = w1.fma(x, s13);
            x = FloatVector.broadcast(S, in[q + 84]);
            s13 = w2.fma(x, s13);
            s14 = w0.fma(x, s14);
            x = FloatVector.broadcast(S, in[q + 87]);
            s14 = w1.fma(x, s14);
            x = FloatVector.broadcast(S, in[q + 90]);
            s14 = w2.fma(x, s14);
            s15 = w0.fma(x, s15);
            x = FloatVector.broadcast(S, in[q + 93]);
            s15 = w1.fma(x, s15);
            x = FloatVector.broadcast(S, in[q + 96]);
            s15 = w2.fma(x, s15);
            q++;
            wr += V;
            if (++c == 3) {
                c = 0;
                if (++t < taps) {
                    q = a0 + tapIn[t];
                    wr = f.base + tapW[t];
                }
            }
        }
        s0.intoArray(out, o0);
        s1.intoArray(out, o0 + outStride);
        s2.intoArray(out, o0 + 2 * outStride);
        s3.intoArray(out, o0 + 3 * outStride);
        s4.intoArray(out, o0 + 4 * outStride);
        s5.intoArray(out, o0 + 5 * outStride);
        s6.intoArray(out, o0 + 6 * outStride);
        s7.intoArray(out, o0 + 7 * outStride);
        s8.intoArray(out, o0 + 8 * outStride);
        s9.intoArray(out, o0 + 9 * outStride);
        s10.intoArray(out, o0 + 10 * outStride);
        s11.intoArray(out, o0 + 11 * outStride);
        s12.intoArray(out, o0 + 12 * outStride);
        s13.intoArray(out, o0 + 13 * outStride);
        s14.intoArray(out, o0 + 14 * outStride);
        s15.intoArray(out, o0 + 15 * outStride);
    }

    /** 8 pixels of two vectors of channels, 3 wide: 17 broadcasts and 6 weight loads for 96 FMAs. */
    private static void tile8x2Cols3(PackedFilter f, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0, int outStride) {
        float[] w = f.weights;
        FloatVector s0a = FloatVector.fromArray(S, f.bias, 0);
        FloatVector s0b = FloatVector.fromArray(S, f.bias, V);
        FloatVector s1a = s0a, s2a = s0a, s3a = s0a, s4a = s0a, s5a = s0a, s6a = s0a, s7a = s0a;
        FloatVector s1b = s0b, s2b = s0b, s3b = s0b, s4b = s0b, s5b = s0b, s6b = s0b, s7b = s0b;
        int total = 3 * taps;
        int t = 0;
        int c = 0;
        int q = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0a = FloatVector.fromArray(S, w, wr);
            FloatVector w0b = FloatVector.fromArray(S, w, wr + V);
            FloatVector w1a = FloatVector.fromArray(S, w, wr + 6 * V);
            FloatVector w1b = FloatVector.fromArray(S, w, wr + 7 * V);
            FloatVector w2a = FloatVector.fromArray(S, w, wr + 12 * V);
            FloatVector w2b = FloatVector.fromArray(S, w, wr + 13 * V);
            FloatVector x;
            x = FloatVector.broadcast(S, in[q]);
            s0a = w0a.fma(x, s0a);
            s0b = w0b.fma(x, s0b);
            x = FloatVector.broadcast(S, in[q + 3]);
            s0a = w1a.fma(x, s0a);
            s0b = w1b.fma(x, s0b);
            x = FloatVector.broadcast(S, in[q + 6]);
            s0a = w2a.fma(x, s0a);
            s0b = w2b.fma(x, s0b);
            s1a = w0a.fma(x, s1a);
            s1b = w0b.fma(x, s1b);
            x = FloatVector.broadcast(S, in[q + 9]);
            s1a = w1a.fma(x, s1a);
            s1b = w1b.fma(x, s1b);
            x = FloatVector.broadcast(S, in[q + 12]);
            s1a = w2a.fma(x, s1a);
            s1b = w2b.fma(x, s1b);
            s2a = w0a.fma(x, s2a);
            s2b = w0b.fma(x, s2b);
            x = FloatVector.broadcast(S, in[q + 15]);
            s2a = w1a.fma(x, s2a);
            s2b = w1b.fma(x, s2b);
            x = FloatVector.broadcast(S, in[q + 18]);
            s2a = w2a.fma(x, s2a);
            s2b = w2b.fma(x, s2b);
            s3a = w0a.fma(x, s3a);
            s3b = w0b.fma(x, s3b);
            x = FloatVector.broadcast(S, in[q + 21]);
            s3a = w1a.fma(x, s3a);
            s3b = w1b.fma(x, s3b);
            x = FloatVector.broadcast(S, in[q + 24]);
            s3a = w2a.fma(x, s3a);
            s3b = w2b.fma(x, s3b);
            s4a = w0a.fma(x, s4a);
            s4b = w0b.fma(x, s4b);
            x = FloatVector.broadcast(S, in[q + 27]);
            s4a = w1a.fma(x, s4a);
            s4b = w1b.fma(x, s4b);
            x = FloatVector.broadcast(S, in[q + 30]);
            s4a = w2a.fma(x, s4a);
            s4b = w2b.fma(x, s4b);
            s5a = w0a.fma(x, s5a);
            s5b = w0b.fma(x, s5b);
            x = FloatVector.broadcast(S, in[q + 33]);
            s5a = w1a.fma(x, s5a);
            s5b = w1b.fma(x, s5b);
            x = FloatVector.broadcast(S, in[q + 36]);
            s5a = w2a.fma(x, s5a);
            s5b = w2b.fma(x, s5b);
            s6a = w0a.fma(x, s6a);
            s6b = w0b.fma(x, s6b);
            x = FloatVector.broadcast(S, in[q + 39]);
            s6a = w1a.fma(x, s6a);
            s6b = w1b.fma(x, s6b);
            x = FloatVector.broadcast(S, in[q + 42]);
            s6a = w2a.fma(x, s6a);
            s6b = w2b.fma(x, s6b);
            s7a = w0a.fma(x, s7a);
            s7b = w0b.fma(x, s7b);
            x = FloatVector.broadcast(S, in[q + 45]);
            s7a = w1a.fma(x, s7a);
            s7b = w1b.fma(x, s7b);
            x = FloatVector.broadcast(S, in[q + 48]);
            s7a = w2a.fma(x, s7a);
            s7b = w2b.fma(x, s7b);
            q++;
            wr += 2 * V;
            if (++c == 3) {
                c = 0;
                if (++t < taps) {
                    q = a0 + tapIn[t];
                    wr = f.base + tapW[t];
                }
            }
        }
        s0a.intoArray(out, o0);
        s0b.intoArray(out, o0 + V);
        s1a.intoArray(out, o0 + outStride);
        s1b.intoArray(out, o0 + outStride + V);
        s2a.intoArray(out, o0 + 2 * outStride);
        s2b.intoArray(out, o0 + 2 * outStride + V);
        s3a.intoArray(out, o0 + 3 * outStride);
        s3b.intoArray(out, o0 + 3 * outStride + V);
        s4a.intoArray(out, o0 + 4 * outStride);
        s4b.intoArray(out, o0 + 4 * outStride + V);
        s5a.intoArray(out, o0 + 5 * outStride);
        s5b.intoArray(out, o0 + 5 * outStride + V);
        s6a.intoArray(out, o0 + 6 * outStride);
        s6b.intoArray(out, o0 + 6 * outStride + V);
        s7a.intoArray(out, o0 + 7 * outStride);
        s7b.intoArray(out, o0 + 7 * outStride + V);
    }

    /** 8 pixels of two vectors of channels, 5 wide: 19 broadcasts and 10 weight loads for 160 FMAs. */
    private static void tile8x2Cols5(PackedFilter f, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0, int outStride) {
        float[] w = f.weights;
        FloatVector s0a = FloatVector.fromArray(S, f.bias, 0);
        FloatVector s0b = FloatVector.fromArray(S, f.bias, V);
        FloatVector s1a = s0a, s2a = s0a, s3a = s0a, s4a = s0a, s5a = s0a, s6a = s0a, s7a = s0a;
        FloatVector s1b = s0b, s2b = s0b, s3b = s0b, s4b = s0b, s5b = s0b, s6b = s0b, s7b = s0b;
        int total = 3 * taps;
        int t = 0;
        int c = 0;
        int q = taps > 0 ? a0 + tapIn[0] : 0;
        int wr = taps > 0 ? f.base + tapW[0] : 0;
        for (int k = 0; k < total; k++) {
            FloatVector w0a = FloatVector.fromArray(S, w, wr);
            FloatVector w0b = FloatVector.fromArray(S, w, wr + V);
            FloatVector w1a = FloatVector.fromArray(S, w, wr + 6 * V);
            FloatVector w1b = FloatVector.fromArray(S, w, wr + 7 * V);
            FloatVector w2a = FloatVector.fromArray(S, w, wr + 12 * V);
            FloatVector w2b = FloatVector.fromArray(S, w, wr + 13 * V);
            FloatVector w3a = FloatVector.fromArray(S, w, wr + 18 * V);
            FloatVector w3b = FloatVector.fromArray(S, w, wr + 19 * V);
            FloatVector w4a = FloatVector.fromArray(S, w, wr + 24 * V);
            FloatVector w4b = FloatVector.fromArray(S, w, wr + 25 * V);
            FloatVector x;
            x = FloatVector.broadcast(S, in[q]);
            s0a = w0a.fma(x, s0a);
            s0b = w0b.fma(x, s0b);
            x = FloatVector.broadcast(S, in[q + 3]);
            s0a = w1a.fma(x, s0a);
            s0b = w1b.fma(x, s0b);
            x = FloatVector.broadcast(S, in[q + 6]);
            s0a = w2a.fma(x, s0a);
            s0b = w2b.fma(x, s0b);
            s1a = w0a.fma(x, s1a);
            s1b = w0b.fma(x, s1b);
            x = FloatVector.broadcast(S, in[q + 9]);
            s0a = w3a.fma(x, s0a);
            s0b = w3b.fma(x, s0b);
            s1a = w1a.fma(x, s1a);
            s1b = w1b.fma(x, s1b);
            x = FloatVector.broadcast(S, in[q + 12]);
            s0a = w4a.fma(x, s0a);
            s0b = w4b.fma(x, s0b);
            s1a = w2a.fma(x, s1a);
            s1b = w2b.fma(x, s1b);
            s2a = w0a.fma(x, s2a);
            s2b = w0b.fma(x, s2b);
            x = FloatVector.broadcast(S, in[q + 15]);
            s1a = w3a.fma(x, s1a);
            s1b = w3b.fma(x, s1b);
            s2a = w1a.fma(x, s2a);
            s2b = w1b.fma(x, s2b);
            x = FloatVector.broadcast(S, in[q + 18]);
            s1a = w4a.fma(x, s1a);
            s1b = w4b.fma(x, s1b);
            s2a = w2a.fma(x, s2a);
            s2b = w2b.fma(x, s2b);
            s3a = w0a.fma(x, s3a);
            s3b = w0b.fma(x, s3b);
            x = FloatVector.broadcast(S, in[q + 21]);
            s2a = w3a.fma(x, s2a);
            s2b = w3b.fma(x, s2b);
            s3a = w1a.fma(x, s3a);
            s3b = w1b.fma(x, s3b);
            x = FloatVector.broadcast(S, in[q + 24]);
            s2a = w4a.fma(x, s2a);
            s2b = w4b.fma(x, s2b);
            s3a = w2a.fma(x, s3a);
            s3b = w2b.fma(x, s3b);
            s4a = w0a.fma(x, s4a);
            s4b = w0b.fma(x, s4b);
            x = FloatVector.broadcast(S, in[q + 27]);
            s3a = w3a.fma(x, s3a);
            s3b = w3b.fma(x, s3b);
            s4a = w1a.fma(x, s4a);
            s4b = w1b.fma(x, s4b);
            x = FloatVector.broadcast(S, in[q + 30]);
            s3a = w4a.fma(x, s3a);
            s3b = w4b.fma(x, s3b);
            s4a = w2a.fma(x, s4a);
            s4b = w2b.fma(x, s4b);
            s5a = w0a.fma(x, s5a);
            s5b = w0b.fma(x, s5b);
            x = FloatVector.broadcast(S, in[q + 33]);
            s4a = w3a.fma(x, s4a);
            s4b = w3b.fma(x, s4b);
            s5a = w1a.fma(x, s5a);
            s5b = w1b.fma(x, s5b);
            x = FloatVector.broadcast(S, in[q + 36]);
            s4a = w4a.fma(x, s4a);
            s4b = w4b.fma(x, s4b);
            s5a = w2a.fma(x, s5a);
            s5b = w2b.fma(x, s5b);
            s6a = w0a.fma(x, s6a);
            s6b = w0b.fma(x, s6b);
            x = FloatVector.broadcast(S, in[q + 39]);
            s5a = w3a.fma(x, s5a);
            s5b = w3b.fma(x, s5b);
            s6a = w1a.fma(x, s6a);
            s6b = w1b.fma(x, s6b);
            x = FloatVector.broadcast(S, in[q + 42]);
            s5a = w4a.fma(x, s5a);
            s5b = w4b.fma(x, s5b);
            s6a = w2a.fma(x, s6a);
            s6b = w2b.fma(x, s6b);
            s7a = w0a.fma(x, s7a);
            s7b = w0b.fma(x, s7b);
            x = FloatVector.broadcast(S, in[q + 45]);
            s6a = w3a.fma(x, s6a);
            s6b = w3b.fma(x, s6b);
            s7a = w1a.fma(x, s7a);
            s7b = w1b.fma(x, s7b);
            x = FloatVector.broadcast(S, in[q + 48]);
            s6a = w4a.fma(x, s6a);
            s6b = w4b.fma(x, s6b);
            s7a = w2a.fma(x, s7a);
            s7b = w2b.fma(x, s7b);
            x = FloatVector.broadcast(S, in[q + 51]);
            s7a = w3a.fma(x, s7a);
            s7b = w3b.fma(x, s7b);
            x = FloatVector.broadcast(S, in[q + 54]);
            s7a = w4a.fma(x, s7a);
            s7b = w4b.fma(x, s7b);
            q++;
            wr += 2 * V;
            if (++c == 3) {
                c = 0;
                if (++t < taps) {
                    q = a0 + tapIn[t];
                    wr = f.base + tapW[t];
                }
            }
        }
        s0a.intoArray(out, o0);
        s0b.intoArray(out, o0 + V);
        s1a.intoArray(out, o0 + outStride);
        s1b.intoArray(out, o0 + outStride + V);
        s2a.intoArray(out, o0 + 2 * outStride);
        s2b.intoArray(out, o0 + 2 * outStride + V);
        s3a.intoArray(out, o0 + 3 * outStride);
        s3b.intoArray(out, o0 + 3 * outStride + V);
        s4a.intoArray(out, o0 + 4 * outStride);
        s4b.intoArray(out, o0 + 4 * outStride + V);
        s5a.intoArray(out, o0 + 5 * outStride);
        s5b.intoArray(out, o0 + 5 * outStride + V);
        s6a.intoArray(out, o0 + 6 * outStride);
        s6b.intoArray(out, o0 + 6 * outStride + V);
        s7a.intoArray(out, o0 + 7 * outStride);
        s7b.intoArray(out, o0 + 7 * outStride + V);
    }
}
