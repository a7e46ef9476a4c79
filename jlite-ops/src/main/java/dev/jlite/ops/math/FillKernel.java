package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * FILL: an output of the shape given by a 1-D INT32 or INT64 dims input, every element the scalar value input
 * (FLOAT32, INT32, INT64, INT8, INT16 or BOOL: TensorFlow Lite 2.6.2's types, STRING aside). With constant dims the shape is set in prepare; otherwise the output is dynamic
 * and sized at each eval.
 */
final class FillKernel implements Kernel {
    private boolean planWhileRunning;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor dims = node.requireInput(0);
        Tensor value = node.requireInput(1);
        if (dims.dataType() != DataType.INT32 && dims.dataType() != DataType.INT64) {
            throw node.error("dims type must be INT32 or INT64, got " + dims.dataType());
        }
        DataType type = value.dataType();
        boolean supported = switch (type) {
            case FLOAT32, INT32, INT64, INT8, INT16, BOOL -> true;
            default -> false;
        };
        if (!supported) {
            throw node.error("value type " + type + " is not supported");
        }
        if (node.output(0).dataType() != type) {
            throw node.error("output type " + node.output(0).dataType() + " differs from the value's " + type);
        }
        if (value.numDimensions() != 0) {
            throw node.error("value must be a scalar, got shape " + Arrays.toString(value.shape()));
        }
        if (dims.numDimensions() != 1) {
            throw node.error("dims must be 1-D, got shape " + Arrays.toString(dims.shape()));
        }
        planWhileRunning = !dims.isConstant() || dims.isDynamic();
        if (planWhileRunning) {
            node.output(0).markDynamic();
        } else {
            node.output(0).resize(shape(node, dims));
        }
    }

    private static int[] shape(Node node, Tensor dims) {
        int[] shape = new int[dims.numElements()];
        for (int i = 0; i < shape.length; i++) {
            long d = dims.dataType() == DataType.INT32 ? dims.ints()[dims.offset() + i]
                    : dims.longs()[dims.offset() + i];
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw node.error("dimension " + i + " of the dims input is " + d);
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    @Override
    public void eval(Node node) {
        Tensor value = node.input(1);
        Tensor out = node.output(0);
        if (planWhileRunning) {
            out.resize(shape(node, node.input(0)));
        }
        int from = out.offset();
        int to = from + out.numElements();
        switch (value.dataType()) {
            case FLOAT32 -> Arrays.fill(out.floats(), from, to, value.floats()[value.offset()]);
            case INT32 -> Arrays.fill(out.ints(), from, to, value.ints()[value.offset()]);
            case INT64 -> Arrays.fill(out.longs(), from, to, value.longs()[value.offset()]);
            case INT16 -> Arrays.fill(out.shorts(), from, to, value.shorts()[value.offset()]);
            case INT8 -> Arrays.fill(out.bytes(), from, to, value.bytes()[value.offset()]);
            default -> Arrays.fill(out.bytes(), from, to, value.bytes()[value.offset()] != 0 ? (byte) 1 : (byte) 0);
        }
    }
}
