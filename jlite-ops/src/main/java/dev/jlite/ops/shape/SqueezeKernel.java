package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * SQUEEZE: drops the dimensions listed in {@code SqueezeOptions.squeeze_dims} (negative counts from the end; each
 * must have size 1), or every dimension of size 1 when the list is empty.
 */
final class SqueezeKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 30;
    private static final int SQUEEZE_DIMS = 0;
    /** TensorFlow Lite's limit on the input rank of SQUEEZE. */
    private static final int MAX_RANK = 8;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Checks.maxRank(node, input, MAX_RANK, "input");
        int rank = input.numDimensions();
        FlatTable options = Checks.options(node, OPTIONS_TYPE);
        int[] dims = options == null ? null : options.ints(SQUEEZE_DIMS);
        boolean[] squeeze = new boolean[rank];
        if (dims == null || dims.length == 0) {
            for (int d = 0; d < rank; d++) {
                squeeze[d] = input.dim(d) == 1;
            }
        } else {
            if (dims.length > MAX_RANK) {
                throw node.error("squeeze_dims has " + dims.length + " entries, at most " + MAX_RANK);
            }
            for (int d : dims) {
                int axis = Checks.axis(node, d, rank, "squeeze dimension");
                if (input.dim(axis) != 1) {
                    throw node.error("cannot squeeze dimension " + d + " of size " + input.dim(axis) + " in "
                            + Arrays.toString(input.shape()));
                }
                squeeze[axis] = true;
            }
        }
        int[] shape = new int[rank];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (!squeeze[d]) {
                shape[n++] = input.dim(d);
            }
        }
        node.output(0).resize(Arrays.copyOf(shape, n));
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        System.arraycopy(in.array(), in.offset(), out.array(), out.offset(), in.numElements());
    }
}
