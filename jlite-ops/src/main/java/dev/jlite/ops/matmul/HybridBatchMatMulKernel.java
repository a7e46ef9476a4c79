package dev.jlite.ops.matmul;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.elementwise.Parallel;
import dev.jlite.ops.quant.HybridQuantization;

/**
 * Hybrid BATCH_MATMUL, TensorFlow Lite 2.6's {@code EvalHybrid}: a FLOAT32 left operand, INT8 right operand with one
 * scale, FLOAT32 output, shapes as {@link MatMulGeometry}. Each row of the left operand (after {@code adj_x}) is
 * quantized to int8 when the node runs (asymmetrically with {@code asymmetric_quantize_inputs}); output
 * {@code (r, c)} is {@code rowScale * weightScale * (dot - colSum * zeroPoint)}, the correction computed in float
 * and truncated to int32 as TensorFlow Lite's reference loop does. Rows are split across threads. TensorFlow Lite
 * 2.6.2 sizes this path's temporaries from the wrong dimensions and is only right while {@code batches x rows <=
 * depth} and {@code cols <= rows} with one batch dimension above 1 (see the conformance generator); jlite computes
 * the intended product for every shape.
 */
final class HybridBatchMatMulKernel implements Kernel {
    private final ThreadPool.RangeTask task = this::rows;
    private MatMulGeometry g;
    private boolean asymmetric;
    private float weightScale;
    private boolean rhsConstant;
    private float[] row;
    private byte[] quantized;
    private float[] scales;
    private int[] offsets;
    /** Per output batch and column: the sum of the right matrix's column. */
    private int[] colSums;
    // Operands of the eval in progress, read by the worker threads.
    private byte[] rhs;
    private int rhsBase;
    private float[] out;
    private int outBase;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor a = node.requireInput(0);
        Tensor b = node.requireInput(1);
        Tensor output = node.output(0);
        if (a.dataType() != DataType.FLOAT32 || b.dataType() != DataType.INT8
                || output.dataType() != DataType.FLOAT32) {
            throw node.error("hybrid BATCH_MATMUL computes FLOAT32 x INT8 -> FLOAT32, got " + a.dataType() + " x "
                    + b.dataType() + " -> " + output.dataType());
        }
        if (b.quantizationParams().scales().length != 1) {
            throw node.error("hybrid BATCH_MATMUL needs a per-tensor scale on its INT8 operand, has "
                    + b.quantizationParams().scales().length);
        }
        weightScale = b.quantizationParams().scale();
        FlatTable o = node.options(BatchMatMulKernel.OPTIONS);
        boolean adjX = o != null && o.getBool(BatchMatMulKernel.ADJ_X, false);
        boolean adjY = o != null && o.getBool(BatchMatMulKernel.ADJ_Y, false);
        asymmetric = o != null && o.getBool(BatchMatMulKernel.ASYMMETRIC_QUANTIZE_INPUTS, false);
        g = new MatMulGeometry(node, a, b, adjX, adjY);
        output.resize(g.outShape);
        int units = g.batches * g.rows;
        row = new float[g.depth];
        quantized = new byte[units * g.depth];
        scales = new float[units];
        offsets = new int[units];
        colSums = new int[g.batches * g.cols];
        rhsConstant = b.isConstant();
        if (rhsConstant) {
            columnSums(b.bytes(), b.offset());
        }
    }

    private void columnSums(byte[] w, int base) {
        for (int batch = 0; batch < g.batches; batch++) {
            int matrix = base + g.rhsBatch[batch];
            for (int c = 0; c < g.cols; c++) {
                int s = 0;
                for (int k = 0; k < g.depth; k++) {
                    s += w[matrix + k * g.rhsDepthStride + c * g.rhsColStride];
                }
                colSums[batch * g.cols + c] = s;
            }
        }
    }

    @Override
    public void eval(Node node) {
        int units = g.batches * g.rows;
        if (units == 0 || g.cols == 0) {
            return;
        }
        Tensor a = node.input(0);
        Tensor b = node.input(1);
        Tensor output = node.output(0);
        rhs = b.bytes();
        rhsBase = b.offset();
        if (!rhsConstant) {
            columnSums(rhs, rhsBase);
        }
        float[] lhs = a.floats();
        int depth = g.depth;
        for (int u = 0; u < units; u++) {
            int batch = u / g.rows;
            int aRow = a.offset() + g.lhsBatch[batch] + (u - batch * g.rows) * g.lhsRowStride;
            for (int k = 0; k < depth; k++) {
                row[k] = lhs[aRow + k * g.lhsDepthStride];
            }
            if (asymmetric) {
                scales[u] = HybridQuantization.asymmetric(row, 0, depth, quantized, u * depth, offsets, u);
            } else {
                scales[u] = HybridQuantization.symmetric(row, 0, depth, quantized, u * depth);
                offsets[u] = 0;
            }
            scales[u] *= weightScale;
        }
        out = output.floats();
        outBase = output.offset();
        Parallel.run(node, units, (long) units * g.cols * depth, task);
        rhs = null;
        out = null;
    }

    /** Output rows {@code [from, to)} counted across batches. */
    private void rows(int from, int to) {
        int depth = g.depth;
        for (int u = from; u < to; u++) {
            int batch = u / g.rows;
            int matrix = rhsBase + g.rhsBatch[batch];
            float zero = offsets[u];
            float scale = scales[u];
            int q = u * depth;
            int o = outBase + u * g.cols;
            for (int c = 0; c < g.cols; c++) {
                int col = matrix + c * g.rhsColStride;
                int dot = 0;
                for (int k = 0; k < depth; k++) {
                    dot += quantized[q + k] * rhs[col + k * g.rhsDepthStride];
                }
                int total = (int) (dot - colSums[batch * g.cols + c] * zero);
                out[o + c] = scale * total;
            }
        }
    }
}
