package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * STRIDED_SLICE with begin, end and strides inputs (INT32 or INT64 vectors of one length) and the five masks of
 * {@code StridedSliceOptions}. Entries are first matched to dimensions as TensorFlow Lite 2.6 does: a new-axis entry
 * adds an output dimension of size 1 (an entry marked both ellipsis and new axis is an ellipsis); the ellipsis
 * stands for as many whole dimensions as the other entries leave, but at least one, and entries beyond the last
 * dimension are then ignored; dimensions after the last entry are taken whole. Mask bits past the last entry are
 * ignored, and the input rank plus the new axes may not exceed five. Each input dimension is then sliced with TensorFlow
 * Lite's clamping ({@code strided_slice_logic.h}): after adding the size to negative values, begin and end are
 * clamped to {@code [0, size]} for positive strides and to {@code [-1, size - 1]} for negative ones. A shrunk
 * dimension takes the one element at begin, which must lie inside the dimension, whatever the stride's sign
 * (TensorFlow Lite 2.6 reads past the dimension for an out-of-range begin and writes nothing for a negative
 * stride there).
 */
final class StridedSliceKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 32;
    private static final int BEGIN_MASK = 0;
    private static final int END_MASK = 1;
    private static final int ELLIPSIS_MASK = 2;
    private static final int NEW_AXIS_MASK = 3;
    private static final int SHRINK_AXIS_MASK = 4;
    /** TensorFlow Lite's limit on the input rank of STRIDED_SLICE, counting the new axes. */
    private static final int MAX_RANK = 5;

    private int beginMask;
    private int endMask;
    private int ellipsisMask;
    private int newAxisMask;
    private int shrinkMask;
    private CopyPlan copy;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(4, 4, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "begin");
        Checks.indexType(node, node.requireInput(2), "end");
        Checks.indexType(node, node.requireInput(3), "strides");
        FlatTable options = Checks.options(node, OPTIONS_TYPE);
        beginMask = options == null ? 0 : options.getInt(BEGIN_MASK, 0);
        endMask = options == null ? 0 : options.getInt(END_MASK, 0);
        ellipsisMask = options == null ? 0 : options.getInt(ELLIPSIS_MASK, 0);
        newAxisMask = options == null ? 0 : options.getInt(NEW_AXIS_MASK, 0);
        shrinkMask = options == null ? 0 : options.getInt(SHRINK_AXIS_MASK, 0);
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant() && node.input(2).isConstant() && node.input(3).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Checks.maxRank(node, input, MAX_RANK, "input");
        int rank = input.numDimensions();
        int entries = entryCount(node);
        int[] begin = Checks.ints(node, node.input(1), "begin");
        int[] end = Checks.ints(node, node.input(2), "end");
        int[] strides = Checks.ints(node, node.input(3), "strides");
        if (entries > 31) {
            throw node.error("begin has " + entries + " entries, more than the masks can address");
        }
        int entryBits = (int) ((1L << entries) - 1);
        int ellipses = ellipsisMask & entryBits;
        if (Integer.bitCount(ellipses) > 1) {
            throw node.error("ellipsis_mask " + ellipsisMask + " marks more than one ellipsis");
        }
        int newAxes = newAxisMask & entryBits & ~ellipses;
        int dims = rank + Integer.bitCount(newAxes);
        if (dims > MAX_RANK) {
            throw node.error("input rank " + rank + " plus " + Integer.bitCount(newAxes) + " new axes exceeds "
                    + MAX_RANK);
        }
        // Lay the entries over the "effective" dimensions (input dimensions plus new axes), as TensorFlow Lite's
        // BuildStridedSliceParams does: the ellipsis covers at least one dimension, entries left over after the
        // last dimension are ignored, and dimensions after the last entry are taken whole.
        int ellipsisStart = -1;
        int ellipsisEnd = -1;
        int effectiveNew = 0;
        for (int i = 0; i < dims;) {
            if (ellipsisStart < 0 && (ellipses & (1 << i)) != 0) {
                ellipsisStart = i;
                ellipsisEnd = Math.max(i + 1, Math.min(i + 1 + dims - entries, dims));
                i = ellipsisEnd;
                continue;
            }
            int entry = ellipsisStart < 0 ? i : i - (ellipsisEnd - ellipsisStart - 1);
            if ((newAxes & (1 << entry)) != 0) {
                effectiveNew |= 1 << i;
            }
            i++;
        }
        int expanded = ellipsisStart < 0 ? 0 : ellipsisEnd - ellipsisStart - 1;

        int[] inShape = input.shape();
        int[] inStrides = CopyPlan.strides(inShape);
        int[] sizes = new int[dims];
        int[] srcStrides = new int[dims];
        int srcBase = 0;
        int[] outShape = new int[dims];
        int outRank = 0;
        int dim = 0;
        for (int i = 0; i < dims; i++) {
            if ((effectiveNew & (1 << i)) != 0) {
                sizes[i] = 1;
                outShape[outRank++] = 1;
                continue;
            }
            int n = inShape[dim];
            boolean whole = (i >= ellipsisStart && i < ellipsisEnd) || i >= entries + expanded;
            int entry = i > ellipsisStart && ellipsisStart >= 0 ? i - expanded : i;
            if (whole) {
                sizes[i] = n;
                srcStrides[i] = inStrides[dim];
                outShape[outRank++] = n;
                dim++;
                continue;
            }
            int stride = strides[entry];
            if (stride == 0) {
                throw node.error("stride " + entry + " is zero");
            }
            boolean shrink = (shrinkMask & (1 << entry)) != 0;
            boolean masked = (beginMask & (1 << entry)) != 0;
            int start;
            int size;
            if (shrink) {
                long index = masked ? (stride > 0 ? 0 : n - 1) : begin[entry] < 0 ? (long) begin[entry] + n
                        : begin[entry];
                if (index < 0 || index >= n) {
                    throw node.error("shrunk index " + begin[entry] + " is out of range for dimension " + dim
                            + " of size " + n);
                }
                start = (int) index;
                size = 1;
            } else {
                start = start(begin[entry], masked, stride, n);
                size = count(start, stop(end[entry], (endMask & (1 << entry)) != 0, stride, n), stride);
                outShape[outRank++] = size;
            }
            sizes[i] = size;
            srcStrides[i] = stride * inStrides[dim];
            srcBase += size == 0 ? 0 : start * inStrides[dim];
            dim++;
        }
        node.output(0).resize(Arrays.copyOf(outShape, outRank));
        copy = CopyPlan.of(sizes, srcStrides, CopyPlan.strides(sizes), srcBase, 0);
    }

    private static int entryCount(Node node) {
        int n = -1;
        for (int k = 1; k <= 3; k++) {
            Tensor t = node.input(k);
            String what = k == 1 ? "begin" : k == 2 ? "end" : "strides";
            if (t.numDimensions() != 1) {
                throw node.error(what + " must be a vector, has shape " + Arrays.toString(t.shape()));
            }
            if (n >= 0 && t.dim(0) != n) {
                throw node.error("begin, end and strides have different lengths");
            }
            n = t.dim(0);
        }
        return n;
    }

    /** TensorFlow Lite's {@code StartForAxis}. */
    private static int start(int begin, boolean masked, int stride, int n) {
        return clamp(masked ? (stride > 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE) : begin, stride, n);
    }

    /** TensorFlow Lite's {@code StopForAxis} for a dimension that is not shrunk. */
    private static int stop(int end, boolean masked, int stride, int n) {
        return clamp(masked ? (stride > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE) : end, stride, n);
    }

    /** Counts a negative index from the end, then clamps to [0, n] (forward) or [-1, n - 1] (backward). */
    private static int clamp(long index, int stride, int n) {
        if (index < 0) {
            index += n;
        }
        return stride > 0 ? (int) Math.max(0, Math.min(index, n)) : (int) Math.max(-1, Math.min(index, n - 1));
    }

    /** How many elements {@code start, start + stride, ...} lie before {@code stop}. */
    private static int count(int start, int stop, int stride) {
        long span = stride > 0 ? (long) stop - start : (long) start - stop;
        long step = Math.abs((long) stride);
        return span <= 0 ? 0 : (int) ((span + step - 1) / step);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        copy.copy(in.array(), in.offset(), out.array(), out.offset());
    }
}
