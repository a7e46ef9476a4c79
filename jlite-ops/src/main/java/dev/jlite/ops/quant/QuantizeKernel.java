package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;

/**
 * QUANTIZE as in TensorFlow Lite 2.6: FLOAT32 to INT8, UINT8 or INT16 ({@code zeroPoint + round(x / scale)} in
 * double, halves away from zero, clamped), and requantization INT8/UINT8 to INT8/UINT8 and INT16 to INT8/INT16
 * ({@code (q - inZeroPoint)} times the fixed-point multiplier {@code inScale / outScale}, plus the output zero point,
 * clamped). Per-tensor parameters only.
 */
final class QuantizeKernel implements Kernel {
    private DataType inType;
    private DataType outType;
    /** The output scale widened to double: TensorFlow Lite 2.6 divides in double ({@code optimized_ops::AffineQuantize}). */
    private double scale;
    private int inZeroPoint;
    private int outZeroPoint;
    private int multiplier;
    private int shift;
    private int min;
    private int max;

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        inType = input.dataType();
        outType = output.dataType();
        if (outType != DataType.INT8 && outType != DataType.UINT8 && outType != DataType.INT16) {
            throw node.error("output is " + outType + "; QUANTIZE writes INT8, UINT8 or INT16");
        }
        switch (inType) {
            case FLOAT32:
                break;
            case INT16:
                if (outType == DataType.UINT8) {
                    throw node.error("INT16 input requantizes to INT8 or INT16, not UINT8");
                }
                break;
            case INT8:
            case UINT8:
                if (outType == DataType.INT16) {
                    throw node.error(inType + " input requantizes to INT8 or UINT8, not INT16");
                }
                break;
            default:
                throw node.error("input is " + inType + "; QUANTIZE reads FLOAT32, INT8, UINT8 or INT16");
        }
        scale = Quantized.perTensor(node, output, "output").scale();
        outZeroPoint = Quantized.zeroPoint(node, output, "output");
        min = Quantized.min(outType);
        max = Quantized.max(outType);
        if (inType != DataType.FLOAT32) {
            float inScale = Quantized.perTensor(node, input, "input").scale();
            inZeroPoint = Quantized.zeroPoint(node, input, "input");
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier((double) inScale / (double) scale);
            multiplier = m.multiplier();
            shift = m.shift();
        }
        output.resize(input.shape());
    }

    @Override
    public void eval(Node node) {
        Tensor input = node.input(0);
        Tensor output = node.output(0);
        int n = input.numElements();
        int xi = input.offset();
        int yi = output.offset();
        for (int i = 0; i < n; i++) {
            int q = inType == DataType.FLOAT32
                    ? (int) FixedPoint.roundHalfAwayFromZero(input.floats()[xi + i] / scale) + outZeroPoint
                    : FixedPoint.multiplyByQuantizedMultiplier(read(input, xi + i) - inZeroPoint, multiplier, shift)
                            + outZeroPoint;
            q = Math.min(Math.max(q, min), max);
            if (outType == DataType.INT16) {
                output.shorts()[yi + i] = (short) q;
            } else {
                output.bytes()[yi + i] = (byte) q;
            }
        }
    }

    private int read(Tensor t, int k) {
        return switch (inType) {
            case INT16 -> t.shorts()[k];
            case UINT8 -> t.bytes()[k] & 0xff;
            default -> t.bytes()[k];
        };
    }
}
