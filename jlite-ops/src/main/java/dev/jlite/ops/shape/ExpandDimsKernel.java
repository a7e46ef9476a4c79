package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * EXPAND_DIMS: inserts a dimension of size 1 at the position given by the one-element INT32 or INT64 axis input;
 * a negative axis counts from the end of the output ({@code axis + rank + 1}).
 */
final class ExpandDimsKernel extends MovementKernel {
    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "axis input");
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor axisInput = node.input(1);
        if (axisInput.numElements() != 1) {
            throw node.error("axis input must hold one value, has " + axisInput.numElements());
        }
        int rank = input.numDimensions();
        int axis = Checks.ints(node, axisInput, "axis input")[0];
        if (axis < -rank - 1 || axis > rank) {
            throw node.error("axis " + axis + " is out of range for an input of rank " + rank);
        }
        if (axis < 0) {
            axis += rank + 1;
        }
        int[] shape = new int[rank + 1];
        for (int d = 0, s = 0; d <= rank; d++) {
            shape[d] = d == axis ? 1 : input.dim(s++);
        }
        node.output(0).resize(shape);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        System.arraycopy(in.array(), in.offset(), out.array(), out.offset(), in.numElements());
    }
}
