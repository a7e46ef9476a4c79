package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * SLICE: the box of {@code size[d]} elements from {@code begin[d]} along every dimension d (INT32 or INT64 vectors
 * of the input's rank); a size of -1 takes the rest of the dimension. The box must lie inside the input.
 */
final class SliceKernel extends MovementKernel {
    private CopyPlan copy;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(3, 3, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "begin");
        Checks.indexType(node, node.requireInput(2), "size");
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant() && node.input(2).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        int rank = input.numDimensions();
        for (int k = 1; k <= 2; k++) {
            Tensor t = node.input(k);
            if (t.numDimensions() != 1 || t.dim(0) != rank) {
                throw node.error((k == 1 ? "begin" : "size") + " must have shape [" + rank + "], has "
                        + Arrays.toString(t.shape()));
            }
        }
        int[] begin = Checks.ints(node, node.input(1), "begin");
        int[] size = Checks.ints(node, node.input(2), "size");
        int[] inShape = input.shape();
        int[] inStrides = CopyPlan.strides(inShape);
        int base = 0;
        for (int d = 0; d < rank; d++) {
            int n = inShape[d];
            if (size[d] == -1) {
                size[d] = n - begin[d];
            }
            if (begin[d] < 0 || size[d] < 0 || (long) begin[d] + size[d] > n) {
                throw node.error("slice begin " + Arrays.toString(begin) + " size " + Arrays.toString(size)
                        + " leaves input shape " + Arrays.toString(inShape));
            }
            base += begin[d] * inStrides[d];
        }
        node.output(0).resize(size);
        copy = CopyPlan.of(size, inStrides, CopyPlan.strides(size), base, 0);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        copy.copy(in.array(), in.offset(), out.array(), out.offset());
    }
}
