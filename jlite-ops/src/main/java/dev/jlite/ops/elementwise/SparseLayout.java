package dev.jlite.ops.elementwise;

import dev.jlite.kernel.Node;
import dev.jlite.model.Sparsity;
import java.util.Arrays;
import java.util.List;

/**
 * Where each stored value of a sparse tensor lands in the dense tensor, following TensorFlow Lite's
 * {@code FormatConverter} (sparse to dense). The encoding traverses {@code rank + blocks} levels: first the
 * original dimensions in {@code traversal_order} (blocked dimensions counted in blocks), then the dimensions
 * inside a block. Each level is DENSE (every index in order) or SPARSE_CSR (for each position of the previous
 * level, {@code segments[p]..segments[p+1]} select entries of {@code indices}). Unlike TensorFlow Lite, which
 * silently skips or overruns inconsistent metadata, every inconsistency is the node's error.
 */
final class SparseLayout {
    private final int[] shape;
    private final int[] order;
    private final int[] blockMap;
    private final int[] blockSize;
    private final List<Sparsity.DimensionMetadata> levels;
    private final int[] positions;
    private final int[] original;
    private int next;

    private SparseLayout(int[] shape, int[] order, int[] blockMap, int[] blockSize,
            List<Sparsity.DimensionMetadata> levels, int valueCount) {
        this.shape = shape;
        this.order = order;
        this.blockMap = blockMap;
        this.blockSize = blockSize;
        this.levels = levels;
        this.positions = new int[valueCount];
        this.original = new int[shape.length];
    }

    /**
     * The dense row-major index of each of the {@code valueCount} stored values, in storage order.
     */
    static int[] densePositions(Node node, int[] shape, Sparsity sparsity, int valueCount) {
        int rank = shape.length;
        int[] order = sparsity.traversalOrder();
        int[] blockMap = sparsity.blockMap();
        List<Sparsity.DimensionMetadata> levels = sparsity.dimensions();
        int blocks = blockMap.length;
        int total = rank + blocks;
        if (order.length != total || levels.size() != total) {
            throw node.error("sparsity: traversal_order has " + order.length + " entries and dim_metadata "
                    + levels.size() + ", expected rank " + rank + " + " + blocks + " block dimensions = " + total);
        }
        checkPermutation(node, order, 0, rank, "the first " + rank + " traversal_order entries");
        checkPermutation(node, order, rank, total, "the block traversal_order entries");
        for (int k = 0; k < blocks; k++) {
            if (blockMap[k] < 0 || blockMap[k] >= rank || (k > 0 && blockMap[k] <= blockMap[k - 1])) {
                throw node.error("sparsity: block_map " + Arrays.toString(blockMap)
                        + " must name increasing dimensions below rank " + rank);
            }
        }
        // Block k is traversed by the level whose traversal_order entry is rank + k; only dense blocks exist.
        int[] blockSize = new int[blocks];
        for (int level = rank; level < total; level++) {
            int k = order[level] - rank;
            Sparsity.DimensionMetadata m = levels.get(level);
            if (m.sparse()) {
                throw node.error("sparsity: block dimension level " + level + " is sparse; only dense blocks exist");
            }
            int size = m.denseSize();
            int dim = blockMap[k];
            if (size <= 0 || shape[dim] % size != 0) {
                throw node.error("sparsity: block size " + size + " does not divide dimension " + dim + " of "
                        + Arrays.toString(shape));
            }
            blockSize[k] = size;
        }
        int[] blocked = shape.clone();
        for (int k = 0; k < blocks; k++) {
            blocked[blockMap[k]] /= blockSize[k];
        }
        // Count the positions of each level, checking the CSR arrays against the level before.
        long positions = 1;
        for (int level = 0; level < total; level++) {
            int size = level < rank ? blocked[order[level]] : blockSize[order[level] - rank];
            Sparsity.DimensionMetadata m = levels.get(level);
            if (!m.sparse()) {
                if (m.denseSize() != size) {
                    throw node.error("sparsity: dense level " + level + " has size " + m.denseSize() + ", expected "
                            + size);
                }
                positions *= size;
                continue;
            }
            int[] segments = m.segments();
            int[] indices = m.indices();
            if (segments == null || indices == null || segments.length != positions + 1) {
                throw node.error("sparsity: sparse level " + level + " needs " + (positions + 1)
                        + " segments, has " + (segments == null ? 0 : segments.length));
            }
            if (segments[0] != 0) {
                throw node.error("sparsity: sparse level " + level + " segments must start at 0");
            }
            for (int p = 0; p < positions; p++) {
                if (segments[p + 1] < segments[p]) {
                    throw node.error("sparsity: sparse level " + level + " segments decrease at " + (p + 1));
                }
            }
            if (segments[(int) positions] != indices.length) {
                throw node.error("sparsity: sparse level " + level + " segments end at "
                        + segments[(int) positions] + " but there are " + indices.length + " indices");
            }
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= size) {
                    throw node.error("sparsity: sparse level " + level + " index " + indices[i]
                            + " is outside [0, " + size + ")");
                }
            }
            positions = indices.length;
        }
        if (positions != valueCount) {
            throw node.error("sparsity: the metadata addresses " + positions + " values but the tensor stores "
                    + valueCount);
        }
        SparseLayout layout = new SparseLayout(shape, order, blockMap, blockSize, levels, valueCount);
        layout.walk(0, 0, new int[total]);
        return layout.positions;
    }

    private static void checkPermutation(Node node, int[] order, int from, int to, String what) {
        boolean[] seen = new boolean[to - from];
        for (int i = from; i < to; i++) {
            int v = order[i] - from;
            if (v < 0 || v >= seen.length || seen[v]) {
                throw node.error("sparsity: " + what + " of traversal_order " + Arrays.toString(order)
                        + " must be a permutation of " + from + ".." + (to - 1));
            }
            seen[v] = true;
        }
    }

    /** Visits level {@code level} below position {@code parent} of the previous level. */
    private void walk(int level, int parent, int[] index) {
        if (level == index.length) {
            positions[next++] = denseIndex(index);
            return;
        }
        Sparsity.DimensionMetadata m = levels.get(level);
        if (!m.sparse()) {
            int size = m.denseSize();
            for (int i = 0; i < size; i++) {
                index[level] = i;
                walk(level + 1, parent * size + i, index);
            }
        } else {
            int[] segments = m.segments();
            int[] indices = m.indices();
            for (int p = segments[parent]; p < segments[parent + 1]; p++) {
                index[level] = indices[p];
                walk(level + 1, p, index);
            }
        }
    }

    private int denseIndex(int[] index) {
        int rank = shape.length;
        for (int level = 0; level < rank; level++) {
            original[order[level]] = index[level];
        }
        for (int level = rank; level < index.length; level++) {
            int k = order[level] - rank;
            original[blockMap[k]] = original[blockMap[k]] * blockSize[k] + index[level];
        }
        int flat = 0;
        for (int d = 0; d < rank; d++) {
            flat = flat * shape[d] + original[d];
        }
        return flat;
    }
}
