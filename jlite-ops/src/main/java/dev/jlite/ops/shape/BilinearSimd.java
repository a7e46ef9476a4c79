package dev.jlite.ops.shape;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link ResizeBilinearKernel}: the same {@code a + w * (b - a)} per element (no fused
 * multiply-add, so the results are bit for bit the scalar ones). Load only when
 * {@link dev.jlite.ops.common.Vectorization#AVAILABLE}.
 */
final class BilinearSimd {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int V = S.length();

    private BilinearSimd() {}

    /** {@code o[oi + i] = a + w * (b - a)} with {@code a = c[ai + i]}, {@code b = c[bi + i]}, {@code i < n}. */
    static void blend(float[] c, int ai, int bi, float w, float[] o, int oi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += V) {
            FloatVector a = FloatVector.fromArray(S, c, ai + i);
            FloatVector b = FloatVector.fromArray(S, c, bi + i);
            b.sub(a).mul(w).add(a).intoArray(o, oi + i);
        }
        for (; i < n; i++) {
            float a = c[ai + i];
            o[oi + i] = a + w * (c[bi + i] - a);
        }
    }

    /**
     * One input row interpolated along x: for each output column x, {@code depth} channels (a multiple of the
     * vector length) blended between {@code s[rowBase + low[x]]} and {@code s[rowBase + high[x]]}.
     */
    static void horizontal(float[] s, int rowBase, int[] low, int[] high, float[] weight, int depth, float[] c,
            int at) {
        for (int x = 0; x < low.length; x++, at += depth) {
            int lo = rowBase + low[x];
            int hi = rowBase + high[x];
            float w = weight[x];
            for (int ch = 0; ch < depth; ch += V) {
                FloatVector a = FloatVector.fromArray(S, s, lo + ch);
                FloatVector b = FloatVector.fromArray(S, s, hi + ch);
                b.sub(a).mul(w).add(a).intoArray(c, at + ch);
            }
        }
    }

    /** The upper half of a vector's lanes. */
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, -1L << (V / 2));

    /**
     * One input row interpolated along x for half a vector of channels, two output pixels per vector: each operand
     * is the first pixel's source loaded into the lower half and the second's into the upper half (a load that ends
     * at its pixel's channels), blended; the weights come per output value from {@code weight}. Stops at the first
     * pair whose loads would leave {@code s}, or before an odd last pixel, and returns the pixels done.
     */
    static int horizontalPairs(float[] s, int rowBase, int[] low, int[] high, float[] weight, float[] c, int at) {
        int half = V / 2;
        int x = 0;
        for (; x + 1 < low.length; x += 2) {
            int lo0 = rowBase + low[x];
            int lo1 = rowBase + low[x + 1] - half;
            int hi0 = rowBase + high[x];
            int hi1 = rowBase + high[x + 1] - half;
            if (Math.min(lo1, hi1) < 0 || Math.max(lo0, hi0) + V > s.length) {
                break;
            }
            FloatVector a = FloatVector.fromArray(S, s, lo0).blend(FloatVector.fromArray(S, s, lo1), UPPER);
            FloatVector b = FloatVector.fromArray(S, s, hi0).blend(FloatVector.fromArray(S, s, hi1), UPPER);
            int o = x * half;
            b.sub(a).mul(FloatVector.fromArray(S, weight, o)).add(a).intoArray(c, at + o);
        }
        return x;
    }

    static int length() {
        return V;
    }
}
