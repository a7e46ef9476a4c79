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
    private static final int ADJ_X = 0, ADJ_Y = 1;
    /** The options' union type code. */
    private static final int OPTIONS = 101;

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
        int aRank = a.numDimensions();
        int bRank = b.numDimensions();
        if (aRank < 2 || aRank > 4 || bRank < 2 || bRank > 4) {
            throw node.error("operands must have rank 2 to 4, have " + aRank + " and " + bRank);
        }
        FlatTable o = node.options(OPTIONS);
        boolean adjX = o != null && o.getBool(ADJ_X, false);
        boolean adjY = o != null && o.getBool(ADJ_Y, false);
        int aRows = a.dim(aRank - 2);
        int aCols = a.dim(aRank - 1);
        int bRows = b.dim(bRank - 2);
        int bCols = b.dim(bRank - 1);
        rows = adjX ? aCols : aRows;
        depth = adjX ? aRows : aCols;
        int bDepth = adjY ? bCols : bRows;
        cols = adjY ? bRows : bCols;
        if (depth != bDepth) {
            throw node.error("inner dimensions differ: " + depth + " (left" + (adjX ? ", adjoint" : "") + ") and "
                    + bDepth + " (right" + (adjY ? ", adjoint" : "") + ")");
        }
        lhsRowStride = adjX ? 1 : aCols;
        lhsDepthStride = adjX ? aCols : 1;
        rhsDepthStride = adjY ? 1 : bCols;
        rhsColStride = adjY ? bCols : 1;

        int batchRank = Math.max(aRank, bRank) - 2;
        int[] outShape = new int[batchRank + 2];
        int[] aStride = new int[batchRank];
        int[] bStride = new int[batchRank];
        int aRun = aRows * aCols;
        int bRun = bRows * bCols;
        for (int d = batchRank - 1; d >= 0; d--) {
            int ad = d - (batchRank - (aRank - 2));
            int bd = d - (batchRank - (bRank - 2));
            int aSize = ad >= 0 ? a.dim(ad) : 1;
            int bSize = bd >= 0 ? b.dim(bd) : 1;
            if (aSize != bSize && aSize != 1 && bSize != 1) {
                throw node.error("batch dimensions " + aSize + " and " + bSize + " do not broadcast");
            }
            outShape[d] = aSize == 1 ? bSize : aSize;
            aStride[d] = aSize == 1 ? 0 : aRun;
            bStride[d] = bSize == 1 ? 0 : bRun;
            aRun *= aSize;
            bRun *= bSize;
        }
        outShape[batchRank] = rows;
        outShape[batchRank + 1] = cols;
        batches = 1;
        for (int d = 0; d < batchRank; d++) {
            batches *= outShape[d];
        }
        lhsBatch = new int[batches];
        rhsBatch = new int[batches];
        for (int i = 0; i < batches; i++) {
            int rest = i;
            for (int d = batchRank - 1; d >= 0; d--) {
                int k = rest % outShape[d];
                rest /= outShape[d];
                lhsBatch[i] += k * aStride[d];
                rhsBatch[i] += k * bStride[d];
            }
        }
        output.resize(outShape);
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
