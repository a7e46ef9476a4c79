package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * ARG_MAX and ARG_MIN: the position of the largest (smallest) element along the axis given by a one-element INT32
 * or INT64 input (negative counts from the end), which is removed from the shape; the first such position wins a
 * tie. Inputs FLOAT32, INT32, UINT8 (unsigned) and INT8; the output is INT32 or INT64.
 */
final class ArgMinMaxKernel extends MovementKernel {
    private final boolean max;
    private int outer;
    private int axisSize;
    private int inner;

    /** {@code max}: ARG_MAX, else ARG_MIN. */
    ArgMinMaxKernel(boolean max) {
        this.max = max;
    }

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        DataType type = node.requireInput(0).dataType();
        if (type != DataType.FLOAT32 && type != DataType.INT32 && type != DataType.UINT8 && type != DataType.INT8) {
            throw node.error("input type " + type + " is not supported");
        }
        Checks.indexType(node, node.requireInput(1), "axis");
        Checks.indexType(node, node.output(0), "output");
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        if (node.input(1).numElements() != 1) {
            throw node.error("axis must hold one value, has " + node.input(1).numElements());
        }
        int rank = input.numDimensions();
        int axis = Checks.axis(node, Checks.ints(node, node.input(1), "axis")[0], rank, "axis");
        int[] in = input.shape();
        int[] out = new int[rank - 1];
        for (int d = 0, k = 0; d < rank; d++) {
            if (d != axis) {
                out[k++] = in[d];
            }
        }
        node.output(0).resize(out);
        outer = Checks.product(node, in, 0, axis);
        axisSize = in[axis];
        inner = Checks.product(node, in, axis + 1, rank);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        DataType type = in.dataType();
        int dp = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++, dp++) {
                int first = in.offset() + o * axisSize * inner + i;
                int best = type == DataType.FLOAT32 ? bestFloat(in.floats(), first) : bestInteger(in, first);
                if (out.dataType() == DataType.INT32) {
                    out.ints()[out.offset() + dp] = best;
                } else {
                    out.longs()[out.offset() + dp] = best;
                }
            }
        }
    }

    private int bestFloat(float[] a, int first) {
        float best = a[first];
        int at = 0;
        for (int j = 1; j < axisSize; j++) {
            float v = a[first + j * inner];
            if (max ? v > best : v < best) {
                best = v;
                at = j;
            }
        }
        return at;
    }

    private int bestInteger(Tensor in, int first) {
        long best = integer(in, first);
        int at = 0;
        for (int j = 1; j < axisSize; j++) {
            long v = integer(in, first + j * inner);
            if (max ? v > best : v < best) {
                best = v;
                at = j;
            }
        }
        return at;
    }

    /** An integer element: INT32, INT8, or UINT8 read unsigned. */
    static long integer(Tensor t, int at) {
        switch (t.dataType()) {
            case INT32: return t.ints()[at];
            case INT64: return t.longs()[at];
            case UINT8: return t.bytes()[at] & 0xff;
            case INT8: return t.bytes()[at];
            case INT16: return t.shorts()[at];
            default: throw new IllegalStateException("not an integer type: " + t.dataType());
        }
    }
}
