package dev.jlite.ops.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
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
    private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
    /**
     * Whether 8 long lanes are native (AVX-512): the output stage's 64-bit products then run 8 channels at a time;
     * without them the emulated long vectors would be slower than the plain loop, which is used instead.
     */
    private static final boolean WIDE_LONGS = LongVector.SPECIES_PREFERRED.length() >= 8;
    private static final long LOW31 = (1L << 31) - 1;

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

    @Override
    void requantize(OutputStage stage, int[] acc, int accBase, byte[] out, int outBase, int n) {
        if (!WIDE_LONGS) {
            stage.apply(acc, accBase, out, outBase, n);
            return;
        }
        int k = 0;
        long zp = stage.zeroPoint;
        long lo = stage.min;
        long hi = stage.max;
        boolean single = stage.singleRounding();
        for (int end = S.loopBound(n); k < end; k += 8) {
            IntVector x = IntVector.fromArray(S, acc, accBase + k);
            LongVector r;
            if (single) {
                LongVector p = (LongVector) x.convertShape(VectorOperators.I2L, L, 0);
                r = p.mul(LongVector.fromArray(L, stage.multiplier64, k))
                        .add(LongVector.fromArray(L, stage.roundingOffset, k))
                        .lanewise(VectorOperators.ASHR, LongVector.fromArray(L, stage.totalShift, k));
            } else {
                // gemmlowp: x * 2^left, SaturatingRoundingDoublingHighMul, RoundingDivideByPOT (FixedPoint's
                // branch-free forms, lane by lane; the high-mul's one overflow needs a negative multiplier).
                LongVector p = (LongVector) x.mul(IntVector.fromArray(S, stage.leftFactor, k))
                        .convertShape(VectorOperators.I2L, L, 0);
                LongVector ab = p.mul(LongVector.fromArray(L, stage.multiplier64, k));
                LongVector t = ab.add((1L << 30)).sub(ab.lanewise(VectorOperators.ASHR, 63).and(LOW31));
                LongVector q = t.add(t.lanewise(VectorOperators.ASHR, 63).and(LOW31))
                        .lanewise(VectorOperators.ASHR, 31);
                LongVector mask = LongVector.fromArray(L, stage.remainderMask, k);
                LongVector threshold = mask.lanewise(VectorOperators.ASHR, 1)
                        .add(q.lanewise(VectorOperators.LSHR, 63));
                r = q.lanewise(VectorOperators.ASHR, LongVector.fromArray(L, stage.rightShift, k))
                        .add(threshold.sub(q.and(mask)).lanewise(VectorOperators.LSHR, 63));
            }
            r = r.add(zp).max(lo).min(hi);
            ((ByteVector) ((IntVector) r.convertShape(VectorOperators.L2I, S, 0))
                    .convertShape(VectorOperators.I2B, B, 0)).intoArray(out, outBase + k);
        }
        if (k < n) {
            stage.apply(acc, accBase + k, out, outBase + k, n - k, k);
        }
    }

    /** Each 8-channel slice's sum stays in a register across all taps. */
    @Override
    void depthwise(int[] x, int[] xOffsets, int[] w, int[] wOffsets, int taps, int[] acc, int accBase, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += S.length()) {
            IntVector sum = IntVector.fromArray(S, acc, accBase + k);
            for (int t = 0; t < taps; t++) {
                sum = IntVector.fromArray(S, x, xOffsets[t] + k).mul(IntVector.fromArray(S, w, wOffsets[t] + k))
                        .add(sum);
            }
            sum.intoArray(acc, accBase + k);
        }
        for (; k < n; k++) {
            int sum = acc[accBase + k];
            for (int t = 0; t < taps; t++) {
                sum += x[xOffsets[t] + k] * w[wOffsets[t] + k];
            }
            acc[accBase + k] = sum;
        }
    }
}
