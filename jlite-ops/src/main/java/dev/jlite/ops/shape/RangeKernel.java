package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * RANGE: {@code start, start + delta, ...} while short of {@code limit}, from three one-element INT32 or FLOAT32
 * inputs of the output's type. As TensorFlow Lite, the count is {@code ceil(|limit - start| / |delta|)} (in float
 * for FLOAT32) and each value adds delta to the previous one, so float rounding accumulates the same way.
 */
final class RangeKernel extends MovementKernel {
    @Override
    protected void checkNode(Node node) {
        node.checkArity(3, 3, 1);
        DataType type = node.output(0).dataType();
        if (type != DataType.INT32 && type != DataType.FLOAT32) {
            throw node.error("output must be INT32 or FLOAT32, is " + type);
        }
        for (int i = 0; i < 3; i++) {
            Checks.sameType(node, node.requireInput(i), node.output(0));
        }
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(0).isConstant() && node.input(1).isConstant() && node.input(2).isConstant();
    }

    @Override
    protected void plan(Node node) {
        for (int i = 0; i < 3; i++) {
            if (node.input(i).numElements() != 1) {
                throw node.error("input " + i + " must hold one value, has " + node.input(i).numElements());
            }
        }
        int size;
        if (node.output(0).dataType() == DataType.INT32) {
            long start = first(node.input(0).ints(), node.input(0));
            long limit = first(node.input(1).ints(), node.input(1));
            long delta = first(node.input(2).ints(), node.input(2));
            check(node, delta == 0, start, limit, delta > 0);
            long count = (Math.abs(limit - start) + Math.abs(delta) - 1) / Math.abs(delta);
            size = (int) Math.min(count, Integer.MAX_VALUE);
        } else {
            float start = node.input(0).floats()[node.input(0).offset()];
            float limit = node.input(1).floats()[node.input(1).offset()];
            float delta = node.input(2).floats()[node.input(2).offset()];
            check(node, delta == 0, start, limit, delta > 0);
            double count = Math.ceil(Math.abs((limit - start) / delta));
            if (!(count <= Integer.MAX_VALUE)) {
                throw node.error("range of " + count + " values is too large");
            }
            size = (int) count;
        }
        node.output(0).resize(size);
    }

    private static long first(int[] data, Tensor t) {
        return data[t.offset()];
    }

    private static void check(Node node, boolean zeroDelta, double start, double limit, boolean up) {
        if (zeroDelta) {
            throw node.error("delta must not be zero");
        }
        if (up ? start > limit : start < limit) {
            throw node.error("delta's sign does not lead from start " + start + " to limit " + limit);
        }
    }

    @Override
    protected void run(Node node) {
        Tensor out = node.output(0);
        int n = out.numElements();
        int at = out.offset();
        if (out.dataType() == DataType.INT32) {
            int value = node.input(0).ints()[node.input(0).offset()];
            int delta = node.input(2).ints()[node.input(2).offset()];
            int[] o = out.ints();
            for (int i = 0; i < n; i++, value += delta) {
                o[at + i] = value;
            }
        } else {
            float value = node.input(0).floats()[node.input(0).offset()];
            float delta = node.input(2).floats()[node.input(2).offset()];
            float[] o = out.floats();
            for (int i = 0; i < n; i++, value += delta) {
                o[at + i] = value;
            }
        }
    }
}
