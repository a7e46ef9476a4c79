package dev.jlite.ops.shape;

/**
 * A precomputed N-dimensional strided copy: the element at index {@code (i0, i1, ...)} of a box of size
 * {@code dims} moves from {@code srcBase + sum(ik * srcStrides[k])} to {@code dstBase + sum(ik * dstStrides[k])}.
 * Source strides may be negative (reversed slices). Transposes, slices, padding and depth/space rearrangements
 * all reduce to one of these.
 *
 * <p>Built in prepare: dimensions of size 1 are dropped and neighbours that are contiguous on both sides are
 * merged, so the innermost loop is as long as possible and becomes one {@link System#arraycopy} whenever both
 * sides are contiguous there. {@link #copy} allocates nothing. A plan is used by one node, from one thread.
 */
final class CopyPlan {
    private final int[] dims;
    private final int[] srcStrides;
    private final int[] dstStrides;
    private final int srcBase;
    private final int dstBase;
    private final int[] counter;
    private final boolean empty;

    private CopyPlan(int[] dims, int[] srcStrides, int[] dstStrides, int srcBase, int dstBase, boolean empty) {
        this.dims = dims;
        this.srcStrides = srcStrides;
        this.dstStrides = dstStrides;
        this.srcBase = srcBase;
        this.dstBase = dstBase;
        this.counter = new int[dims.length];
        this.empty = empty;
    }

    /** A plan for the given box; the arrays are not kept. */
    static CopyPlan of(int[] dims, int[] srcStrides, int[] dstStrides, int srcBase, int dstBase) {
        int n = dims.length;
        boolean empty = false;
        int[] d = new int[n + 1];
        int[] s = new int[n + 1];
        int[] t = new int[n + 1];
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (dims[k] == 0) {
                empty = true;
            }
            if (dims[k] == 1) {
                continue;
            }
            // Merge with the previous kept dimension when stepping it equals stepping through this one fully.
            if (m > 0 && s[m - 1] == srcStrides[k] * dims[k] && t[m - 1] == dstStrides[k] * dims[k]) {
                d[m - 1] *= dims[k];
                s[m - 1] = srcStrides[k];
                t[m - 1] = dstStrides[k];
            } else {
                d[m] = dims[k];
                s[m] = srcStrides[k];
                t[m] = dstStrides[k];
                m++;
            }
        }
        if (m == 0) {
            d[0] = 1;
            s[0] = 1;
            t[0] = 1;
            m = 1;
        }
        return new CopyPlan(java.util.Arrays.copyOf(d, m), java.util.Arrays.copyOf(s, m),
                java.util.Arrays.copyOf(t, m), srcBase, dstBase, empty);
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            strides[k] = s;
            s *= shape[k];
        }
        return strides;
    }

    /** Runs the copy between storage arrays, adding the tensors' element offsets. */
    void copy(Object src, int srcOffset, Object dst, int dstOffset) {
        if (empty) {
            return;
        }
        int last = dims.length - 1;
        int inner = dims[last];
        int innerSrc = srcStrides[last];
        int innerDst = dstStrides[last];
        int sp = srcOffset + srcBase;
        int dp = dstOffset + dstBase;
        if (last == 0) {
            Elements.copyStrided(src, sp, innerSrc, dst, dp, innerDst, inner);
            return;
        }
        int[] c = counter;
        java.util.Arrays.fill(c, 0);
        while (true) {
            Elements.copyStrided(src, sp, innerSrc, dst, dp, innerDst, inner);
            int k = last - 1;
            while (true) {
                c[k]++;
                sp += srcStrides[k];
                dp += dstStrides[k];
                if (c[k] < dims[k]) {
                    break;
                }
                sp -= srcStrides[k] * dims[k];
                dp -= dstStrides[k] * dims[k];
                c[k] = 0;
                if (--k < 0) {
                    return;
                }
            }
        }
    }
}
