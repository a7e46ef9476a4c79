package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * DENSIFY: expands a sparse constant (FLOAT32, FLOAT16 or INT8) into its dense tensor. The metadata is checked
 * and resolved to one dense index per stored value at prepare time; running scatters the values over zeros.
 */
final class DensifyKernel implements Kernel {
    private int[] positions;

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT16 && type != DataType.INT8) {
            throw node.error("input type " + type + " is not supported (FLOAT32, FLOAT16 or INT8)");
        }
        if (output.dataType() != type) {
            throw node.error("output type " + output.dataType() + " differs from input type " + type);
        }
        if (!input.isConstant() || input.array() == null) {
            throw node.error("input must be a constant tensor");
        }
        if (input.sparsity() == null) {
            throw node.error("input has no sparsity parameters");
        }
        int stored = java.lang.reflect.Array.getLength(input.array()) - input.offset();
        positions = SparseLayout.densePositions(node, input.shape(), input.sparsity(), stored);
        output.resize(input.shape());
    }

    @Override
    public void eval(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        int n = out.numElements();
        int xi = in.offset();
        int yi = out.offset();
        int[] pos = positions;
        switch (in.dataType()) {
            case FLOAT32: {
                float[] x = in.floats();
                float[] y = out.floats();
                Arrays.fill(y, yi, yi + n, 0f);
                for (int i = 0; i < pos.length; i++) {
                    y[yi + pos[i]] = x[xi + i];
                }
                return;
            }
            case FLOAT16: {
                short[] x = in.shorts();
                short[] y = out.shorts();
                Arrays.fill(y, yi, yi + n, (short) 0);
                for (int i = 0; i < pos.length; i++) {
                    y[yi + pos[i]] = x[xi + i];
                }
                return;
            }
            default: {
                byte[] x = in.bytes();
                byte[] y = out.bytes();
                Arrays.fill(y, yi, yi + n, (byte) 0);
                for (int i = 0; i < pos.length; i++) {
                    y[yi + pos[i]] = x[xi + i];
                }
            }
        }
    }
}
