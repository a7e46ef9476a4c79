package dev.jlite.converter.graph;

import dev.jlite.converter.ConversionException;
import java.util.ArrayList;
import java.util.List;

/**
 * TensorFlow's {@code StridedSlice} resolved against a static input shape: the ellipsis, new-axis, shrink and
 * begin/end masks turned into one canonical (begin, end, stride) per input dimension, plus the output shape. Used to
 * infer shapes, to fold constants and to emit TensorFlow Lite's simpler STRIDED_SLICE.
 */
public final class StridedSliceSpec {
    /** Per input dimension: first index, end (exclusive, may be -1 for a negative stride), stride. */
    public final int[] begin;
    public final int[] end;
    public final int[] strides;
    /** Per input dimension: the number of elements taken. */
    public final int[] sizes;
    /** Per input dimension: removed from the output (shrink axis). */
    public final boolean[] shrink;
    /** The output shape, new axes included. */
    public final int[] outputShape;

    private StridedSliceSpec(int[] begin, int[] end, int[] strides, int[] sizes, boolean[] shrink, int[] out) {
        this.begin = begin;
        this.end = end;
        this.strides = strides;
        this.sizes = sizes;
        this.shrink = shrink;
        this.outputShape = out;
    }

    /** Resolves a slice; throws for out-of-range shrink indices or zero strides. */
    public static StridedSliceSpec resolve(int[] shape, long[] sparseBegin, long[] sparseEnd, long[] sparseStrides,
            int beginMask, int endMask, int ellipsisMask, int newAxisMask, int shrinkMask) {
        int n = shape.length;
        int k = sparseBegin.length;
        boolean hasEllipsis = false;
        int newAxisAfterEllipsis = 0;
        for (int i = 0; i < k; i++) {
            if (hasEllipsis && (newAxisMask & (1 << i)) != 0 && (ellipsisMask & (1 << i)) == 0) {
                newAxisAfterEllipsis++;
            }
            if ((ellipsisMask & (1 << i)) != 0) {
                hasEllipsis = true;
            }
        }
        int sparseDims = k;
        if (!hasEllipsis) {
            ellipsisMask |= 1 << k; // an implicit ellipsis after the last given dimension
            sparseDims = k + 1;
        }
        int[] b = new int[n];
        int[] e = new int[n];
        int[] s = new int[n];
        boolean[] bm = new boolean[n];
        boolean[] em = new boolean[n];
        boolean[] shr = new boolean[n];
        List<Integer> gather = new ArrayList<>(); // >= 0: dense dim; -1: new axis
        int full = 0;
        for (int i = 0; i < sparseDims; i++) {
            if ((ellipsisMask & (1 << i)) != 0) {
                int next = Math.min(n - (sparseDims - i) + 1 + newAxisAfterEllipsis, n);
                for (; full < next; full++) {
                    s[full] = 1;
                    bm[full] = true;
                    em[full] = true;
                    gather.add(full);
                }
            } else if ((newAxisMask & (1 << i)) != 0) {
                gather.add(-1);
            } else {
                if (full >= n) {
                    throw new ConversionException("StridedSlice indexes more dimensions than its input's " + n);
                }
                b[full] = (int) sparseBegin[i];
                e[full] = (int) sparseEnd[i];
                s[full] = (int) sparseStrides[i];
                bm[full] = (beginMask & (1 << i)) != 0;
                em[full] = (endMask & (1 << i)) != 0;
                shr[full] = (shrinkMask & (1 << i)) != 0;
                if (!shr[full]) {
                    gather.add(full);
                }
                full++;
            }
        }
        int[] sizes = new int[n];
        for (int d = 0; d < n; d++) {
            int dim = shape[d];
            if (s[d] == 0) {
                throw new ConversionException("StridedSlice with stride 0");
            }
            if (shr[d]) {
                int x = b[d] < 0 ? b[d] + dim : b[d];
                if (x < 0 || x >= dim) {
                    throw new ConversionException("StridedSlice index " + b[d] + " out of range for size " + dim);
                }
                b[d] = x;
                e[d] = x + 1;
                s[d] = 1;
                sizes[d] = 1;
                continue;
            }
            boolean pos = s[d] > 0;
            int lo = pos ? 0 : -1;
            int hi = pos ? dim : dim - 1;
            b[d] = bm[d] ? (pos ? 0 : dim - 1) : clamp(b[d] < 0 ? b[d] + dim : b[d], lo, hi);
            e[d] = em[d] ? (pos ? dim : -1) : clamp(e[d] < 0 ? e[d] + dim : e[d], lo, hi);
            int span = pos ? e[d] - b[d] : b[d] - e[d];
            int step = Math.abs(s[d]);
            sizes[d] = span <= 0 ? 0 : (span + step - 1) / step;
        }
        int[] out = new int[gather.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = gather.get(i) < 0 ? 1 : sizes[gather.get(i)];
        }
        return new StridedSliceSpec(b, e, s, sizes, shr, out);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
