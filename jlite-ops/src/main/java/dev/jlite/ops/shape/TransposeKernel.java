package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * TRANSPOSE: output dimension {@code i} is input dimension {@code perm[i]}, for inputs of up to six dimensions.
 * The permutation must name every input dimension exactly once.
 */
final class TransposeKernel extends MovementKernel {
    private static final int MAX_RANK = 6;
    private CopyPlan copy;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "permutation");
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor permInput = node.input(1);
        Checks.maxRank(node, input, MAX_RANK, "input");
        int rank = input.numDimensions();
        Checks.rank(node, permInput, 1, "permutation");
        if (permInput.dim(0) != rank) {
            throw node.error("permutation has " + permInput.dim(0) + " entries for an input of rank " + rank);
        }
        int[] perm = Checks.ints(node, permInput, "permutation");
        boolean[] seen = new boolean[rank];
        for (int p : perm) {
            if (p < 0 || p >= rank || seen[p]) {
                throw node.error("permutation " + Arrays.toString(perm) + " is not a permutation of 0.." + (rank - 1));
            }
            seen[p] = true;
        }
        int[] inShape = input.shape();
        int[] inStrides = CopyPlan.strides(inShape);
        int[] outShape = new int[rank];
        int[] srcStrides = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = inShape[perm[i]];
            srcStrides[i] = inStrides[perm[i]];
        }
        node.output(0).resize(outShape);
        copy = CopyPlan.of(outShape, srcStrides, CopyPlan.strides(outShape), 0, 0);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        copy.copy(in.array(), in.offset(), out.array(), out.offset());
    }
}
