package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * REVERSE_V2: the input with the order of elements reversed along each dimension listed in the INT32 or INT64 axis
 * vector (negative counts from the end): one strided copy with negative source strides.
 */
final class ReverseKernel extends MovementKernel {
    private CopyPlan copy;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "axis");
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor axisInput = node.input(1);
        if (axisInput.numDimensions() > 1) {
            throw node.error("axis must be a vector, has shape " + Arrays.toString(axisInput.shape()));
        }
        int rank = input.numDimensions();
        int[] shape = input.shape();
        int[] strides = CopyPlan.strides(shape);
        int[] src = strides.clone();
        int base = 0;
        boolean[] reversed = new boolean[rank];
        for (int a : Checks.ints(node, axisInput, "axis")) {
            int d = Checks.axis(node, a, rank, "axis");
            if (reversed[d]) {
                throw node.error("axis " + a + " is listed twice");
            }
            reversed[d] = true;
            src[d] = -strides[d];
            base += (shape[d] - 1) * strides[d];
        }
        node.output(0).resize(shape);
        copy = CopyPlan.of(shape, src, strides, Math.max(base, 0), 0);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        copy.copy(in.array(), in.offset(), out.array(), out.offset());
    }
}
