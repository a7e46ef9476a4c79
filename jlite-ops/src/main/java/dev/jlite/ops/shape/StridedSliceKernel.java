package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * STRIDED_SLICE with begin, end and strides inputs (INT32 or INT64 vectors of one length) and the five masks of
 * {@code StridedSliceOptions}. Entries are first matched to input dimensions as TensorFlow does: an ellipsis entry
 * stands for as many full dimensions as needed (an implicit one follows the last entry), a new-axis entry adds an
 * output dimension of size 1 and uses no input dimension. Each input dimension is then sliced with TensorFlow
 * Lite's clamping ({@code strided_slice_logic.h}): begin is clamped to {@code [0, size - 1]}; end to
 * {@code [0, size]} for positive strides and {@code [-1, size - 1]} for negative ones; a shrunk dimension takes the
 * one element at the clamped begin, whatever the stride's sign (TensorFlow Lite 2.6 leaves the output unwritten
 * for a negative stride there).
 */
final class StridedSliceKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 32;
    private static final int BEGIN_MASK = 0;
    private static final int END_MASK = 1;
    private static final int ELLIPSIS_MASK = 2;
    private static final int NEW_AXIS_MASK = 3;
    private static final int SHRINK_AXIS_MASK = 4;
    /** TensorFlow Lite's limit on the input rank of STRIDED_SLICE. */
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
        // Without an explicit ellipsis, one follows the last entry: unmentioned dimensions are taken whole.
        int ellipsisAt = ellipses == 0 ? entries : Integer.numberOfTrailingZeros(ellipses);
        int total = ellipses == 0 ? entries + 1 : entries;
        int newAxesAfterEllipsis = Integer.bitCount(newAxisMask & entryBits & ~((2 << ellipsisAt) - 1));

        int[] inShape = input.shape();
        int[] inStrides = CopyPlan.strides(inShape);
        int[] sizes = new int[rank];
        int[] srcStrides = new int[rank];
        int srcBase = 0;
        int[] outShape = new int[rank + Integer.bitCount(newAxisMask & entryBits)];
        int outRank = 0;
        int dim = 0;
        for (int i = 0; i < total; i++) {
            if (i == ellipsisAt) {
                int next = Math.min(rank - (total - i) + 1 + newAxesAfterEllipsis, rank);
                for (; dim < next; dim++) {
                    sizes[dim] = inShape[dim];
                    srcStrides[dim] = inStrides[dim];
                    outShape[outRank++] = inShape[dim];
                }
            } else if ((newAxisMask & (1 << i)) != 0) {
                outShape[outRank++] = 1;
            } else {
                if (dim >= rank) {
                    throw node.error("slice has more entries than the input's " + rank + " dimensions");
                }
                int stride = strides[i];
                if (stride == 0) {
                    throw node.error("stride " + i + " is zero");
                }
                int n = inShape[dim];
                boolean shrink = (shrinkMask & (1 << i)) != 0;
                int start = start(begin[i], (beginMask & (1 << i)) != 0, stride, n);
                int stop = shrink ? start + 1 : stop(end[i], (endMask & (1 << i)) != 0, stride, n);
                int size = n == 0 ? 0 : shrink ? 1 : count(start, stop, stride);
                sizes[dim] = size;
                srcStrides[dim] = stride * inStrides[dim];
                srcBase += size == 0 ? 0 : start * inStrides[dim];
                if (!shrink) {
                    outShape[outRank++] = size;
                }
                dim++;
            }
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
        long start = masked ? (stride > 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE) : begin;
        if (start < 0) {
            start += n;
        }
        return (int) Math.max(0, Math.min(start, n - 1));
    }

    /** TensorFlow Lite's {@code StopForAxis} for a dimension that is not shrunk. */
    private static int stop(int end, boolean masked, int stride, int n) {
        long stop = masked ? (stride > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE) : end;
        if (stop < 0) {
            stop += n;
        }
        return stride > 0 ? (int) Math.max(0, Math.min(stop, n)) : (int) Math.max(-1, Math.min(stop, n - 1));
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
