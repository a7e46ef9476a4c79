package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * TOPK_V2: the k largest elements of each row (last dimension) in descending order, and their positions (INT32);
 * k is a one-element INT32 input. Equal elements keep their order, the earlier position first, as TensorFlow
 * Lite's top-k container sorts. Inputs FLOAT32, INT32, INT64, UINT8 (unsigned) and INT8.
 */
final class TopKKernel extends MovementKernel {
    private int rows;
    private int rowLength;
    private int k;
    private int[] top = new int[0];

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 2);
        Tensor input = node.requireInput(0);
        DataType type = input.dataType();
        if (type != DataType.FLOAT32 && type != DataType.INT32 && type != DataType.INT64 && type != DataType.UINT8
                && type != DataType.INT8) {
            throw node.error("input type " + type + " is not supported");
        }
        Checks.sameType(node, input, node.output(0));
        if (node.requireInput(1).dataType() != DataType.INT32) {
            throw node.error("k must be INT32, is " + node.input(1).dataType());
        }
        if (node.output(1).dataType() != DataType.INT32) {
            throw node.error("indices output must be INT32, is " + node.output(1).dataType());
        }
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor kInput = node.input(1);
        if (kInput.numElements() != 1) {
            throw node.error("k must hold one value, has " + kInput.numElements());
        }
        if (input.numDimensions() < 1) {
            throw node.error("input must have at least one dimension");
        }
        k = kInput.ints()[kInput.offset()];
        int[] shape = input.shape();
        rowLength = shape[shape.length - 1];
        if (k < 0 || k > rowLength) {
            throw node.error("k " + k + " is out of range [0, " + rowLength + "]");
        }
        rows = Checks.product(node, shape, 0, shape.length - 1);
        shape[shape.length - 1] = k;
        node.output(0).resize(shape);
        node.output(1).resize(shape);
        if (top.length < k) {
            top = new int[k];
        }
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor values = node.output(0);
        Tensor indices = node.output(1);
        boolean floats = in.dataType() == DataType.FLOAT32;
        int[] t = top;
        for (int r = 0; r < rows; r++) {
            int base = in.offset() + r * rowLength;
            int count = 0;
            for (int j = 0; j < rowLength && k > 0; j++) {
                // Later positions only displace strictly smaller elements, so ties keep the earlier position.
                if (count == k && !greater(in, floats, base + j, base + t[k - 1])) {
                    continue;
                }
                int at = count < k ? count++ : k - 1;
                while (at > 0 && greater(in, floats, base + j, base + t[at - 1])) {
                    t[at] = t[at - 1];
                    at--;
                }
                t[at] = j;
            }
            System.arraycopy(t, 0, indices.ints(), indices.offset() + r * k, k);
            Elements.gather(in.array(), base, t, k, values.array(), values.offset() + r * k);
        }
    }

    private static boolean greater(Tensor in, boolean floats, int a, int b) {
        if (floats) {
            float[] f = in.floats();
            return f[a] > f[b];
        }
        return ArgMinMaxKernel.integer(in, a) > ArgMinMaxKernel.integer(in, b);
    }
}
