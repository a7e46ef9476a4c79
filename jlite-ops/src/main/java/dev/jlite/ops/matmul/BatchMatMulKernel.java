package dev.jlite.ops.matmul;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.elementwise.Parallel;

/**
 * BATCH_MATMUL on FLOAT32, as TensorFlow Lite 2.6 defines it: operands of rank 2 to 4 (2.6 rejects rank 5) whose
 * last two dimensions are matrices ({@code adj_x}/{@code adj_y} transpose them first) and whose leading dimensions
 * broadcast against each other, aligned to the right; the output has the broadcast batch shape and
 * {@code [rows, cols]}. Either operand may be constant or computed. Work is split across threads by output rows.
 */
final class BatchMatMulKernel implements Kernel {
    /** BatchMatMulOptions field ids. */
    static final int ADJ_X = 0, ADJ_Y = 1, ASYMMETRIC_QUANTIZE_INPUTS = 2;
    /** The options' union type code. */
    static final int OPTIONS = 101;

    private final ThreadPool.RangeTask task = this::rows;
    private int rows;
    private int cols;
    private int depth;
    private int batches;
    /** Per output batch: the offset of its left and right matrices. */
    private int[] lhsBatch;
    private int[] rhsBatch;
    /** Strides of the left operand along output rows and the depth, and of the right one along depth and cols. */
    private int lhsRowStride;
    private int lhsDepthStride;
    private int rhsDepthStride;
    private int rhsColStride;
    // Operands of the eval in progress, read by the worker threads.
    private float[] lhs;
    private int lhsBase;
    private float[] rhs;
    private int rhsBase;
    private float[] out;
    private int outBase;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor a = node.requireInput(0);
        Tensor b = node.requireInput(1);
        Tensor output = node.output(0);
        for (Tensor t : new Tensor[] {a, b, output}) {
            if (t.dataType() != DataType.FLOAT32) {
                throw node.error("only FLOAT32 is supported, got " + a.dataType() + " x " + b.dataType() + " -> "
                        + output.dataType());
            }
        }
        FlatTable o = node.options(OPTIONS);
        boolean adjX = o != null && o.getBool(ADJ_X, false);
        boolean adjY = o != null && o.getBool(ADJ_Y, false);
        MatMulGeometry g = new MatMulGeometry(node, a, b, adjX, adjY);
        rows = g.rows;
        cols = g.cols;
        depth = g.depth;
        batches = g.batches;
        lhsBatch = g.lhsBatch;
        rhsBatch = g.rhsBatch;
        lhsRowStride = g.lhsRowStride;
        lhsDepthStride = g.lhsDepthStride;
        rhsDepthStride = g.rhsDepthStride;
        rhsColStride = g.rhsColStride;
        output.resize(g.outShape);
    }

    @Override
    public void eval(Node node) {
        int units = batches * rows;
        if (units == 0 || cols == 0) {
            return;
        }
        Tensor a = node.input(0);
        Tensor b = node.input(1);
        Tensor output = node.output(0);
        lhs = a.floats();
        lhsBase = a.offset();
        rhs = b.floats();
        rhsBase = b.offset();
        out = output.floats();
        outBase = output.offset();
        Parallel.run(node, units, (long) units * cols * depth, task);
        lhs = null;
        rhs = null;
        out = null;
    }

    /** Output rows {@code [from, to)} counted across batches. */
    private void rows(int from, int to) {
        for (int u = from; u < to; u++) {
            int batch = u / rows;
            int row = u - batch * rows;
            int aRow = lhsBase + lhsBatch[batch] + row * lhsRowStride;
            int bMatrix = rhsBase + rhsBatch[batch];
            int o = outBase + u * cols;
            if (rhsColStride == 1) {
                // Row of the output += a[row, k] * row k of the right matrix: contiguous, vectorizable.
                java.util.Arrays.fill(out, o, o + cols, 0f);
                for (int k = 0; k < depth; k++) {
                    float x = lhs[aRow + k * lhsDepthStride];
                    int bRow = bMatrix + k * rhsDepthStride;
                    for (int j = 0; j < cols; j++) {
                        out[o + j] += x * rhs[bRow + j];
                    }
                }
            } else {
                // The right matrix is transposed: each output is a dot product along contiguous depth.
                for (int j = 0; j < cols; j++) {
                    int bCol = bMatrix + j * rhsColStride;
                    float sum = 0f;
                    for (int k = 0; k < depth; k++) {
                        sum += lhs[aRow + k * lhsDepthStride] * rhs[bCol + k];
                    }
                    out[o + j] = sum;
                }
            }
        }
    }
}
