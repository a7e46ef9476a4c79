package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/** SHAPE: the input's dimensions as an INT32 or INT64 vector (the output tensor's type, {@code out_type}). */
final class ShapeKernel extends MovementKernel {
    @Override
    protected void checkNode(Node node) {
        node.checkArity(1, 1, 1);
        Checks.movable(node, node.requireInput(0), "input");
        Checks.indexType(node, node.output(0), "output");
    }

    @Override
    protected void plan(Node node) {
        node.output(0).resize(node.input(0).numDimensions());
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        int rank = in.numDimensions();
        if (out.dataType() == DataType.INT32) {
            int[] o = out.ints();
            for (int d = 0; d < rank; d++) {
                o[out.offset() + d] = in.dim(d);
            }
        } else {
            long[] o = out.longs();
            for (int d = 0; d < rank; d++) {
                o[out.offset() + d] = in.dim(d);
            }
        }
    }
}
