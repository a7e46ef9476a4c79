package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * SPLIT (inputs: axis, tensor; {@code num_splits} equal parts) and SPLIT_V (inputs: tensor, {@code size_splits},
 * axis; parts of the given sizes, one of which may be -1 for the rest). The axis is a one-element INT32 tensor,
 * negative counting from the end; each output is one part along it.
 */
final class SplitKernel extends MovementKernel {
    private static final int SPLIT_OPTIONS = 35;
    private static final int SPLIT_V_OPTIONS = 79;
    private final boolean sized;
    private int outer;
    private int[] blocks;
    private int inBlock;

    /** {@code sized}: SPLIT_V, else SPLIT. */
    SplitKernel(boolean sized) {
        this.sized = sized;
    }

    private Tensor data(Node node) {
        return node.input(sized ? 0 : 1);
    }

    private Tensor axisInput(Node node) {
        return node.input(sized ? 2 : 0);
    }

    @Override
    protected void checkNode(Node node) {
        node.checkArity(sized ? 3 : 2, sized ? 3 : 2, node.outputCount());
        if (node.outputCount() < 1) {
            throw node.error("expects at least one output");
        }
        Tensor input = node.requireInput(sized ? 0 : 1);
        Checks.movable(node, input, "input");
        for (int i = 0; i < node.outputCount(); i++) {
            Checks.sameType(node, input, node.output(i));
        }
        Checks.indexType(node, node.requireInput(sized ? 2 : 0), "axis");
        if (sized) {
            Checks.indexType(node, node.requireInput(1), "size_splits");
        }
        FlatTable options = node.options(sized ? SPLIT_V_OPTIONS : SPLIT_OPTIONS);
        int num = options == null ? 0 : options.getInt(0, 0);
        if (num != node.outputCount()) {
            throw node.error("num_splits " + num + " differs from the " + node.outputCount() + " outputs");
        }
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return axisInput(node).isConstant() && (!sized || node.input(1).isConstant());
    }

    @Override
    protected void plan(Node node) {
        Tensor input = data(node);
        Tensor axisTensor = axisInput(node);
        if (axisTensor.numElements() != 1) {
            throw node.error("axis must hold one value, has " + axisTensor.numElements());
        }
        int rank = input.numDimensions();
        int axis = Checks.axis(node, Checks.ints(node, axisTensor, "axis")[0], rank, "axis");
        int[] shape = input.shape();
        int n = shape[axis];
        int parts = node.outputCount();
        int[] sizes = new int[parts];
        if (sized) {
            Tensor sizeTensor = node.input(1);
            if (sizeTensor.numDimensions() != 1 || sizeTensor.dim(0) != parts) {
                throw node.error("size_splits must have shape [" + parts + "], has "
                        + Arrays.toString(sizeTensor.shape()));
            }
            sizes = Checks.ints(node, sizeTensor, "size_splits");
            int rest = -1;
            long known = 0;
            for (int i = 0; i < parts; i++) {
                if (sizes[i] == -1 && rest < 0) {
                    rest = i;
                } else if (sizes[i] < 0) {
                    throw node.error("size_splits " + Arrays.toString(sizes) + " has a negative size");
                } else {
                    known += sizes[i];
                }
            }
            if (rest >= 0 && known <= n) {
                sizes[rest] = (int) (n - known);
                known = n;
            }
            if (known != n) {
                throw node.error("size_splits " + Arrays.toString(sizes) + " do not add up to dimension " + axis
                        + " of size " + n);
            }
        } else {
            if (n % parts != 0) {
                throw node.error("dimension " + axis + " of size " + n + " does not split into " + parts
                        + " equal parts");
            }
            Arrays.fill(sizes, n / parts);
        }
        outer = Checks.product(node, shape, 0, axis);
        int inner = Checks.product(node, shape, axis + 1, rank);
        blocks = new int[parts];
        for (int i = 0; i < parts; i++) {
            shape[axis] = sizes[i];
            node.output(i).resize(shape);
            blocks[i] = Math.multiplyExact(sizes[i], inner);
        }
        inBlock = Math.multiplyExact(n, inner);
    }

    @Override
    protected void run(Node node) {
        Tensor in = data(node);
        Object src = in.array();
        int pos = in.offset();
        for (int i = 0; i < blocks.length; i++) {
            Tensor out = node.output(i);
            int block = blocks[i];
            Object dst = out.array();
            int sp = pos;
            int dp = out.offset();
            for (int o = 0; o < outer; o++, sp += inBlock, dp += block) {
                System.arraycopy(src, sp, dst, dp, block);
            }
            pos += block;
        }
    }
}
