package dev.jlite.ops.elementwise;

import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * The loops of a reduction: the input's dimensions with size-1 dimensions dropped and neighbours of the same kind
 * (reduced or kept) merged, the input and output strides along them, and the output shape. For MEAN over H and W
 * of an NHWC tensor this is two loops, positions outside and a contiguous channel run inside.
 */
public final class ReducePlan {
    public final int[] outputShape;
    /** Merged dimensions, outermost first (may be empty for a single element). */
    public final int[] dims;
    public final boolean[] reduced;
    public final int[] inStrides;
    public final int[] outStrides;
    /** Input elements folded into each output element. */
    public final int count;
    /** The merged kept dimension split across threads, or -1 when there is none. */
    public final int splitDim;

    private ReducePlan(int[] outputShape, int[] dims, boolean[] reduced, int[] inStrides, int[] outStrides,
            int count, int splitDim) {
        this.outputShape = outputShape;
        this.dims = dims;
        this.reduced = reduced;
        this.inStrides = inStrides;
        this.outStrides = outStrides;
        this.count = count;
        this.splitDim = splitDim;
    }

    /**
     * Resolves the axis values as TensorFlow Lite does (negative axes count from the end, duplicates count once,
     * each must lie in {@code [-rank, rank)}) and plans the loops.
     */
    public static ReducePlan of(Node node, int[] shape, int[] axisData, int axisOffset, int axisCount,
            boolean keepDims) {
        int rank = shape.length;
        boolean[] isReduced = new boolean[rank];
        for (int i = 0; i < axisCount; i++) {
            int axis = axisData[axisOffset + i];
            if (axis < -rank || axis >= rank) {
                throw node.error("axis " + axis + " is out of range for an input of rank " + rank);
            }
            isReduced[axis < 0 ? axis + rank : axis] = true;
        }
        int[] out = new int[rank];
        int outRank = 0;
        long count = 1;
        for (int d = 0; d < rank; d++) {
            if (isReduced[d]) {
                count *= shape[d];
                if (keepDims) {
                    out[outRank++] = 1;
                }
            } else {
                out[outRank++] = shape[d];
            }
        }
        int[] dims = new int[rank];
        boolean[] reduced = new boolean[rank];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (n > 0 && reduced[n - 1] == isReduced[d]) {
                dims[n - 1] *= shape[d];
            } else {
                dims[n] = shape[d];
                reduced[n] = isReduced[d];
                n++;
            }
        }
        dims = Arrays.copyOf(dims, n);
        reduced = Arrays.copyOf(reduced, n);
        int[] inStrides = new int[n];
        int[] outStrides = new int[n];
        int inRun = 1;
        int outRun = 1;
        int splitDim = -1;
        for (int d = n - 1; d >= 0; d--) {
            inStrides[d] = inRun;
            inRun *= dims[d];
            if (!reduced[d]) {
                outStrides[d] = outRun;
                outRun *= dims[d];
                if (splitDim < 0 || dims[d] > dims[splitDim]) {
                    splitDim = d;
                }
            }
        }
        return new ReducePlan(Arrays.copyOf(out, outRank), dims, reduced, inStrides, outStrides, (int) count,
                splitDim);
    }
}
