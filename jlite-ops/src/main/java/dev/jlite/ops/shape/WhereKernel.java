package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * WHERE with one BOOL input: the coordinates of its true elements in row-major order, as an INT64
 * {@code [count, rank]} tensor. The count depends on the values, so the output is sized while running unless the
 * input is constant.
 */
final class WhereKernel extends MovementKernel {
    @Override
    protected void checkNode(Node node) {
        node.checkArity(1, 1, 1);
        if (node.requireInput(0).dataType() != DataType.BOOL) {
            throw node.error("condition must be BOOL, is " + node.input(0).dataType());
        }
        if (node.output(0).dataType() != DataType.INT64) {
            throw node.error("output must be INT64, is " + node.output(0).dataType());
        }
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(0).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor in = node.input(0);
        byte[] c = in.bytes();
        int count = 0;
        for (int i = 0; i < in.numElements(); i++) {
            if (c[in.offset() + i] != 0) {
                count++;
            }
        }
        node.output(0).resize(count, in.numDimensions());
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        byte[] c = in.bytes();
        long[] o = out.longs();
        int rank = in.numDimensions();
        int dp = out.offset();
        for (int i = 0; i < in.numElements(); i++) {
            if (c[in.offset() + i] == 0) {
                continue;
            }
            int rest = i;
            for (int d = rank - 1; d >= 0; d--) {
                o[dp + d] = rest % in.dim(d);
                rest /= in.dim(d);
            }
            dp += rank;
        }
    }
}
