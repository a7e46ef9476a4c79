package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;

/**
 * GATHER: picks slices of the input along {@code GatherOptions.axis} by INT32 or INT64 positions; the first
 * {@code batch_dims} dimensions of input and positions are matched batches. The output shape is
 * {@code input[:axis] + positions[batch_dims:] + input[axis+1:]}. A position outside {@code [0, axis size)} is an
 * error when running.
 */
final class GatherKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 23;
    private static final int AXIS = 0;
    private static final int BATCH_DIMS = 1;

    private int batches;
    private int outer;
    private int axisSize;
    private int inner;
    private int coords;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "positions");
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor positions = node.input(1);
        int rank = input.numDimensions();
        int posRank = positions.numDimensions();
        FlatTable options = Checks.options(node, OPTIONS_TYPE);
        int axis = Checks.axis(node, options == null ? 0 : options.getInt(AXIS, 0), rank, "axis");
        int batchDims = options == null ? 0 : options.getInt(BATCH_DIMS, 0);
        if (batchDims < 0) {
            batchDims += posRank;
        }
        if (batchDims < 0 || batchDims > posRank || batchDims >= rank || batchDims > axis) {
            throw node.error("batch_dims " + batchDims + " must lie in [0, min(axis " + axis + ", rank of positions "
                    + posRank + ")]");
        }
        for (int d = 0; d < batchDims; d++) {
            if (input.dim(d) != positions.dim(d)) {
                throw node.error("batch dimension " + d + " of input (" + input.dim(d) + ") and positions ("
                        + positions.dim(d) + ") differ");
            }
        }
        int[] inShape = input.shape();
        int[] posShape = positions.shape();
        int[] outShape = new int[rank + posRank - 1 - batchDims];
        int k = 0;
        for (int d = 0; d < axis; d++) {
            outShape[k++] = inShape[d];
        }
        for (int d = batchDims; d < posRank; d++) {
            outShape[k++] = posShape[d];
        }
        for (int d = axis + 1; d < rank; d++) {
            outShape[k++] = inShape[d];
        }
        node.output(0).resize(outShape);
        batches = Checks.product(node, inShape, 0, batchDims);
        outer = Checks.product(node, inShape, batchDims, axis);
        axisSize = inShape[axis];
        inner = Checks.product(node, inShape, axis + 1, rank);
        coords = Checks.product(node, posShape, batchDims, posRank);
    }

    @Override
    protected void run(Node node) {
        Tensor input = node.input(0);
        Tensor positions = node.input(1);
        Tensor output = node.output(0);
        Object src = input.array();
        Object dst = output.array();
        boolean wide = positions.dataType() == DataType.INT64;
        int[] p32 = wide ? null : positions.ints();
        long[] p64 = wide ? positions.longs() : null;
        int pBase = positions.offset();
        int dp = output.offset();
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outer; o++) {
                int sBase = input.offset() + (b * outer + o) * axisSize * inner;
                for (int j = 0; j < coords; j++, dp += inner) {
                    long index = wide ? p64[pBase + b * coords + j] : p32[pBase + b * coords + j];
                    if (index < 0 || index >= axisSize) {
                        throw node.error("position " + index + " is out of range [0, " + axisSize + ")");
                    }
                    System.arraycopy(src, sBase + (int) index * inner, dst, dp, inner);
                }
            }
        }
    }
}
