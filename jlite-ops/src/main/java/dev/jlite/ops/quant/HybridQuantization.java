package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * The run-time input quantization of TensorFlow Lite's hybrid (dynamic-range) kernels, whose weights are int8 and
 * whose activations stay float: each row of the float input is quantized to int8 when the node runs, the integer
 * products accumulate in int32, and the sums are scaled back to float by the row's scale times the weights' scale.
 * The float arithmetic is {@code tensor_utils}' portable {@code SymmetricQuantizeFloats} and
 * {@code AsymmetricQuantizeFloats} operation for operation, so the int8 rows are the official interpreter's.
 */
public final class HybridQuantization {
    private static final int SYMMETRIC_SCALE = 127;

    private HybridQuantization() {}

    /**
     * Whether {@code node} is a hybrid one: a FLOAT32 input (0) and constant-or-not INT8 weights at input
     * {@code weights}. The float registrations' factories use it to pick the hybrid kernel.
     */
    public static boolean isHybrid(Node node, int weights) {
        Tensor in = node.inputCount() > 0 ? node.input(0) : null;
        Tensor w = node.inputCount() > weights ? node.input(weights) : null;
        return in != null && w != null && in.dataType() == DataType.FLOAT32 && w.dataType() == DataType.INT8;
    }

    /**
     * Quantizes {@code rows} rows of {@code size} floats at {@code x[xBase]} into {@code q} (same layout), one scale
     * per row into {@code scales} and, when {@code asymmetric}, one zero point per row into {@code offsets}
     * (symmetric rows have zero points of 0, written too).
     */
    public static void quantizeRows(float[] x, int xBase, int rows, int size, boolean asymmetric, byte[] q,
            float[] scales, int[] offsets) {
        for (int r = 0; r < rows; r++) {
            int from = xBase + r * size;
            if (asymmetric) {
                scales[r] = asymmetric(x, from, size, q, r * size, offsets, r);
            } else {
                scales[r] = symmetric(x, from, size, q, r * size);
                offsets[r] = 0;
            }
        }
    }

    /**
     * {@code SymmetricQuantizeFloats}: {@code q = round(x * 127 / max|x|)} clamped to ±127; returns the scale
     * {@code max|x| / 127}, or 1 for a row of zeros (quantized to zeros).
     */
    public static float symmetric(float[] x, int from, int n, byte[] q, int qFrom) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = x[from + i];
            min = v < min ? v : min;
            max = v > max ? v : max;
        }
        float range = n == 0 ? 0f : Math.max(Math.abs(min), Math.abs(max));
        if (range == 0f) {
            java.util.Arrays.fill(q, qFrom, qFrom + n, (byte) 0);
            return 1f;
        }
        float inverse = SYMMETRIC_SCALE / range;
        for (int i = 0; i < n; i++) {
            int v = FixedPoint.roundHalfAwayFromZero(x[from + i] * inverse);
            q[qFrom + i] = (byte) Math.min(SYMMETRIC_SCALE, Math.max(-SYMMETRIC_SCALE, v));
        }
        return range / SYMMETRIC_SCALE;
    }

    /**
     * {@code AsymmetricQuantizeFloats}: the int8 quantization of {@code [min(0, min x), max(0, max x)]} with
     * TensorFlow Lite's nudged zero point (computed in double, as there); writes the zero point to
     * {@code offsets[index]} and returns the scale (1, with zero point 0, when the range is empty).
     */
    public static float asymmetric(float[] x, int from, int n, byte[] q, int qFrom, int[] offsets, int index) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = x[from + i];
            min = v < min ? v : min;
            max = v > max ? v : max;
        }
        double rmin = n == 0 ? 0 : Math.min(0, (double) min);
        double rmax = n == 0 ? 0 : Math.max(0, (double) max);
        if (rmin == rmax) {
            java.util.Arrays.fill(q, qFrom, qFrom + n, (byte) 0);
            offsets[index] = 0;
            return 1f;
        }
        double qmin = -128;
        double qmax = 127;
        double scale = (rmax - rmin) / (qmax - qmin);
        double fromMin = qmin - rmin / scale;
        double fromMax = qmax - rmax / scale;
        double fromMinError = Math.abs(qmin) + Math.abs(rmin / scale);
        double fromMaxError = Math.abs(qmax) + Math.abs(rmax / scale);
        double zero = fromMinError < fromMaxError ? fromMin : fromMax;
        int offset;
        if (zero <= qmin) {
            offset = -128;
        } else if (zero >= qmax) {
            offset = 127;
        } else {
            offset = (byte) FixedPoint.roundHalfAwayFromZero(zero);
        }
        float floatScale = (float) scale;
        float inverse = 1f / floatScale;
        for (int i = 0; i < n; i++) {
            int v = FixedPoint.roundHalfAwayFromZero(offset + x[from + i] * inverse);
            q[qFrom + i] = (byte) Math.min(127, Math.max(-128, v));
        }
        offsets[index] = offset;
        return floatScale;
    }

    /** Sums of each of {@code rows} rows of {@code size} int8 weights (for asymmetric inputs' zero points). */
    public static void rowSums(byte[] w, int base, int rows, int size, int[] sums) {
        for (int r = 0; r < rows; r++) {
            int s = 0;
            int o = base + r * size;
            for (int i = 0; i < size; i++) {
                s += w[o + i];
            }
            sums[r] = s;
        }
    }

    /** {@code sum(a[i] * b[i])} over {@code n} int8 values. */
    public static int dot(byte[] a, int aFrom, byte[] b, int bFrom, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[aFrom + i] * b[bFrom + i];
        }
        return s;
    }
}
