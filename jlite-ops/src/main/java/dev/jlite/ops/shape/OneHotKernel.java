package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;

/**
 * ONE_HOT: inputs indices (INT32 or INT64), depth (one INT32), on_value and off_value (one element each, of the
 * output's type). A new dimension of size depth is inserted at {@code OneHotOptions.axis} (-1: last); an element is
 * on_value where its position along it equals the index, else off_value (indices outside [0, depth) are all off).
 * The axis defaults to 0, the schema's default.
 */
final class OneHotKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 61;
    private int prefix;
    private int depth;
    private int suffix;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(4, 4, 1);
        Checks.indexType(node, node.requireInput(0), "indices");
        if (node.requireInput(1).dataType() != DataType.INT32) {
            throw node.error("depth must be INT32, is " + node.input(1).dataType());
        }
        Tensor out = node.output(0);
        Checks.movable(node, out, "output");
        Checks.sameType(node, node.requireInput(2), out);
        Checks.sameType(node, node.requireInput(3), out);
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor indices = node.input(0);
        Tensor depthInput = node.input(1);
        for (int i = 1; i < 4; i++) {
            if (node.input(i).numElements() != 1) {
                throw node.error("input " + i + " must hold one value, has " + node.input(i).numElements());
            }
        }
        depth = depthInput.ints()[depthInput.offset()];
        if (depth < 0) {
            throw node.error("depth " + depth + " is negative");
        }
        int rank = indices.numDimensions();
        FlatTable options = node.options(OPTIONS_TYPE);
        int axis = options == null ? 0 : options.getInt(0, 0);
        if (axis < -1 || axis > rank) {
            throw node.error("axis " + axis + " is out of range for indices of rank " + rank);
        }
        if (axis == -1) {
            axis = rank;
        }
        int[] in = indices.shape();
        int[] out = new int[rank + 1];
        for (int d = 0, k = 0; d <= rank; d++) {
            out[d] = d == axis ? depth : in[k++];
        }
        node.output(0).resize(out);
        prefix = Checks.product(node, in, 0, axis);
        suffix = Checks.product(node, in, axis, rank);
    }

    @Override
    protected void run(Node node) {
        Tensor indices = node.input(0);
        Tensor on = node.input(2);
        Tensor off = node.input(3);
        Tensor out = node.output(0);
        boolean wide = indices.dataType() == DataType.INT64;
        int[] i32 = wide ? null : indices.ints();
        long[] i64 = wide ? indices.longs() : null;
        int base = indices.offset();
        Object dst = out.array();
        int dp = out.offset();
        for (int p = 0; p < prefix; p++) {
            for (int j = 0; j < depth; j++) {
                for (int s = 0; s < suffix; s++, dp++) {
                    int at = base + p * suffix + s;
                    long index = wide ? i64[at] : i32[at];
                    Tensor v = index == j ? on : off;
                    System.arraycopy(v.array(), v.offset(), dst, dp, 1);
                }
            }
        }
    }
}
