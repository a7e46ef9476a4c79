package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * PACK (N tensors of one shape stacked along a new dimension at {@code axis}) and UNPACK (its inverse: one output
 * per index along {@code axis}, which is dropped). Negative axes count from the end of the packed tensor.
 */
final class PackKernel extends MovementKernel {
    private static final int PACK_OPTIONS = 59;
    private static final int UNPACK_OPTIONS = 64;
    private final boolean unpack;
    private int outer;
    private int inner;

    /** {@code unpack}: UNPACK, else PACK. */
    PackKernel(boolean unpack) {
        this.unpack = unpack;
    }

    @Override
    protected void checkNode(Node node) {
        int singles = unpack ? node.inputCount() : node.outputCount();
        if (node.inputCount() < 1 || node.outputCount() < 1 || singles != 1) {
            throw node.error("has " + node.inputCount() + " inputs and " + node.outputCount() + " outputs");
        }
        Tensor single = unpack ? node.requireInput(0) : node.output(0);
        Checks.movable(node, single, unpack ? "input" : "output");
        int many = unpack ? node.outputCount() : node.inputCount();
        for (int i = 0; i < many; i++) {
            Checks.sameType(node, unpack ? single : node.requireInput(i), unpack ? node.output(i) : single);
        }
        FlatTable options = node.options(unpack ? UNPACK_OPTIONS : PACK_OPTIONS);
        int count = options == null ? 0 : options.getInt(0, 0);
        if (count != many && !(unpack && count == 0)) {
            throw node.error((unpack ? "num " : "values_count ") + count + " differs from the " + many + " "
                    + (unpack ? "outputs" : "inputs"));
        }
    }

    @Override
    protected void plan(Node node) {
        FlatTable options = node.options(unpack ? UNPACK_OPTIONS : PACK_OPTIONS);
        int requested = options == null ? 0 : options.getInt(1, 0);
        int[] shape;
        int axis;
        if (unpack) {
            Tensor input = node.input(0);
            int rank = input.numDimensions();
            axis = Checks.axis(node, requested, rank, "axis");
            if (input.dim(axis) != node.outputCount()) {
                throw node.error("dimension " + axis + " of " + Arrays.toString(input.shape()) + " does not match the "
                        + node.outputCount() + " outputs");
            }
            int[] in = input.shape();
            shape = new int[rank - 1];
            for (int d = 0, k = 0; d < rank; d++) {
                if (d != axis) {
                    shape[k++] = in[d];
                }
            }
            for (int i = 0; i < node.outputCount(); i++) {
                node.output(i).resize(shape);
            }
        } else {
            Tensor first = node.input(0);
            shape = first.shape();
            for (int i = 1; i < node.inputCount(); i++) {
                if (!Arrays.equals(node.input(i).shape(), shape)) {
                    throw node.error("input " + i + " shape " + Arrays.toString(node.input(i).shape())
                            + " differs from input 0 shape " + Arrays.toString(shape));
                }
            }
            axis = Checks.axis(node, requested, shape.length + 1, "axis");
            int[] out = new int[shape.length + 1];
            for (int d = 0, k = 0; d < out.length; d++) {
                out[d] = d == axis ? node.inputCount() : shape[k++];
            }
            node.output(0).resize(out);
        }
        outer = Checks.product(node, shape, 0, axis);
        inner = Checks.product(node, shape, axis, shape.length);
    }

    @Override
    protected void run(Node node) {
        int many = unpack ? node.outputCount() : node.inputCount();
        Tensor single = unpack ? node.input(0) : node.output(0);
        int stride = many * inner;
        for (int i = 0; i < many; i++) {
            Tensor part = unpack ? node.output(i) : node.input(i);
            int sp = single.offset() + i * inner;
            int pp = part.offset();
            for (int o = 0; o < outer; o++, sp += stride, pp += inner) {
                if (unpack) {
                    System.arraycopy(single.array(), sp, part.array(), pp, inner);
                } else {
                    System.arraycopy(part.array(), pp, single.array(), sp, inner);
                }
            }
        }
    }
}
