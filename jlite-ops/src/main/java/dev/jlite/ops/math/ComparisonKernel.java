package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.ops.elementwise.Broadcast;
import dev.jlite.ops.quant.FixedPoint;
import java.util.List;

/**
 * EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS and LESS_EQUAL: two inputs of one type broadcast against each
 * other, a BOOL output. INT8 and UINT8 inputs are compared as TensorFlow Lite does, on a common fixed-point scale:
 * each value minus its zero point, shifted left by 8 and multiplied by its own scale (which must be below 1) in
 * fixed point; these are looked up in a table per input.
 */
final class ComparisonKernel implements Kernel {
    /** TensorFlow Lite's {@code left_shift} of quantized comparisons. */
    private static final int LEFT_SHIFT = 8;

    private final Comparison comparison;
    /** The input types TensorFlow Lite 2.6.2 has this operator for (the registration's, from {@link MathOps}). */
    private final List<DataType> types;
    private boolean planWhileRunning;
    private Broadcast plan;
    private DataType type;
    private int[] aTable;
    private int[] bTable;

    ComparisonKernel(Comparison comparison, List<DataType> types) {
        this.comparison = comparison;
        this.types = types;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor x = node.requireInput(0);
        Tensor y = node.requireInput(1);
        Tensor output = node.output(0);
        type = x.dataType();
        if (!types.contains(type)) {
            throw node.error("input type " + type + " is not supported");
        }
        if (y.dataType() != type) {
            throw node.error("inputs must have one type, got " + type + " and " + y.dataType());
        }
        if (output.dataType() != DataType.BOOL) {
            throw node.error("output type must be BOOL, got " + output.dataType());
        }
        if (type == DataType.INT8 || type == DataType.UINT8) {
            aTable = rescaled(node, x, type);
            bTable = rescaled(node, y, type);
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
        node.output(0).resize(plan.outputShape());
    }

    /** The comparable value of each raw 8-bit value, indexed by {@code raw & 0xff}. */
    private static int[] rescaled(Node node, Tensor t, DataType type) {
        QuantizationParams q = t.quantizationParams();
        float scale = q.isQuantized() ? q.scale() : 0f;
        if (!(scale > 0f && scale < 1f)) {
            throw node.error("quantized comparison needs an input scale in (0, 1), got " + scale);
        }
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(scale);
        int zeroPoint = q.zeroPoint();
        int[] table = new int[256];
        for (int raw = 0; raw < 256; raw++) {
            int value = type == DataType.INT8 ? (byte) raw : raw;
            table[raw] = m.apply((value - zeroPoint) * (1 << LEFT_SHIFT));
        }
        return table;
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
        byte[] o = out.bytes();
        for (int r = 0; r < p.rows(); r++) {
            int ai = a.offset() + p.aRowOffset(r);
            int bi = b.offset() + p.bRowOffset(r);
            int oi = out.offset() + r * n;
            switch (type) {
                case FLOAT32 -> floatRow(a.floats(), ai, as, b.floats(), bi, bs, o, oi, n);
                case INT32 -> intRow(a.ints(), ai, as, b.ints(), bi, bs, o, oi, n);
                case INT64 -> longRow(a.longs(), ai, as, b.longs(), bi, bs, o, oi, n);
                case BOOL -> boolRow(a.bytes(), ai, as, b.bytes(), bi, bs, o, oi, n);
                default -> quantizedRow(a.bytes(), ai, as, b.bytes(), bi, bs, o, oi, n);
            }
        }
    }

    private void floatRow(float[] a, int ai, int as, float[] b, int bi, int bs, byte[] o, int oi, int n) {
        Comparison c = comparison;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = c.f(a[ai], b[bi]) ? (byte) 1 : (byte) 0;
        }
    }

    private void intRow(int[] a, int ai, int as, int[] b, int bi, int bs, byte[] o, int oi, int n) {
        Comparison c = comparison;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = c.l(a[ai], b[bi]) ? (byte) 1 : (byte) 0;
        }
    }

    private void longRow(long[] a, int ai, int as, long[] b, int bi, int bs, byte[] o, int oi, int n) {
        Comparison c = comparison;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = c.l(a[ai], b[bi]) ? (byte) 1 : (byte) 0;
        }
    }

    /** Any nonzero byte is true. */
    private void boolRow(byte[] a, int ai, int as, byte[] b, int bi, int bs, byte[] o, int oi, int n) {
        Comparison c = comparison;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = c.l(a[ai] != 0 ? 1 : 0, b[bi] != 0 ? 1 : 0) ? (byte) 1 : (byte) 0;
        }
    }

    private void quantizedRow(byte[] a, int ai, int as, byte[] b, int bi, int bs, byte[] o, int oi, int n) {
        Comparison c = comparison;
        int[] at = aTable;
        int[] bt = bTable;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = c.l(at[a[ai] & 0xff], bt[b[bi] & 0xff]) ? (byte) 1 : (byte) 0;
        }
    }
}
