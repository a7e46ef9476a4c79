package dev.jlite.ops.shape;

import dev.jlite.ops.common.SimdSwitch;
import java.util.Arrays;

/**
 * PAD's output written in one pass, each element once: along every dimension the padding before, the input's
 * rows (recursively), then the padding after. Filling the whole output first and copying the input over it wrote
 * most of the output twice.
 *
 * <p>Built in prepare: unpadded dimensions of size 1 are dropped and neighbouring unpadded dimensions merged, so
 * channel padding of {@code [1, H, W, C]} becomes {@code H * W} rows of C copied elements and the padding after
 * them, and spatial padding copies whole {@code W * C} runs. Below the <em>row level</em> (the last padded
 * dimension, or the one before a last unpadded one) input and output are both contiguous, so a run of rows is one
 * copy. {@link #run} allocates nothing and may be called from several threads on disjoint ranges.
 */
final class PadPlan {
    /** Input sizes, paddings and strides of the merged dimensions, outermost first; at least one. */
    private final int[] sizes;
    private final int[] before;
    private final int[] after;
    private final int[] inStrides;
    private final int[] outStrides;
    private final int rowLevel;
    /** Whether float rows may go through {@link PadSimd} (when {@link SimdSwitch#on()}). */
    private final boolean simd;

    private PadPlan(int[] sizes, int[] before, int[] after, boolean simd) {
        this.simd = simd;
        this.sizes = sizes;
        this.before = before;
        this.after = after;
        int n = sizes.length;
        int[] outSizes = new int[n];
        for (int d = 0; d < n; d++) {
            outSizes[d] = before[d] + sizes[d] + after[d];
        }
        this.inStrides = CopyPlan.strides(sizes);
        this.outStrides = CopyPlan.strides(outSizes);
        int last = n - 1;
        this.rowLevel = last > 0 && before[last] == 0 && after[last] == 0 ? last - 1 : last;
    }

    /**
     * The plan for an input of shape {@code inShape} padded by {@code paddings} ({@code [before, after]} per
     * dimension, not negative); {@code simd}: whether the Vector API may be used.
     */
    static PadPlan of(int[] inShape, int[] paddings, boolean simd) {
        int rank = inShape.length;
        int[] s = new int[rank + 1];
        int[] b = new int[rank + 1];
        int[] a = new int[rank + 1];
        int m = 0;
        for (int d = 0; d < rank; d++) {
            int size = inShape[d];
            int pb = paddings[2 * d];
            int pa = paddings[2 * d + 1];
            boolean unpadded = pb == 0 && pa == 0;
            if (unpadded && size == 1) {
                continue;
            }
            if (unpadded && m > 0 && b[m - 1] == 0 && a[m - 1] == 0) {
                s[m - 1] *= size;
                continue;
            }
            s[m] = size;
            b[m] = pb;
            a[m] = pa;
            m++;
        }
        if (m == 0) {
            s[0] = 1;
            m = 1;
        }
        return new PadPlan(Arrays.copyOf(s, m), Arrays.copyOf(b, m), Arrays.copyOf(a, m), simd);
    }

    /** The output length of the outermost merged dimension: {@link #run} works on ranges of it. */
    int outerLength() {
        return before[0] + sizes[0] + after[0];
    }

    /**
     * Writes output indices {@code [from, to)} of the outermost merged dimension: the fill value ({@code floatValue}
     * for float storage, {@code intValue} for integer storage) where they are padding, the input elsewhere.
     */
    void run(Object src, int srcOffset, Object dst, int dstOffset, int from, int to, float floatValue,
            long intValue) {
        int os = outStrides[0];
        int is = inStrides[0];
        int b = before[0];
        int n = sizes[0];
        int padEnd = Math.min(to, b);
        if (from < padEnd) {
            Elements.fill(dst, dstOffset + from * os, dstOffset + padEnd * os, floatValue, intValue);
        }
        int inFrom = Math.max(from, b);
        int inTo = Math.min(to, b + n);
        if (inFrom < inTo) {
            if (rowLevel == 0) {
                Elements.copyStrided(src, srcOffset + (inFrom - b) * is, 1, dst, dstOffset + inFrom * os, 1,
                        (inTo - inFrom) * os);
            } else {
                indices(1, src, srcOffset + (inFrom - b) * is, is, dst, dstOffset + inFrom * os, os, inTo - inFrom,
                        floatValue, intValue);
            }
        }
        int afterFrom = Math.max(from, b + n);
        if (afterFrom < to) {
            Elements.fill(dst, dstOffset + afterFrom * os, dstOffset + to * os, floatValue, intValue);
        }
    }

    /** One whole input index of dimension {@code d - 1}: dimension d's padding before, rows and padding after. */
    private void level(int d, Object src, int sp, Object dst, int dp, float floatValue, long intValue) {
        int os = outStrides[d];
        int n = sizes[d];
        int head = before[d] * os;
        if (head > 0) {
            Elements.fill(dst, dp, dp + head, floatValue, intValue);
        }
        int body = n * os;
        if (d == rowLevel) {
            Elements.copyStrided(src, sp, 1, dst, dp + head, 1, body);
        } else {
            indices(d + 1, src, sp, inStrides[d], dst, dp + head, os, n, floatValue, intValue);
        }
        int tail = after[d] * os;
        if (tail > 0) {
            Elements.fill(dst, dp + head + body, dp + head + body + tail, floatValue, intValue);
        }
    }

    /**
     * {@link #level}{@code (d)} for {@code count} consecutive input indices of dimension {@code d - 1}, index k
     * reading from {@code sp + k * inStep} and writing at {@code dp + k * outStep}; rows of floats through
     * {@link PadSimd} when they fit.
     */
    private void indices(int d, Object src, int sp, int inStep, Object dst, int dp, int outStep, int count,
            float floatValue, long intValue) {
        if (d == rowLevel && simd && dst instanceof float[] fd && SimdSwitch.on()) {
            int os = outStrides[d];
            int head = before[d] * os;
            int body = sizes[d] * os;
            int tail = after[d] * os;
            if (PadSimd.fits(head, body, tail)) {
                PadSimd.rows((float[]) src, sp, inStep, fd, dp, outStep, count, head, body, tail, floatValue);
                return;
            }
        }
        for (int k = 0; k < count; k++) {
            level(d, src, sp + k * inStep, dst, dp + k * outStep, floatValue, intValue);
        }
    }
}
