package dev.jlite.ops.lstm;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.ops.quant.HybridQuantization;

/**
 * One weight matrix {@code [rows, cols]} of an LSTM, FLOAT32 or INT8 with one scale (hybrid), and its
 * multiply-accumulate into a gate: {@code out[b][r] += dot(w[r], x[b])}, for the hybrid form over the rows of
 * {@code x} quantized by {@link QuantizedRows} and scaled by the row's scale times the weights' scale, as
 * TensorFlow Lite's {@code MatrixBatchVectorMultiplyAccumulate} does.
 */
final class LstmWeights {
    final int rows;
    final int cols;
    final boolean hybrid;
    final float scale;
    private final int[] rowSums;
    private final int input;
    private float[] floats;
    private byte[] bytes;
    private int base;

    private LstmWeights(Node node, int input, Tensor t, int rows, int cols) {
        this.input = input;
        this.rows = rows;
        this.cols = cols;
        this.hybrid = t.dataType() == DataType.INT8;
        if (hybrid) {
            if (t.quantizationParams().scales().length != 1) {
                throw node.error("hybrid LSTM weights (input " + input + ") need one scale, have "
                        + t.quantizationParams().scales().length);
            }
            this.scale = t.quantizationParams().scale();
            this.rowSums = new int[rows];
        } else if (t.dataType() == DataType.FLOAT32) {
            this.scale = 1f;
            this.rowSums = null;
        } else {
            throw node.error("LSTM weights (input " + input + ") must be FLOAT32 or INT8, are " + t.dataType());
        }
    }

    /** The weights at {@code input}, checked to be {@code [rows, cols]} (or {@code [rows]} when cols is 0), or null. */
    static LstmWeights of(Node node, int input, int rows, int cols) {
        Tensor t = node.input(input);
        if (t == null) {
            return null;
        }
        int[] expected = cols == 0 ? new int[] {rows} : new int[] {rows, cols};
        if (!java.util.Arrays.equals(t.shape(), expected)) {
            throw node.error("input " + input + " must have shape " + java.util.Arrays.toString(expected) + ", has "
                    + java.util.Arrays.toString(t.shape()));
        }
        if (t.sparsity() != null) {
            throw node.error("input " + input + " is sparse; densify it first (DENSIFY)");
        }
        return new LstmWeights(node, input, t, rows, Math.max(cols, 1));
    }

    /** Binds the tensor's current data (and, for hybrid weights, their row sums, once when constant). */
    void bind(Node node) {
        Tensor t = node.input(input);
        base = t.offset();
        if (hybrid) {
            boolean fresh = bytes != t.bytes() || !t.isConstant();
            bytes = t.bytes();
            if (fresh) {
                HybridQuantization.rowSums(bytes, base, rows, cols, rowSums);
            }
        } else {
            floats = t.floats();
        }
    }

    /** {@code out[o + b*rows + r] += w[r] . x[b]} for {@code batch} rows of float {@code x}. */
    void multiplyAccumulate(float[] x, int xBase, int batch, float[] out, int o) {
        for (int b = 0; b < batch; b++) {
            int xr = xBase + b * cols;
            for (int r = 0; r < rows; r++) {
                int w = base + r * cols;
                float sum = 0f;
                for (int k = 0; k < cols; k++) {
                    sum += floats[w + k] * x[xr + k];
                }
                out[o + b * rows + r] += sum;
            }
        }
    }

    /** The hybrid form over quantized rows: {@code += (dot - rowSum * zeroPoint) * rowScale * scale}. */
    void multiplyAccumulate(QuantizedRows x, int batch, float[] out, int o) {
        for (int b = 0; b < batch; b++) {
            int xr = b * cols;
            float s = x.scales[b] * scale;
            int zero = x.offsets[b];
            for (int r = 0; r < rows; r++) {
                int dot = HybridQuantization.dot(bytes, base + r * cols, x.values, xr, cols) - rowSums[r] * zero;
                out[o + b * rows + r] += dot * s;
            }
        }
    }

    /** The value of a diagonal (peephole) weight: float, or int8 times the scale as TensorFlow Lite recovers it. */
    float diagonal(int i) {
        return hybrid ? bytes[base + i] * scale : floats[base + i];
    }

    /** Float rows quantized to int8 when the step runs, with their scales and zero points. */
    static final class QuantizedRows {
        final byte[] values;
        final float[] scales;
        final int[] offsets;

        QuantizedRows(int batch, int size) {
            values = new byte[batch * size];
            scales = new float[batch];
            offsets = new int[batch];
        }

        /** Quantizes {@code batch} rows of {@code size} floats; false when they are all zero (nothing to add). */
        boolean quantize(float[] x, int base, int batch, int size, boolean asymmetric) {
            boolean zero = true;
            for (int i = 0; i < batch * size && zero; i++) {
                zero = x[base + i] == 0f;
            }
            if (zero) {
                return false;
            }
            HybridQuantization.quantizeRows(x, base, batch, size, asymmetric, values, scales, offsets);
            return true;
        }
    }
}
