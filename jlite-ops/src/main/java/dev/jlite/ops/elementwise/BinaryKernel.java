package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;

/**
 * ADD, SUB, MUL, DIV (float32 and int32, with fused activation) and PRELU (float32): two inputs broadcast
 * against each other with numpy rules, of any rank.
 */
final class BinaryKernel implements Kernel {
    /** The {@code fused_activation_function} field of AddOptions, SubOptions, MulOptions and DivOptions. */
    private static final int FUSED_ACTIVATION = 0;

    private final BinaryOp op;
    private final int optionsType;
    private final ThreadPool.RangeTask rowsTask = this::rows;
    private final ThreadPool.RangeTask flatTask = this::flat;
    private Broadcast plan;
    private Activation range;
    private boolean isFloat;
    private boolean simd;
    // The tensors of the current eval, read by rowsTask on every thread.
    private Tensor a;
    private Tensor b;
    private Tensor out;

    private BinaryKernel(BinaryOp op, int optionsType) {
        this.op = op;
        this.optionsType = optionsType;
    }

    static BinaryKernel add(Node node) {
        return new BinaryKernel(BinaryOp.ADD, Options.ADD);
    }

    static BinaryKernel sub(Node node) {
        return new BinaryKernel(BinaryOp.SUB, Options.SUB);
    }

    static BinaryKernel mul(Node node) {
        return new BinaryKernel(BinaryOp.MUL, Options.MUL);
    }

    static BinaryKernel div(Node node) {
        return new BinaryKernel(BinaryOp.DIV, Options.DIV);
    }

    static BinaryKernel prelu(Node node) {
        return new BinaryKernel(BinaryOp.PRELU, 0);
    }

    @Override
    public int declaredActivation(Node node) {
        if (op == BinaryOp.PRELU) {
            return -1;
        }
        FlatTable options = node.options(optionsType);
        return options == null ? 0 : options.getByte(FUSED_ACTIVATION, (byte) 0);
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor x = node.requireInput(0);
        Tensor y = node.requireInput(1);
        Tensor output = node.output(0);
        DataType type = x.dataType();
        boolean intAllowed = op != BinaryOp.PRELU;
        if (type != DataType.FLOAT32 && !(intAllowed && type == DataType.INT32)) {
            throw node.error("input type " + type + " is not supported (FLOAT32" + (intAllowed ? " or INT32" : "")
                    + ")");
        }
        if (y.dataType() != type || output.dataType() != type) {
            throw node.error("inputs and output must have the same type, got " + type + ", " + y.dataType()
                    + " -> " + output.dataType());
        }
        if (op == BinaryOp.PRELU) {
            range = Activation.NONE;
        } else {
            FlatTable options = node.options(optionsType);
            range = Activation.of(node.fusedActivation(options == null ? 0 : options.getByte(FUSED_ACTIVATION,
                    (byte) 0)), node);
        }
        isFloat = type == DataType.FLOAT32;
        simd = isFloat && Vectorization.use(node);
        plan = Broadcast.of(node, x.shape(), y.shape());
        output.resize(plan.outputShape());
    }

    @Override
    public void eval(Node node) {
        a = node.input(0);
        b = node.input(1);
        out = node.output(0);
        Broadcast p = plan;
        if (p.size() == 0) {
            return;
        }
        if (p.rows() == 1) {
            // One long row (same shapes, or a scalar operand): split the row itself.
            Parallel.run(node, p.inner(), p.inner(), flatTask);
        } else {
            Parallel.run(node, p.rows(), p.size(), rowsTask);
        }
        a = null;
        b = null;
        out = null;
    }

    /** Elements {@code [from, to)} of the single row. */
    private void flat(int from, int to) {
        Broadcast p = plan;
        int as = p.aInnerStride();
        int bs = p.bInnerStride();
        int ai = a.offset() + from * as;
        int bi = b.offset() + from * bs;
        int oi = out.offset() + from;
        if (simd && SimdSwitch.on()) {
            SimdLoops.binary(op, a.floats(), ai, 0, as, b.floats(), bi, 0, bs, out.floats(), oi, 1, to - from,
                    range.min(), range.max());
        } else if (isFloat) {
            op.run(a.floats(), ai, as, b.floats(), bi, bs, out.floats(), oi, to - from, range.min(), range.max());
        } else {
            op.run(a.ints(), ai, as, b.ints(), bi, bs, out.ints(), oi, to - from, range.intMin(), range.intMax());
        }
    }

    /** Output rows {@code [from, to)}. */
    private void rows(int from, int to) {
        Broadcast p = plan;
        int inner = p.inner();
        int as = p.aInnerStride();
        int bs = p.bInnerStride();
        int aBase = a.offset();
        int bBase = b.offset();
        int oBase = out.offset();
        if (isFloat) {
            float[] av = a.floats();
            float[] bv = b.floats();
            float[] ov = out.floats();
            float lo = range.min();
            float hi = range.max();
            boolean simd = this.simd && SimdSwitch.on();
            if (simd && p.isTwoDimensional()) {
                SimdLoops.binary(op, av, aBase + p.aRowOffset(from), p.aRowStride(), as, bv,
                        bBase + p.bRowOffset(from), p.bRowStride(), bs, ov, oBase + from * inner, to - from, inner,
                        lo, hi);
                return;
            }
            if (simd) {
                for (int r = from; r < to; r++) {
                    SimdLoops.binary(op, av, aBase + p.aRowOffset(r), 0, as, bv, bBase + p.bRowOffset(r), 0, bs, ov,
                            oBase + r * inner, 1, inner, lo, hi);
                }
                return;
            }
            for (int r = from; r < to; r++) {
                op.run(av, aBase + p.aRowOffset(r), as, bv, bBase + p.bRowOffset(r), bs, ov, oBase + r * inner,
                        inner, lo, hi);
            }
        } else {
            int[] av = a.ints();
            int[] bv = b.ints();
            int[] ov = out.ints();
            int lo = range.intMin();
            int hi = range.intMax();
            for (int r = from; r < to; r++) {
                op.run(av, aBase + p.aRowOffset(r), as, bv, bBase + p.bRowOffset(r), bs, ov, oBase + r * inner,
                        inner, lo, hi);
            }
        }
    }
}
