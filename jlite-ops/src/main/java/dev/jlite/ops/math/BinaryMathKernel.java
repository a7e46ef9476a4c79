package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.elementwise.Broadcast;
import java.util.List;

/**
 * A {@link BinaryFunction} over two inputs of one type broadcast against each other (numpy rules); the output has
 * that type. ADD, SUB and MUL (INT64 here) also clamp to their fused activation's range.
 */
final class BinaryMathKernel implements Kernel {
    /** The {@code fused_activation_function} field of AddOptions, SubOptions and MulOptions. */
    private static final int FUSED_ACTIVATION = 0;

    private final BinaryFunction function;
    /** The input types TensorFlow Lite 2.6.2 has this operator for (the registration's, from {@link MathOps}). */
    private final List<DataType> types;
    /** The BuiltinOptions type holding the fused activation, or 0 when the operator has none. */
    private final int activationOptionsType;
    private boolean planWhileRunning;
    private Broadcast plan;
    private DataType type;
    private long lo = Long.MIN_VALUE;
    private long hi = Long.MAX_VALUE;

    BinaryMathKernel(BinaryFunction function, int activationOptionsType, List<DataType> types) {
        this.function = function;
        this.types = types;
        this.activationOptionsType = activationOptionsType;
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
        if (y.dataType() != type || output.dataType() != type) {
            throw node.error("inputs and output must have one type, got " + type + ", " + y.dataType() + " -> "
                    + output.dataType());
        }
        if (activationOptionsType != 0) {
            FlatTable options = node.options(activationOptionsType);
            Activation activation = Activation.of(options == null ? 0 : options.getByte(FUSED_ACTIVATION, (byte) 0),
                    node);
            // TensorFlow Lite's CalculateActivationRange for an integer type: only the RELU family clamps.
            lo = switch (activation) {
                case RELU, RELU6 -> 0;
                case RELU_N1_TO_1 -> -1;
                default -> Long.MIN_VALUE;
            };
            hi = switch (activation) {
                case RELU6 -> 6;
                case RELU_N1_TO_1 -> 1;
                default -> Long.MAX_VALUE;
            };
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
        for (int r = 0; r < p.rows(); r++) {
            int ai = a.offset() + p.aRowOffset(r);
            int bi = b.offset() + p.bRowOffset(r);
            int oi = out.offset() + r * n;
            switch (type) {
                case FLOAT32 -> floatRow(a.floats(), ai, as, b.floats(), bi, bs, out.floats(), oi, n);
                case INT32 -> intRow(a.ints(), ai, as, b.ints(), bi, bs, out.ints(), oi, n);
                case INT64 -> longRow(a.longs(), ai, as, b.longs(), bi, bs, out.longs(), oi, n);
                case INT16 -> shortRow(a.shorts(), ai, as, b.shorts(), bi, bs, out.shorts(), oi, n);
                case UINT8 -> byteRow(a.bytes(), ai, as, b.bytes(), bi, bs, out.bytes(), oi, n, 0xff);
                default -> byteRow(a.bytes(), ai, as, b.bytes(), bi, bs, out.bytes(), oi, n, -1);
            }
        }
    }

    private void floatRow(float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
        BinaryFunction f = function;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = f.f(a[ai], b[bi]);
        }
    }

    private void intRow(int[] a, int ai, int as, int[] b, int bi, int bs, int[] o, int oi, int n) {
        BinaryFunction f = function;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = f.i(a[ai], b[bi]);
        }
    }

    private void longRow(long[] a, int ai, int as, long[] b, int bi, int bs, long[] o, int oi, int n) {
        BinaryFunction f = function;
        long min = lo;
        long max = hi;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = Math.min(Math.max(f.l(a[ai], b[bi]), min), max);
        }
    }

    private void shortRow(short[] a, int ai, int as, short[] b, int bi, int bs, short[] o, int oi, int n) {
        BinaryFunction f = function;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = (short) f.i(a[ai], b[bi]);
        }
    }

    /** {@code mask} 0xff reads UINT8 values, -1 keeps INT8 (and BOOL's 0/1) signed. */
    private void byteRow(byte[] a, int ai, int as, byte[] b, int bi, int bs, byte[] o, int oi, int n, int mask) {
        BinaryFunction f = function;
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = (byte) f.i(a[ai] & mask, b[bi] & mask);
        }
    }
}
