package dev.jlite.ops.matmul;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * The shapes of a BATCH_MATMUL as TensorFlow Lite 2.6 defines them: operands of rank 2 to 4 whose last two
 * dimensions are matrices ({@code adj_x}/{@code adj_y} transpose them first) and whose leading dimensions broadcast
 * against each other, aligned to the right. Gives the output shape, each output batch's left and right matrix
 * offsets, and the element strides along rows, depth and columns, so kernels read the operands in place.
 */
final class MatMulGeometry {
    final int rows;
    final int cols;
    final int depth;
    final int batches;
    /** Per output batch: the offset of its left and right matrices. */
    final int[] lhsBatch;
    final int[] rhsBatch;
    final int lhsRowStride;
    final int lhsDepthStride;
    final int rhsDepthStride;
    final int rhsColStride;
    final int[] outShape;

    MatMulGeometry(Node node, Tensor a, Tensor b, boolean adjX, boolean adjY) {
        int aRank = a.numDimensions();
        int bRank = b.numDimensions();
        if (aRank < 2 || aRank > 4 || bRank < 2 || bRank > 4) {
            throw node.error("operands must have rank 2 to 4, have " + aRank + " and " + bRank);
        }
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
        outShape = new int[batchRank + 2];
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
        int n = 1;
        for (int d = 0; d < batchRank; d++) {
            n *= outShape[d];
        }
        batches = n;
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
    }
}
