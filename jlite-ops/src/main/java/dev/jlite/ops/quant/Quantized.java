package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;

/**
 * What quantized kernels share about their tensors: the integer range of each quantized type, TensorFlow Lite's
 * {@code CalculateActivationRangeQuantized}, and the per-tensor scale and zero point they require.
 */
public final class Quantized {
    private Quantized() {}

    /** Whether {@code type} is one of the quantized activation types: INT8, UINT8 or INT16. */
    public static boolean isQuantizedType(DataType type) {
        return type == DataType.INT8 || type == DataType.UINT8 || type == DataType.INT16;
    }

    /** The smallest value of a quantized type. */
    public static int min(DataType type) {
        switch (type) {
            case INT8: return Byte.MIN_VALUE;
            case UINT8: return 0;
            case INT16: return Short.MIN_VALUE;
            default: throw new IllegalArgumentException("not a quantized type: " + type);
        }
    }

    /** The largest value of a quantized type. */
    public static int max(DataType type) {
        switch (type) {
            case INT8: return Byte.MAX_VALUE;
            case UINT8: return 255;
            case INT16: return Short.MAX_VALUE;
            default: throw new IllegalArgumentException("not a quantized type: " + type);
        }
    }

    /**
     * The per-tensor quantization of a tensor; a tensor without a scale, or with one per axis, is the node's
     * error. {@code what} names the tensor in the message.
     */
    public static QuantizationParams perTensor(Node node, Tensor t, String what) {
        QuantizationParams q = t.quantizationParams();
        if (!q.isQuantized()) {
            throw node.error(what + " (" + t.dataType() + ") must be quantized");
        }
        if (q.isPerAxis()) {
            throw node.error(what + " must be quantized per tensor, has " + q.scales().length + " scales");
        }
        if (!(q.scale() > 0) || Float.isInfinite(q.scale())) {
            throw node.error(what + " has an invalid scale " + q.scale());
        }
        return q;
    }

    /** TensorFlow Lite's {@code Quantize} of one real value: {@code zero_point + round(value / scale)}. */
    public static int quantize(float value, float scale, int zeroPoint) {
        return zeroPoint + FixedPoint.roundHalfAwayFromZero(value / scale);
    }

    /**
     * TensorFlow Lite's {@code CalculateActivationRangeQuantized}: the fused activation's clamp bounds in the
     * output's quantized domain, {@code {min, max}}, within the type's range.
     */
    public static int[] activationRange(Activation activation, Tensor output) {
        DataType type = output.dataType();
        int qmin = min(type);
        int qmax = max(type);
        QuantizationParams q = output.quantizationParams();
        float scale = q.scale();
        int zp = q.zeroPoint();
        switch (activation) {
            case RELU:
                return new int[] {Math.max(qmin, quantize(0f, scale, zp)), qmax};
            case RELU6:
                return new int[] {Math.max(qmin, quantize(0f, scale, zp)), Math.min(qmax, quantize(6f, scale, zp))};
            case RELU_N1_TO_1:
                return new int[] {Math.max(qmin, quantize(-1f, scale, zp)), Math.min(qmax, quantize(1f, scale, zp))};
            default:
                // NONE, and TANH and SIGN_BIT, which TensorFlow Lite's quantized kernels ignore.
                return new int[] {qmin, qmax};
        }
    }

    /**
     * TensorFlow Lite's {@code CheckedLog2}: the rounded log2 of a scale, or {@code Integer.MIN_VALUE} when the
     * scale is not a power of two (within 1e-3 in the exponent).
     */
    public static int checkedLog2(float scale) {
        double log = Math.log(scale) / Math.log(2);
        long rounded = Math.round(log);
        return Math.abs(log - rounded) < 1e-3 ? (int) rounded : Integer.MIN_VALUE;
    }

    /** The mask that reads a stored byte as its value: unsigned for UINT8, signed otherwise. */
    public static int byteMask(DataType type) {
        return type == DataType.UINT8 ? 0xff : -1;
    }

    /** The zero point of a per-tensor quantized {@code t}, checked to lie in its type's range. */
    public static int zeroPoint(Node node, Tensor t, String role) {
        long z = perTensor(node, t, role).zeroPoints()[0];
        if (z < min(t.dataType()) || z > max(t.dataType())) {
            throw node.error(role + " zero point " + z + " is outside the " + t.dataType() + " range");
        }
        return (int) z;
    }

    /** Requires a zero point of 0 (INT16 activations and symmetric weights). */
    public static void zeroZeroPoint(Node node, Tensor t, String role) {
        long[] zs = t.quantizationParams().zeroPoints();
        for (long z : zs) {
            if (z != 0) {
                throw node.error(role + " must have zero point 0 (symmetric), has " + z);
            }
        }
    }

    /** Requires {@code t} to have the type {@code expected}. */
    public static void type(Node node, Tensor t, String role, DataType expected) {
        if (t.dataType() != expected) {
            throw node.error(role + " is " + t.dataType() + ", expected " + expected);
        }
    }
}
