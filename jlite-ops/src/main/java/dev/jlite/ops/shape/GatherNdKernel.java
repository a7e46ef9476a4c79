package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * GATHER_ND: each row of the last indices dimension (k INT32 or INT64 coordinates) picks the slice
 * {@code params[i0, ..., ik-1, ...]}; the output shape is {@code indices.shape[:-1] + params.shape[k:]}. A
 * coordinate outside its dimension is an error when running (TensorFlow Lite 2.6 reads out of bounds).
 */
final class GatherNdKernel extends MovementKernel {
    private int[] paramsShape;
    private int[] paramsStrides;
    private int coordinates;
    private int slices;
    private int inner;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor params = node.requireInput(0);
        Checks.movable(node, params, "params");
        Checks.sameType(node, params, node.output(0));
        Checks.indexType(node, node.requireInput(1), "indices");
    }

    @Override
    protected void plan(Node node) {
        Tensor params = node.input(0);
        Tensor indices = node.input(1);
        int p = params.numDimensions();
        int q = indices.numDimensions();
        if (q < 1 || p < 1) {
            throw node.error("params and indices must have at least one dimension");
        }
        int k = indices.dim(q - 1);
        if (k > p) {
            throw node.error("indices address " + k + " dimensions of params with " + p);
        }
        paramsShape = params.shape();
        paramsStrides = CopyPlan.strides(paramsShape);
        int[] out = new int[q - 1 + p - k];
        for (int d = 0; d < q - 1; d++) {
            out[d] = indices.dim(d);
        }
        for (int d = k; d < p; d++) {
            out[q - 1 + d - k] = paramsShape[d];
        }
        node.output(0).resize(out);
        coordinates = k;
        slices = Checks.product(node, indices.shape(), 0, q - 1);
        inner = Checks.product(node, paramsShape, k, p);
    }

    @Override
    protected void run(Node node) {
        Tensor params = node.input(0);
        Tensor indices = node.input(1);
        Tensor out = node.output(0);
        boolean wide = indices.dataType() == DataType.INT64;
        int[] i32 = wide ? null : indices.ints();
        long[] i64 = wide ? indices.longs() : null;
        int at = indices.offset();
        int dp = out.offset();
        for (int s = 0; s < slices; s++, dp += inner) {
            int from = params.offset();
            for (int j = 0; j < coordinates; j++, at++) {
                long index = wide ? i64[at] : i32[at];
                if (index < 0 || index >= paramsShape[j]) {
                    throw node.error("index " + index + " is out of range for dimension " + j + " of params "
                            + Arrays.toString(paramsShape));
                }
                from += (int) index * paramsStrides[j];
            }
            System.arraycopy(params.array(), from, out.array(), dp, inner);
        }
    }
}
