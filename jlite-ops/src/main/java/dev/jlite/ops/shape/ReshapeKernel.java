package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * RESHAPE: the new shape comes from the second input when it is an INT32 vector, else from
 * {@code ReshapeOptions.new_shape}, whose legacy value {@code [0]} means a scalar. One dimension may be -1 and is
 * inferred from the element count.
 */
final class ReshapeKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 17;
    private static final int NEW_SHAPE = 0;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(1, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return constantOrAbsent(node.input(1));
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        int[] shape = requestedShape(node);
        long known = 1;
        int stretch = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (stretch >= 0) {
                    throw node.error("new shape " + Arrays.toString(shape) + " has more than one -1 dimension");
                }
                stretch = i;
            } else if (shape[i] < 0) {
                throw node.error("new shape " + Arrays.toString(shape) + " has a negative dimension");
            } else {
                known *= shape[i];
            }
        }
        int elements = input.numElements();
        if (stretch >= 0) {
            if (known == 0) {
                throw node.error("cannot infer the -1 dimension of " + Arrays.toString(shape)
                        + " when the other dimensions hold no elements");
            }
            shape[stretch] = (int) (elements / known);
            known *= shape[stretch];
        }
        if (known != elements) {
            throw node.error("cannot reshape " + Arrays.toString(input.shape()) + " (" + elements + " elements) to "
                    + Arrays.toString(shape));
        }
        node.output(0).resize(shape);
    }

    private static int[] requestedShape(Node node) {
        Tensor shapeInput = node.input(1);
        if (shapeInput != null && shapeInput.numDimensions() == 1 && shapeInput.dataType() == DataType.INT32) {
            return Checks.ints(node, shapeInput, "shape input");
        }
        FlatTable options = Checks.options(node, OPTIONS_TYPE);
        int[] shape = options == null ? null : options.ints(NEW_SHAPE);
        if (shape == null || (shape.length == 1 && shape[0] == 0)) {
            return new int[0];
        }
        return shape;
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        System.arraycopy(in.array(), in.offset(), out.array(), out.offset(), in.numElements());
    }
}
