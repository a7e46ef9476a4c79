package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * TILE (the input repeated {@code multiples[d]} times along each dimension d; multiples is an INT32 or INT64
 * vector) and BROADCAST_TO (the input stretched to the shape vector's shape under NumPy broadcasting). Both are one
 * strided copy in which repeated source dimensions have stride 0.
 */
final class TileKernel extends MovementKernel {
    /** TensorFlow Lite's limit on the output rank of BROADCAST_TO. */
    private static final int MAX_BROADCAST_RANK = 8;
    private final boolean broadcast;
    private CopyPlan copy;

    /** {@code broadcast}: BROADCAST_TO, else TILE. */
    TileKernel(boolean broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), broadcast ? "shape" : "multiples");
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor second = node.input(1);
        int[] inShape = input.shape();
        int[] inStrides = CopyPlan.strides(inShape);
        if (second.numDimensions() != 1) {
            throw node.error((broadcast ? "shape" : "multiples") + " must be a vector, has shape "
                    + Arrays.toString(second.shape()));
        }
        int[] values = Checks.ints(node, second, broadcast ? "shape" : "multiples");
        if (broadcast) {
            planBroadcast(node, inShape, inStrides, values);
            return;
        }
        int rank = inShape.length;
        if (values.length != rank) {
            throw node.error("multiples has " + values.length + " entries for an input of rank " + rank);
        }
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (values[d] < 0) {
                throw node.error("multiples " + Arrays.toString(values) + " must not be negative");
            }
            outShape[d] = Math.multiplyExact(inShape[d], values[d]);
        }
        node.output(0).resize(outShape);
        int[] outStrides = CopyPlan.strides(outShape);
        // Output index t * in[d] + j along d reads input index j: a view of [multiple, size] pairs.
        int[] dims = new int[2 * rank];
        int[] src = new int[2 * rank];
        int[] dst = new int[2 * rank];
        for (int d = 0; d < rank; d++) {
            dims[2 * d] = values[d];
            dims[2 * d + 1] = inShape[d];
            src[2 * d + 1] = inStrides[d];
            dst[2 * d] = inShape[d] * outStrides[d];
            dst[2 * d + 1] = outStrides[d];
        }
        copy = CopyPlan.of(dims, src, dst, 0, 0);
    }

    private void planBroadcast(Node node, int[] inShape, int[] inStrides, int[] target) {
        int rank = target.length;
        if (rank > MAX_BROADCAST_RANK || inShape.length > rank) {
            throw node.error("cannot broadcast " + Arrays.toString(inShape) + " to " + Arrays.toString(target));
        }
        int[] src = new int[rank];
        int lead = rank - inShape.length;
        for (int d = 0; d < rank; d++) {
            if (target[d] < 0) {
                throw node.error("shape " + Arrays.toString(target) + " has a negative dimension");
            }
            if (d < lead) {
                continue;
            }
            int n = inShape[d - lead];
            if (n == target[d]) {
                src[d] = inStrides[d - lead];
            } else if (n != 1) {
                throw node.error("cannot broadcast " + Arrays.toString(inShape) + " to " + Arrays.toString(target));
            }
        }
        node.output(0).resize(target);
        copy = CopyPlan.of(target, src, CopyPlan.strides(target), 0, 0);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        copy.copy(in.array(), in.offset(), out.array(), out.offset());
    }
}
