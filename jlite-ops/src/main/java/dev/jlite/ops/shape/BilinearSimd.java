package dev.jlite.ops.shape;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
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

    static int length() {
        return V;
    }
}
