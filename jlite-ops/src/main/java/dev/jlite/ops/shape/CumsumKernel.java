package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;

/**
 * CUMSUM along the axis given by a one-element INT32 input (negative counts from the end), of FLOAT32, INT32 or
 * INT64 tensors: each element is the sum of those before it (exclusive) or up to it, running backwards with
 * {@code reverse}. Sums accumulate one element at a time in the tensor's type, integers wrapping on overflow.
 */
final class CumsumKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 102;
    private boolean exclusive;
    private boolean reverse;
    private int outer;
    private int depth;
    private int inner;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        DataType type = input.dataType();
        if (type != DataType.FLOAT32 && type != DataType.INT32 && type != DataType.INT64) {
            throw node.error("input type " + type + " is not supported");
        }
        Checks.sameType(node, input, node.output(0));
        if (node.requireInput(1).dataType() != DataType.INT32) {
            throw node.error("axis must be INT32, is " + node.input(1).dataType());
        }
        FlatTable options = node.options(OPTIONS_TYPE);
        exclusive = options != null && options.getBool(0, false);
        reverse = options != null && options.getBool(1, false);
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
        int axis = Checks.axis(node, node.input(1).ints()[node.input(1).offset()], rank, "axis");
        int[] shape = input.shape();
        node.output(0).resize(shape);
        outer = Checks.product(node, shape, 0, axis);
        depth = shape[axis];
        inner = Checks.product(node, shape, axis + 1, rank);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        int step = reverse ? -inner : inner;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int first = o * depth * inner + i + (reverse ? (depth - 1) * inner : 0);
                switch (in.dataType()) {
                    case FLOAT32 -> floats(in.floats(), in.offset() + first, out.floats(), out.offset() + first, step);
                    case INT32 -> ints(in.ints(), in.offset() + first, out.ints(), out.offset() + first, step);
                    default -> longs(in.longs(), in.offset() + first, out.longs(), out.offset() + first, step);
                }
            }
        }
    }

    private void floats(float[] a, int ap, float[] b, int bp, int step) {
        float sum = 0;
        for (int j = 0; j < depth; j++, ap += step, bp += step) {
            float v = a[ap];
            if (exclusive) {
                b[bp] = sum;
                sum += v;
            } else {
                sum += v;
                b[bp] = sum;
            }
        }
    }

    private void ints(int[] a, int ap, int[] b, int bp, int step) {
        int sum = 0;
        for (int j = 0; j < depth; j++, ap += step, bp += step) {
            int v = a[ap];
            if (exclusive) {
                b[bp] = sum;
                sum += v;
            } else {
                sum += v;
                b[bp] = sum;
            }
        }
    }

    private void longs(long[] a, int ap, long[] b, int bp, int step) {
        long sum = 0;
        for (int j = 0; j < depth; j++, ap += step, bp += step) {
            long v = a[ap];
            if (exclusive) {
                b[bp] = sum;
                sum += v;
            } else {
                sum += v;
                b[bp] = sum;
            }
        }
    }
}
