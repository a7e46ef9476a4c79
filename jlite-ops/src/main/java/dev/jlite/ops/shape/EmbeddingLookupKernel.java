package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * EMBEDDING_LOOKUP: row {@code ids[i]} (an INT32 vector, the first input) of the value table becomes output row i.
 * Rows are copied as they are, or, for an INT8/UINT8 table with a FLOAT32 output (hybrid), dequantized as
 * TensorFlow Lite does: {@code (float) ((q - zero point) * (double) scale)}. An id outside the table is an error.
 */
final class EmbeddingLookupKernel extends MovementKernel {
    private int rows;
    private int rowSize;
    private boolean dequantize;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor ids = node.requireInput(0);
        if (ids.dataType() != DataType.INT32) {
            throw node.error("ids must be INT32, is " + ids.dataType());
        }
        Tensor value = node.requireInput(1);
        Checks.movable(node, value, "value");
        DataType out = node.output(0).dataType();
        dequantize = out == DataType.FLOAT32 && (value.dataType() == DataType.INT8
                || value.dataType() == DataType.UINT8);
        if (!dequantize) {
            Checks.sameType(node, value, node.output(0));
        }
    }

    @Override
    protected void plan(Node node) {
        Tensor ids = node.input(0);
        Tensor value = node.input(1);
        Checks.rank(node, ids, 1, "ids");
        if (value.numDimensions() < 2) {
            throw node.error("value must have at least 2 dimensions, has shape " + Arrays.toString(value.shape()));
        }
        int[] shape = value.shape();
        rows = shape[0];
        rowSize = Checks.product(node, shape, 1, shape.length);
        shape[0] = ids.dim(0);
        node.output(0).resize(shape);
    }

    @Override
    protected void run(Node node) {
        Tensor ids = node.input(0);
        Tensor value = node.input(1);
        Tensor out = node.output(0);
        int[] id = ids.ints();
        int n = ids.numElements();
        boolean unsigned = value.dataType() == DataType.UINT8;
        double scale = value.quantizationParams().scale();
        int zeroPoint = value.quantizationParams().zeroPoint();
        for (int i = 0; i < n; i++) {
            int row = id[ids.offset() + i];
            if (row < 0 || row >= rows) {
                throw node.error("id " + row + " is out of range [0, " + rows + ")");
            }
            int sp = value.offset() + row * rowSize;
            int dp = out.offset() + i * rowSize;
            if (!dequantize) {
                System.arraycopy(value.array(), sp, out.array(), dp, rowSize);
                continue;
            }
            byte[] q = value.bytes();
            float[] o = out.floats();
            for (int j = 0; j < rowSize; j++) {
                int v = unsigned ? q[sp + j] & 0xff : q[sp + j];
                o[dp + j] = (float) ((v - zeroPoint) * scale);
            }
        }
    }
}
