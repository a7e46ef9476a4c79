package dev.jlite.model;

import java.util.List;

/**
 * The sparse encoding of a constant tensor (TensorFlow Lite's {@code SparsityParameters}): the traversal order of
 * the (possibly blocked) dimensions, the block map, and for each traversed dimension either a dense size or CSR
 * segments and indices.
 */
public record Sparsity(int[] traversalOrder, int[] blockMap, List<DimensionMetadata> dimensions) {
    /** One traversed dimension: DENSE with its size, or SPARSE_CSR with segments and indices. */
    public record DimensionMetadata(boolean sparse, int denseSize, int[] segments, int[] indices) {}
}
