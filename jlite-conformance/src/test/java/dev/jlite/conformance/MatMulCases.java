package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.List;

/**
 * BATCH_MATMUL on FLOAT32: operands of rank 2 to 4 (TensorFlow Lite 2.6 rejects rank 5) with broadcast batch
 * dimensions (different ranks, ones on either side), adj_x and adj_y, the right operand constant or an input;
 * inner sizes around the SIMD widths.
 */
final class MatMulCases {
    private MatMulCases() {}

    static List<OpCases> all() {
        return List.of(new OpCases("BATCH_MATMUL", FLOAT32, MatMulCases::batchMatMul));
    }

    private static DiffCase batchMatMul(CaseRandom r) {
        int[][] batch = Shapes.broadcastPair(r, 2, 3);
        int rows = r.between(1, 9);
        int depth = ConvCases.channels(r);
        int cols = ConvCases.channels(r);
        boolean adjX = r.chance(0.5);
        boolean adjY = r.chance(0.5);
        int[] lhs = matrix(batch[0], adjX ? depth : rows, adjX ? rows : depth);
        int[] rhs = matrix(batch[1], adjY ? cols : depth, adjY ? depth : cols);
        boolean constantRhs = r.chance(0.4);
        OpModel m = new OpModel(BuiltinOperator.BATCH_MATMUL);
        m.input(FLOAT32, lhs);
        float[] a = r.floats(CaseRandom.size(lhs), -2, 2);
        float[] b = r.floats(CaseRandom.size(rhs), -2, 2);
        if (constantRhs) {
            m.constant(FLOAT32, rhs, b);
        } else {
            m.input(FLOAT32, rhs);
        }
        m.output(FLOAT32);
        if (adjX || adjY || r.chance(0.8)) {
            m.options(BuiltinOptions.batchMatMul(adjX, adjY));
        }
        String what = "BATCH_MATMUL " + Shapes.str(lhs) + (constantRhs ? " const " : " ") + Shapes.str(rhs)
                + " adj_x " + adjX + " adj_y " + adjY;
        return constantRhs ? new DiffCase(what, m, Tolerance.FLOAT, a) : new DiffCase(what, m, Tolerance.FLOAT, a, b);
    }

    private static int[] matrix(int[] batch, int rows, int cols) {
        int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        return shape;
    }
}
