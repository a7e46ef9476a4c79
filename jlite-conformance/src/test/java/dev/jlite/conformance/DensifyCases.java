package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT16;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.model.Sparsity;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.SubgraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DENSIFY of sparse constants (FLOAT32, FLOAT16, INT8): ranks 1 to 3, every level DENSE or SPARSE_CSR, permuted
 * traversal orders, a blocked dimension, stored zeros, index vectors of every width; for FLOAT32 also the usual
 * pattern of sparse weights densified into a FULLY_CONNECTED, for FLOAT16 the dense halves dequantized to float
 * (the official Java binding reads no FLOAT16 tensor).
 */
final class DensifyCases {
    private DensifyCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {FLOAT32, FLOAT16, INT8}) {
            all.add(new OpCases("DENSIFY", type, r -> type == FLOAT32 && r.chance(0.4) ? intoFullyConnected(r)
                    : densify(r, type)));
        }
        return all;
    }

    private static DiffCase densify(CaseRandom r, DataType type) {
        int[] shape = r.shape(r.between(1, 3), 8);
        Object dense = values(r, type, CaseRandom.size(shape));
        Encoded e = encode(r, shape, dense);
        OpModel m = new OpModel(BuiltinOperator.DENSIFY).noDefaultOperator();
        SubgraphBuilder g = m.graph();
        // The official Java binding runs no model without inputs: an unused one.
        m.input(FLOAT32, 1);
        int sparse = g.sparseConstant("sparse", type, shape, e.sparsity, e.stored);
        String what = "DENSIFY " + type + " " + Shapes.str(shape) + " " + e.description;
        if (type == FLOAT16) {
            // Nor does it read FLOAT16 tensors: the dense halves go through DEQUANTIZE, as in float16 models.
            int dense16 = g.tensor("dense", FLOAT16, shape);
            int out = m.output(FLOAT32);
            g.operator(BuiltinOperator.DENSIFY, new int[] {sparse}, new int[] {dense16}, BuiltinOptions.densify());
            g.operator(BuiltinOperator.DEQUANTIZE, new int[] {dense16}, new int[] {out}, BuiltinOptions.dequantize());
            what += " -> DEQUANTIZE";
        } else {
            int out = m.output(type);
            g.operator(BuiltinOperator.DENSIFY, new int[] {sparse}, new int[] {out}, BuiltinOptions.densify());
        }
        return new DiffCase(what, m, Tolerance.EXACT, new float[] {0f});
    }

    private static DiffCase intoFullyConnected(CaseRandom r) {
        int units = ConvCases.channels(r);
        int depth = ConvCases.channels(r);
        int batches = r.between(1, 4);
        int[] shape = {units, depth};
        float[] dense = (float[]) values(r, FLOAT32, units * depth);
        Encoded e = encode(r, shape, dense);
        OpModel m = new OpModel(BuiltinOperator.FULLY_CONNECTED).noDefaultOperator();
        SubgraphBuilder g = m.graph();
        int x = m.input(FLOAT32, batches, depth);
        int sparse = g.sparseConstant("sparse_weights", FLOAT32, shape, e.sparsity, e.stored);
        int weights = g.tensor("weights", FLOAT32, shape);
        int bias = g.constant("bias", FLOAT32, new int[] {units}, r.floats(units, -1, 1));
        int out = m.output(FLOAT32);
        g.operator(BuiltinOperator.DENSIFY, new int[] {sparse}, new int[] {weights}, BuiltinOptions.densify());
        g.operator(BuiltinOperator.FULLY_CONNECTED, new int[] {x, weights, bias}, new int[] {out},
                BuiltinOptions.fullyConnected(FusedActivation.NONE, false));
        return new DiffCase("DENSIFY -> FULLY_CONNECTED weights " + Shapes.str(shape) + " " + e.description
                + " batches " + batches, m, Tolerance.FLOAT, r.floats(batches * depth, -2, 2));
    }

    /** Dense values, a random share of them zero but never all (FLOAT16 as raw bits of normal halves). */
    private static Object values(CaseRandom r, DataType type, int n) {
        double zeros = r.pick(0.2, 0.5, 0.9);
        switch (type) {
            case FLOAT32 -> {
                float[] v = r.floats(n, -2, 2);
                for (int i = 1; i < n; i++) {
                    v[i] = r.chance(zeros) ? 0f : v[i];
                }
                v[0] = v[0] == 0 ? 1f : v[0];
                return v;
            }
            case FLOAT16 -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i > 0 && r.chance(zeros) ? 0
                            : (short) ((r.between(0, 1) << 15) | (r.between(10, 20) << 10) | r.between(0, 1023));
                }
                return v;
            }
            default -> {
                byte[] v = r.bytes(n, -128, 127);
                for (int i = 1; i < n; i++) {
                    v[i] = r.chance(zeros) ? 0 : v[i];
                }
                v[0] = v[0] == 0 ? 1 : v[0];
                return v;
            }
        }
    }

    /** A sparse encoding: its parameters, the stored values, and what was chosen. */
    private record Encoded(Sparsity sparsity, Object stored, String description) {}

    /**
     * Encodes a dense tensor as TensorFlow Lite's FormatConverter reads it: the original dimensions in a random
     * traversal order (a blocked dimension counted in blocks), then the block's own dense level; each original
     * level DENSE or SPARSE_CSR. A sparse level lists the indices whose sub-tree holds a non-zero value, and now
     * and then one that does not (stored zeros are legal).
     */
    private static Encoded encode(CaseRandom r, int[] shape, Object dense) {
        int rank = shape.length;
        int blocked = -1;
        int blockSize = 1;
        if (r.chance(0.3)) {
            int d = r.between(0, rank - 1);
            List<Integer> sizes = new ArrayList<>();
            for (int b = 2; b <= shape[d]; b++) {
                if (shape[d] % b == 0) {
                    sizes.add(b);
                }
            }
            if (!sizes.isEmpty()) {
                blocked = d;
                blockSize = sizes.get(r.between(0, sizes.size() - 1));
            }
        }
        int levels = rank + (blocked >= 0 ? 1 : 0);
        int[] order = new int[levels];
        for (int i = 0; i < levels; i++) {
            order[i] = i;
        }
        if (r.chance(0.4)) {
            for (int i = rank - 1; i > 0; i--) {
                int j = r.between(0, i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int[] levelSize = new int[levels];
        boolean[] sparse = new boolean[levels];
        for (int l = 0; l < levels; l++) {
            if (l < rank) {
                int d = order[l];
                levelSize[l] = d == blocked ? shape[d] / blockSize : shape[d];
                sparse[l] = r.chance(0.5);
            } else {
                levelSize[l] = blockSize;
            }
        }
        // The level indices of every dense element.
        int n = CaseRandom.size(shape);
        int[][] levelIndex = new int[n][levels];
        int[] coord = new int[rank];
        for (int e = 0; e < n; e++) {
            int rest = e;
            for (int d = rank - 1; d >= 0; d--) {
                coord[d] = rest % shape[d];
                rest /= shape[d];
            }
            for (int l = 0; l < rank; l++) {
                int d = order[l];
                levelIndex[e][l] = d == blocked ? coord[d] / blockSize : coord[d];
            }
            if (blocked >= 0) {
                levelIndex[e][rank] = coord[blocked] % blockSize;
            }
        }
        Walk walk = new Walk(r, dense, levelIndex, levelSize, sparse, shape, order, blocked, blockSize);
        walk.visit(0, new int[levels]);
        List<Sparsity.DimensionMetadata> dims = new ArrayList<>();
        StringBuilder formats = new StringBuilder();
        for (int l = 0; l < levels; l++) {
            dims.add(sparse[l]
                    ? new Sparsity.DimensionMetadata(true, 0, walk.segments.get(l).stream().mapToInt(i -> i).toArray(),
                            walk.indices.get(l).stream().mapToInt(i -> i).toArray())
                    : new Sparsity.DimensionMetadata(false, levelSize[l], null, null));
            formats.append(sparse[l] ? 'S' : 'D');
        }
        int[] blockMap = blocked >= 0 ? new int[] {blocked} : new int[0];
        String description = "order " + Arrays.toString(order) + " formats " + formats
                + (blocked >= 0 ? " block " + blockSize + " on dim " + blocked : "") + " stored " + walk.count;
        return new Encoded(new Sparsity(order, blockMap, dims), walk.stored(), description);
    }

    /** The depth-first walk that writes the segments, indices and stored values, level by level. */
    private static final class Walk {
        final CaseRandom r;
        final Object dense;
        final int[][] levelIndex;
        final int[] levelSize;
        final boolean[] sparse;
        final int[] shape;
        final int[] order;
        final int blocked;
        final int blockSize;
        final List<List<Integer>> segments = new ArrayList<>();
        final List<List<Integer>> indices = new ArrayList<>();
        final List<Integer> storedElements = new ArrayList<>();
        final boolean[] nonZero;
        int count;

        Walk(CaseRandom r, Object dense, int[][] levelIndex, int[] levelSize, boolean[] sparse, int[] shape,
                int[] order, int blocked, int blockSize) {
            this.r = r;
            this.dense = dense;
            this.levelIndex = levelIndex;
            this.levelSize = levelSize;
            this.sparse = sparse;
            this.shape = shape;
            this.order = order;
            this.blocked = blocked;
            this.blockSize = blockSize;
            this.nonZero = new boolean[levelIndex.length];
            for (int e = 0; e < nonZero.length; e++) {
                nonZero[e] = java.lang.reflect.Array.getDouble(dense instanceof short[] s ? new int[] {s[e]} : dense,
                        dense instanceof short[] ? 0 : e) != 0;
            }
            for (int l = 0; l < levelSize.length; l++) {
                segments.add(new ArrayList<>(List.of(0)));
                indices.add(new ArrayList<>());
            }
        }

        void visit(int level, int[] prefix) {
            if (level == levelSize.length) {
                storedElements.add(element(prefix));
                count++;
                return;
            }
            for (int i = 0; i < levelSize[level]; i++) {
                prefix[level] = i;
                if (sparse[level]) {
                    if (!nonZeroBelow(prefix, level) && !r.chance(0.1)) {
                        continue;
                    }
                    indices.get(level).add(i);
                }
                visit(level + 1, prefix);
            }
            if (sparse[level]) {
                segments.get(level).add(indices.get(level).size());
            }
        }

        private boolean nonZeroBelow(int[] prefix, int level) {
            for (int e = 0; e < levelIndex.length; e++) {
                if (!nonZero[e]) {
                    continue;
                }
                boolean match = true;
                for (int l = 0; l <= level && match; l++) {
                    match = levelIndex[e][l] == prefix[l];
                }
                if (match) {
                    return true;
                }
            }
            return false;
        }

        /** The dense element that a full level index names. */
        private int element(int[] levels) {
            int rank = shape.length;
            int[] coord = new int[rank];
            for (int l = 0; l < rank; l++) {
                coord[order[l]] = levels[l];
            }
            if (blocked >= 0) {
                coord[blocked] = coord[blocked] * blockSize + levels[rank];
            }
            int e = 0;
            for (int d = 0; d < rank; d++) {
                e = e * shape[d] + coord[d];
            }
            return e;
        }

        Object stored() {
            int n = storedElements.size();
            Object out = java.lang.reflect.Array.newInstance(dense.getClass().getComponentType(), n);
            for (int i = 0; i < n; i++) {
                java.lang.reflect.Array.set(out, i, java.lang.reflect.Array.get(dense, storedElements.get(i)));
            }
            return out;
        }
    }
}
