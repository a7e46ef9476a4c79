package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;

/**
 * What the quantized kernels share about their tensors: the integer range of each quantized type, per-tensor
 * parameters read with TensorFlow Lite's checks, and the clamp range of a fused activation
 * ({@code CalculateActivationRangeQuantized}).
 */
final class Quantized {
    private Quantized() {}

    /** The smallest value of a quantized storage type. */
    static int min(DataType type) {
        return switch (type) {
            case INT8 -> Byte.MIN_VALUE;
            case UINT8 -> 0;
            case INT16 -> Short.MIN_VALUE;
            default -> throw new IllegalArgumentException(type + " is not a quantized type");
        };
    }

    /** The largest value of a quantized storage type. */
    static int max(DataType type) {
        return switch (type) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            default -> throw new IllegalArgumentException(type + " is not a quantized type");
        };
    }

    /** The mask that reads a stored byte as its value: unsigned for UINT8, signed otherwise. */
    static int byteMask(DataType type) {
        return type == DataType.UINT8 ? 0xff : -1;
    }

    /** Checks that {@code t} has per-tensor quantization and returns its parameters. */
    static QuantizationParams perTensor(Node node, Tensor t, String role) {
        QuantizationParams q = t.quantizationParams();
        if (!q.isQuantized()) {
            throw node.error(role + " (" + t.dataType() + ") has no quantization parameters");
        }
        if (q.isPerAxis()) {
            throw node.error(role + " must be quantized per tensor, has " + q.scales().length + " scales");
        }
        if (!(q.scale() > 0) || Float.isInfinite(q.scale())) {
            throw node.error(role + " has scale " + q.scale() + "; it must be positive and finite");
        }
        return q;
    }

    /** The zero point of a per-tensor quantized {@code t}, checked to lie in its type's range. */
    static int zeroPoint(Node node, Tensor t, String role) {
        long z = perTensor(node, t, role).zeroPoints()[0];
        if (z < min(t.dataType()) || z > max(t.dataType())) {
            throw node.error(role + " zero point " + z + " is outside the " + t.dataType() + " range");
        }
        return (int) z;
    }

    /** Requires a zero point of 0 (INT16 activations and symmetric weights). */
    static void zeroZeroPoint(Node node, Tensor t, String role) {
        long[] zs = t.quantizationParams().zeroPoints();
        for (long z : zs) {
            if (z != 0) {
                throw node.error(role + " must have zero point 0 (symmetric), has " + z);
            }
        }
    }

    static void type(Node node, Tensor t, String role, DataType expected) {
        if (t.dataType() != expected) {
            throw node.error(role + " is " + t.dataType() + ", expected " + expected);
        }
    }

    /**
     * TensorFlow Lite's {@code CalculateActivationRangeQuantized}: the RELU family's bounds quantized with the
     * output's parameters ({@code zeroPoint + round(f / scale)} in float), intersected with the type's range; the
     * other activations clamp to the type's range only. Returns {@code {min, max}}.
     */
    static int[] activationRange(Activation act, Tensor output) {
        DataType type = output.dataType();
        int qmin = min(type);
        int qmax = max(type);
        float scale = output.quantizationParams().scale();
        int zp = (int) output.quantizationParams().zeroPoints()[0];
        switch (act) {
            case RELU:
                return new int[] {Math.max(qmin, quantize(0f, scale, zp)), qmax};
            case RELU6:
                return new int[] {Math.max(qmin, quantize(0f, scale, zp)), Math.min(qmax, quantize(6f, scale, zp))};
            case RELU_N1_TO_1:
                return new int[] {Math.max(qmin, quantize(-1f, scale, zp)), Math.min(qmax, quantize(1f, scale, zp))};
            default:
                return new int[] {qmin, qmax};
        }
    }

    private static int quantize(float f, float scale, int zeroPoint) {
        return zeroPoint + FixedPoint.roundHalfAwayFromZero(f / scale);
    }
}
