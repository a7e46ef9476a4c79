package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.elementwise.Parallel;

/**
 * INT8 and UINT8 HARD_SWISH in TensorFlow Lite's 16-bit fixed point ({@code hard_swish.h}): the input moved to a
 * 7-bit finer "hires" scale, a "relu-ish" factor {@code clamp(x / 3, -1, 1)} mapped to {@code [0, 1]}, their product
 * taken with a non-rounding doubling high multiply (TensorFlow Lite's choice, which cancels the bias of the rounding
 * ones), then shifted to the output scale. Because every possible input has one output, the kernel evaluates the
 * formula once per input value at prepare and looks results up.
 */
final class QuantizedHardSwishKernel implements Kernel {
    private final byte[] table = new byte[256];
    private final ThreadPool.RangeTask task = this::range;
    private Tensor in;
    private Tensor out;

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if ((type != DataType.INT8 && type != DataType.UINT8) || output.dataType() != type) {
            throw node.error("expects INT8 or UINT8 in and out, got " + type + " -> " + output.dataType());
        }
        QuantizationParams qi = Quantized.perTensor(node, input, "input");
        QuantizationParams qo = Quantized.perTensor(node, output, "output");
        float hiresInputScale = (1.0f / 128.0f) * qi.scale();
        float reluishScale = 3.0f / 32768.0f;
        FixedPoint.Multiplier outputMultiplier = FixedPoint.quantizeMultiplier(hiresInputScale / qo.scale());
        if (outputMultiplier.shift() > 0) {
            throw node.error("output scale " + qo.scale() + " is too small for input scale " + qi.scale());
        }
        FixedPoint.Multiplier reluishMultiplier = FixedPoint.quantizeMultiplier(hiresInputScale / reluishScale);
        int outputMultiplier16 = downScaleToInt16(outputMultiplier.multiplier());
        int reluishMultiplier16 = downScaleToInt16(reluishMultiplier.multiplier());
        int min = Quantized.min(type);
        int max = Quantized.max(type);
        for (int v = min; v <= max; v++) {
            int y = hardSwish(v - qi.zeroPoint(), outputMultiplier16, outputMultiplier.shift(), reluishMultiplier16,
                    reluishMultiplier.shift()) + qo.zeroPoint();
            // The reference adds the zero point in 16 bits.
            y = Math.max(Math.min((short) y, max), min);
            table[v & 0xFF] = (byte) y;
        }
        output.resize(input.shape());
    }

    /** {@code DownScaleInt32ToInt16Multiplier}: a Q31 multiplier rounded to Q15. */
    private static int downScaleToInt16(int multiplier) {
        int roundingOffset = 1 << 15;
        if (multiplier >= Integer.MAX_VALUE - roundingOffset) {
            return Short.MAX_VALUE;
        }
        return (multiplier + roundingOffset) >> 16;
    }

    /** The reference kernel's arithmetic for one input value (zero point removed), before the output offset. */
    private static int hardSwish(int inputValue, int outputMultiplier, int outputExponent, int reluishMultiplier,
            int reluishExponent) {
        short hires = (short) (inputValue * (1 << 7));
        short preshiftOutput = roundingDoublingHighMul16(hires, (short) outputMultiplier);
        short reluish = hires;
        if (reluishExponent > 0) {
            reluish = saturatingLeftShift16(reluish, reluishExponent - 1);
        }
        reluish = roundingDoublingHighMul16(reluish, (short) reluishMultiplier);
        if (reluishExponent > 0) {
            reluish = saturatingLeftShift16(reluish, 1);
        }
        if (reluishExponent < 0) {
            reluish = (short) FixedPoint.roundingDivideByPOT(reluish, -reluishExponent);
        }
        reluish = (short) ((reluish + (1 << 15)) >> 1);
        short preshift = doublingHighMul16(reluish, preshiftOutput);
        return (short) FixedPoint.roundingDivideByPOT(preshift, -outputExponent);
    }

    /** gemmlowp's 16-bit {@code SaturatingRoundingDoublingHighMul}. */
    private static short roundingDoublingHighMul16(short a, short b) {
        if (a == Short.MIN_VALUE && b == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        int ab = a * b;
        int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
        return (short) ((ab + nudge) / (1 << 15));
    }

    /** TensorFlow Lite's 16-bit {@code SaturatingDoublingHighMul}: the doubled high half, truncated. */
    private static short doublingHighMul16(short a, short b) {
        if (a == Short.MIN_VALUE && b == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        return (short) ((a * b) / (1 << 15));
    }

    private static short saturatingLeftShift16(short value, int amount) {
        int result = value * (1 << amount);
        return (short) Math.max(Math.min(result, Short.MAX_VALUE), Short.MIN_VALUE);
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        int n = in.numElements();
        Parallel.run(node, n, n, task);
        in = null;
        out = null;
    }

    private void range(int from, int to) {
        byte[] x = in.bytes();
        byte[] y = out.bytes();
        int xi = in.offset();
        int yi = out.offset();
        byte[] t = table;
        for (int i = from; i < to; i++) {
            y[yi + i] = t[x[xi + i] & 0xFF];
        }
    }
}
