package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.elementwise.Broadcast;
import dev.jlite.ops.quant.FixedPoint;
import dev.jlite.ops.quant.Quantized;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * Quantized two-input element-wise operators on 8-bit inputs broadcast against each other: PRELU (INT8, UINT8),
 * SQUARED_DIFFERENCE (INT8) and DIV (UINT8), as TensorFlow Lite 2.6.2 computes them. Every pair of input values has its output in
 * a 256 x 256 table built once in prepare, so the kernel is exact by construction and one load per element.
 */
final class QuantizedBinaryKernel implements Kernel {
    /** The operators this kernel has. */
    enum Op {
        /** x >= 0: x * (input scale / output scale); below: x * alpha * (input scale * alpha scale / output scale). */
        PRELU,
        /**
         * Both inputs shifted left by 7 and brought to a common scale (each multiplier its scale over twice the
         * larger one), the difference squared, then rescaled to the output.
         */
        SQUARED_DIFFERENCE,
        /**
         * UINT8 division: the divisor's fixed-point reciprocal times the dividend shifted to use all its bits, then
         * rescaled by input 0 scale / (input 1 scale * output scale) (a float product), and the fused activation. As
         * in TensorFlow Lite, a stored divisor of 0 is an error whatever the zero point; a divisor equal to its zero
         * point is undefined there and gives whatever the arithmetic does here.
         */
        DIV
    }

    /** The BuiltinOptions union type of DivOptions (its field 0 is the fused activation). */
    private static final int DIV_OPTIONS = 29;

    private final Op op;
    /** The input types TensorFlow Lite 2.6.2 has this operator for (the registration's, from {@link MathOps}). */
    private final List<DataType> types;
    private boolean planWhileRunning;
    private Broadcast plan;
    private byte[] table;

    QuantizedBinaryKernel(Op op, List<DataType> types) {
        this.op = op;
        this.types = types;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor x = node.requireInput(0);
        Tensor y = node.requireInput(1);
        Tensor output = node.output(0);
        DataType type = x.dataType();
        if (!types.contains(type)) {
            throw node.error("input type " + type + " is not supported");
        }
        if (y.dataType() != type || output.dataType() != type) {
            throw node.error("inputs and output must have one type, got " + type + ", " + y.dataType() + " -> "
                    + output.dataType());
        }
        float xScale = Quantized.perTensor(node, x, "input 0").scale();
        float yScale = Quantized.perTensor(node, y, "input 1").scale();
        float outScale = Quantized.perTensor(node, output, "output").scale();
        int xZero = Quantized.zeroPoint(node, x, "input 0");
        int yZero = Quantized.zeroPoint(node, y, "input 1");
        int outZero = Quantized.zeroPoint(node, output, "output");
        int min = Quantized.min(type);
        int max = Quantized.max(type);
        IntBinaryOperator f = switch (op) {
            case PRELU -> prelu(xScale, xZero, yScale, yZero, outScale, outZero);
            case SQUARED_DIFFERENCE -> squaredDifference(xScale, xZero, yScale, yZero, outScale, outZero);
            case DIV -> div(xScale, xZero, yScale, yZero, outScale, outZero);
        };
        if (op == Op.DIV) {
            FlatTable options = node.options(DIV_OPTIONS);
            int[] range = Quantized.activationRange(Activation.of(options == null ? 0 : options.getByte(0, (byte) 0),
                    node), output);
            min = range[0];
            max = range[1];
        }
        int mask = Quantized.byteMask(type);
        table = new byte[1 << 16];
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                int v = f.applyAsInt((byte) a & mask, (byte) b & mask);
                table[a << 8 | b] = (byte) Math.min(Math.max(v, min), max);
            }
        }
        planWhileRunning = Shapes.anyInputDynamic(node);
        if (planWhileRunning) {
            output.markDynamic();
        } else {
            plan(node);
        }
    }

    private void plan(Node node) {
        plan = Broadcast.of(node, node.input(0).shape(), node.input(1).shape());
        if (op == Op.PRELU && !Arrays.equals(plan.outputShape(), node.input(0).shape())) {
            throw node.error("alpha must broadcast to the input's shape");
        }
        node.output(0).resize(plan.outputShape());
    }

    private static IntBinaryOperator prelu(float xScale, int xZero, float aScale, int aZero, float outScale,
            int outZero) {
        FixedPoint.Multiplier positive = FixedPoint.quantizeMultiplier(xScale / outScale);
        FixedPoint.Multiplier negative = FixedPoint.quantizeMultiplier(xScale * aScale / outScale);
        return (q, alpha) -> {
            int x = q - xZero;
            return outZero + (x >= 0 ? positive.apply(x) : negative.apply(x * (alpha - aZero)));
        };
    }

    private static IntBinaryOperator div(float xScale, int xZero, float yScale, int yZero, float outScale,
            int outZero) {
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(xScale / (yScale * outScale));
        return (a, b) -> {
            int x = a - xZero;
            int y = b - yZero;
            FixedPoint.Multiplier inverse = FixedPoint.reciprocal(Math.abs(y), 31);
            int yInverse = y > 0 ? inverse.multiplier() : -inverse.multiplier();
            int headroom = FixedPoint.countLeadingSignBits(x);
            int unscaled = FixedPoint.saturatingRoundingDoublingHighMul(x * (1 << headroom), yInverse);
            int totalShift = m.shift() - inverse.shift() - headroom;
            return outZero + FixedPoint.roundingDivideByPOT(
                    FixedPoint.saturatingRoundingDoublingHighMul(unscaled, m.multiplier()), -totalShift);
        };
    }

    private static IntBinaryOperator squaredDifference(float xScale, int xZero, float yScale, int yZero,
            float outScale, int outZero) {
        int leftShift = 7;
        double twiceMax = 2.0 * Math.max(xScale, yScale);
        FixedPoint.Multiplier mx = FixedPoint.quantizeMultiplier(xScale / twiceMax);
        FixedPoint.Multiplier my = FixedPoint.quantizeMultiplier(yScale / twiceMax);
        FixedPoint.Multiplier mo = FixedPoint.quantizeMultiplier(twiceMax * twiceMax
                / (double) ((1 << (2 * leftShift)) * outScale));
        return (a, b) -> {
            int d = mx.apply((a - xZero) * (1 << leftShift)) - my.apply((b - yZero) * (1 << leftShift));
            return mo.apply(d * d) + outZero;
        };
    }

    @Override
    public void eval(Node node) {
        if (planWhileRunning) {
            plan(node);
        }
        Tensor a = node.input(0);
        Tensor b = node.input(1);
        Tensor out = node.output(0);
        Broadcast p = plan;
        if (p.size() == 0) {
            return;
        }
        int n = p.inner();
        int as = p.aInnerStride();
        int bs = p.bInnerStride();
        byte[] av = a.bytes();
        byte[] bv = b.bytes();
        byte[] o = out.bytes();
        byte[] t = table;
        if (op == Op.DIV) {
            for (int i = b.offset(), end = i + b.numElements(); i < end; i++) {
                if (bv[i] == 0) {
                    throw node.error("division by 0: the divisor holds a stored 0");
                }
            }
        }
        for (int r = 0; r < p.rows(); r++) {
            int ai = a.offset() + p.aRowOffset(r);
            int bi = b.offset() + p.bRowOffset(r);
            int oi = out.offset() + r * n;
            for (int i = 0; i < n; i++, ai += as, bi += bs) {
                o[oi + i] = t[(av[ai] & 0xff) << 8 | (bv[bi] & 0xff)];
            }
        }
    }
}
