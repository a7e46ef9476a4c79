package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/** ADD_N: the element-wise sum of two or more inputs of one shape (no broadcasting), FLOAT32 or INT32. */
final class AddNKernel implements Kernel {
    private boolean planWhileRunning;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, Integer.MAX_VALUE, 1);
        DataType type = node.requireInput(0).dataType();
        if (type != DataType.FLOAT32 && type != DataType.INT32) {
            throw node.error("input type " + type + " is not supported (FLOAT32 or INT32)");
        }
        for (int i = 1; i < node.inputCount(); i++) {
            if (node.requireInput(i).dataType() != type) {
                throw node.error("input " + i + " has type " + node.input(i).dataType() + ", input 0 " + type);
            }
        }
        if (node.output(0).dataType() != type) {
            throw node.error("output type " + node.output(0).dataType() + " differs from the inputs' " + type);
        }
        planWhileRunning = Shapes.anyInputDynamic(node);
        if (planWhileRunning) {
            node.output(0).markDynamic();
        } else {
            plan(node);
        }
    }

    private static void plan(Node node) {
        int[] shape = node.input(0).shape();
        for (int i = 1; i < node.inputCount(); i++) {
            if (!Arrays.equals(node.input(i).shape(), shape)) {
                throw node.error("input " + i + " has shape " + Arrays.toString(node.input(i).shape())
                        + ", input 0 " + Arrays.toString(shape));
            }
        }
        node.output(0).resize(shape);
    }

    @Override
    public void eval(Node node) {
        if (planWhileRunning) {
            plan(node);
        }
        Tensor out = node.output(0);
        int n = out.numElements();
        int oi = out.offset();
        int inputs = node.inputCount();
        if (out.dataType() == DataType.FLOAT32) {
            float[] o = out.floats();
            // In input order, as TensorFlow Lite adds them (the order changes float rounding).
            Tensor first = node.input(0);
            System.arraycopy(first.floats(), first.offset(), o, oi, n);
            for (int k = 1; k < inputs; k++) {
                Tensor t = node.input(k);
                float[] v = t.floats();
                int ti = t.offset();
                for (int i = 0; i < n; i++) {
                    o[oi + i] += v[ti + i];
                }
            }
        } else {
            int[] o = out.ints();
            Tensor first = node.input(0);
            System.arraycopy(first.ints(), first.offset(), o, oi, n);
            for (int k = 1; k < inputs; k++) {
                Tensor t = node.input(k);
                int[] v = t.ints();
                int ti = t.offset();
                for (int i = 0; i < n; i++) {
                    o[oi + i] += v[ti + i];
                }
            }
        }
    }
}
