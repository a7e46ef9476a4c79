package dev.jlite.ops.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API inner loops: a block of 16 output channels is two 8-lane int vectors, and up to four pixels are
 * computed together so that each weight vector loaded serves four pixels, with all eight accumulators in
 * registers across the whole depth. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorQuantizedEngine extends QuantizedEngine {
    private static final VectorSpecies<Integer> S = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;

    @Override
    void gemm(int[] x, int xBase, int xStride, int pixels, int depth, int[] w, int wBase, int blocks, int[] acc,
            int accStride) {
        if (pixels == PIXELS) {
            gemm4(x, xBase, xStride, depth, w, wBase, blocks, acc, accStride);
            return;
        }
        for (int p = 0; p < pixels; p++) {
            gemm1(x, xBase + p * xStride, depth, w, wBase, blocks, acc, p * accStride);
        }
    }

    private static void gemm4(int[] x, int xBase, int xStride, int depth, int[] w, int wBase, int blocks, int[] acc,
            int accStride) {
        int x1 = xBase + xStride;
        int x2 = x1 + xStride;
        int x3 = x2 + xStride;
        for (int b = 0; b < blocks; b++) {
            int wb = wBase + b * depth * BLOCK;
            int a0 = b * BLOCK;
            int a1 = a0 + accStride;
            int a2 = a1 + accStride;
            int a3 = a2 + accStride;
            IntVector s00 = IntVector.fromArray(S, acc, a0);
            IntVector s01 = IntVector.fromArray(S, acc, a0 + 8);
            IntVector s10 = IntVector.fromArray(S, acc, a1);
            IntVector s11 = IntVector.fromArray(S, acc, a1 + 8);
            IntVector s20 = IntVector.fromArray(S, acc, a2);
            IntVector s21 = IntVector.fromArray(S, acc, a2 + 8);
            IntVector s30 = IntVector.fromArray(S, acc, a3);
            IntVector s31 = IntVector.fromArray(S, acc, a3 + 8);
            for (int i = 0; i < depth; i++) {
                int wi = wb + i * BLOCK;
                IntVector w0 = IntVector.fromArray(S, w, wi);
                IntVector w1 = IntVector.fromArray(S, w, wi + 8);
                int v0 = x[xBase + i];
                int v1 = x[x1 + i];
                int v2 = x[x2 + i];
                int v3 = x[x3 + i];
                s00 = w0.mul(v0).add(s00);
                s01 = w1.mul(v0).add(s01);
                s10 = w0.mul(v1).add(s10);
                s11 = w1.mul(v1).add(s11);
                s20 = w0.mul(v2).add(s20);
                s21 = w1.mul(v2).add(s21);
                s30 = w0.mul(v3).add(s30);
                s31 = w1.mul(v3).add(s31);
            }
            s00.intoArray(acc, a0);
            s01.intoArray(acc, a0 + 8);
            s10.intoArray(acc, a1);
            s11.intoArray(acc, a1 + 8);
            s20.intoArray(acc, a2);
            s21.intoArray(acc, a2 + 8);
            s30.intoArray(acc, a3);
            s31.intoArray(acc, a3 + 8);
        }
    }

    private static void gemm1(int[] x, int xBase, int depth, int[] w, int wBase, int blocks, int[] acc, int a0) {
        for (int b = 0; b < blocks; b++) {
            int wb = wBase + b * depth * BLOCK;
            int ab = a0 + b * BLOCK;
            IntVector s0 = IntVector.fromArray(S, acc, ab);
            IntVector s1 = IntVector.fromArray(S, acc, ab + 8);
            for (int i = 0; i < depth; i++) {
                int wi = wb + i * BLOCK;
                int v = x[xBase + i];
                s0 = IntVector.fromArray(S, w, wi).mul(v).add(s0);
                s1 = IntVector.fromArray(S, w, wi + 8).mul(v).add(s1);
            }
            s0.intoArray(acc, ab);
            s1.intoArray(acc, ab + 8);
        }
    }

    @Override
    void multiplyAdd(int[] x, int xBase, int[] w, int wBase, int[] acc, int accBase, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += S.length()) {
            IntVector.fromArray(S, x, xBase + k).mul(IntVector.fromArray(S, w, wBase + k))
                    .add(IntVector.fromArray(S, acc, accBase + k)).intoArray(acc, accBase + k);
        }
        for (; k < n; k++) {
            acc[accBase + k] += x[xBase + k] * w[wBase + k];
        }
    }

    @Override
    void widen(byte[] x, int from, int mask, int zeroPoint, int[] dst, int at, int n) {
        int k = 0;
        for (int end = B.loopBound(n); k < end; k += B.length()) {
            ((IntVector) ByteVector.fromArray(B, x, from + k).convertShape(VectorOperators.B2I, S, 0))
                    .and(mask).sub(zeroPoint).intoArray(dst, at + k);
        }
        for (; k < n; k++) {
            dst[at + k] = (x[from + k] & mask) - zeroPoint;
        }
    }
}
