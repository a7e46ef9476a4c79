package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.elementwise.Broadcast;
import dev.jlite.ops.elementwise.Parallel;

/**
 * Quantized ADD, SUB and MUL (INT8, UINT8, INT16) with broadcasting and fused activation, as TensorFlow Lite 2.6
 * computes them. ADD and SUB rescale both inputs to a common scale with {@code left_shift} bits of headroom (20
 * for 8-bit types, 15 for INT16), add (SUB negates the second input's multiplier) and rescale to the output; MUL
 * multiplies the offset inputs and rescales once by {@code scale1 * scale2 / scale_out}. INT16 ADD and SUB whose
 * scales are all powers of two with zero points 0 (and {@code pot_scale_int16}, the default) take TensorFlow Lite's
 * LSTM path instead: one input shifted right to the other's scale, then a saturating add.
 */
final class QuantizedArithmeticKernel implements Kernel {
    enum Op { ADD, SUB, MUL }

    // BuiltinOptions union types, and their fields.
    private static final int ADD_OPTIONS = 11;
    private static final int MUL_OPTIONS = 21;
    private static final int SUB_OPTIONS = 28;
    private static final int FUSED_ACTIVATION = 0;
    private static final int POT_SCALE_INT16 = 1;

    /** Below this many output elements the pair table would cost more to build than it saves in a few runs. */
    private static final int PAIR_TABLE_MIN_ELEMENTS = 4096;

    private final Op op;
    private final ThreadPool.RangeTask rowsTask = this::rows;
    private Broadcast plan;
    private boolean isShort;
    /** 0xFF for UINT8 (bytes read unsigned), -1 for INT8 and INT16. */
    private int mask;
    private int offset1;
    private int offset2;
    private int outputOffset;
    private int leftShift;
    private int multiplier1;
    private int shift1;
    private int multiplier2;
    private int shift2;
    private int outputMultiplier;
    private int outputShift;
    private int actMin;
    private int actMax;
    /**
     * 8-bit ADD and SUB: each input's rescaled value per stored byte (indexed by its bits), since it depends on
     * that one byte only; an element then costs one rescale instead of three.
     */
    private final int[] scaled1 = new int[256];
    private final int[] scaled2 = new int[256];
    /**
     * 8-bit outputs of at least {@link #PAIR_TABLE_MIN_ELEMENTS} elements: the result for every pair of stored
     * bytes, indexed {@code x << 8 | y}, so an element costs one lookup (several times faster than the
     * arithmetic); null otherwise. Built once at prepare, 64 KiB.
     */
    private byte[] pairTable;
    /** The INT16 power-of-two path; then {@code shift1}/{@code shift2} are right shifts of the inputs. */
    private boolean pot;
    private Tensor a;
    private Tensor b;
    private Tensor out;

    QuantizedArithmeticKernel(Op op) {
        this.op = op;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor x = node.requireInput(0);
        Tensor y = node.requireInput(1);
        Tensor output = node.output(0);
        DataType type = x.dataType();
        if (!Quantized.isQuantizedType(type)) {
            throw node.error("input type " + type + " is not quantized (INT8, UINT8 or INT16)");
        }
        if (y.dataType() != type || output.dataType() != type) {
            throw node.error("inputs and output must have the same type, got " + type + ", " + y.dataType()
                    + " -> " + output.dataType());
        }
        QuantizationParams q1 = Quantized.perTensor(node, x, "input 1");
        QuantizationParams q2 = Quantized.perTensor(node, y, "input 2");
        QuantizationParams qo = Quantized.perTensor(node, output, "output");
        int optionsType = op == Op.ADD ? ADD_OPTIONS : op == Op.SUB ? SUB_OPTIONS : MUL_OPTIONS;
        FlatTable options = node.options(optionsType);
        Activation activation = Activation.of(options == null ? 0 : options.getByte(FUSED_ACTIVATION, (byte) 0), node);
        int[] range = Quantized.activationRange(activation, output);
        actMin = range[0];
        actMax = range[1];
        isShort = type == DataType.INT16;
        mask = type == DataType.UINT8 ? 0xFF : -1;
        for (QuantizationParams q : new QuantizationParams[] {q1, q2, qo}) {
            if (q.zeroPoint() < Quantized.min(type) || q.zeroPoint() > Quantized.max(type)) {
                throw node.error("zero point " + q.zeroPoint() + " is outside the range of " + type);
            }
        }
        plan = Broadcast.of(node, x.shape(), y.shape());
        offset1 = -q1.zeroPoint();
        offset2 = -q2.zeroPoint();
        outputOffset = qo.zeroPoint();
        pot = false;
        if (op == Op.MUL) {
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(q1.scale() * q2.scale() / qo.scale());
            outputMultiplier = m.multiplier();
            outputShift = m.shift();
        } else if (isShort && (options == null || options.getBool(POT_SCALE_INT16, true)) && preparePot(node, x, y,
                q1, q2, qo)) {
            pot = true;
        } else {
            prepareGeneral(q1, q2, qo);
        }
        output.resize(plan.outputShape());
        pairTable = null;
        if (!isShort && plan.size() >= PAIR_TABLE_MIN_ELEMENTS) {
            pairTable = new byte[1 << 16];
            for (int xb = 0; xb < 256; xb++) {
                for (int yb = 0; yb < 256; yb++) {
                    pairTable[xb << 8 | yb] = (byte) (op == Op.MUL ? mul((byte) xb & mask, (byte) yb & mask)
                            : addBits(xb, yb));
                }
            }
        }
    }

    /** TensorFlow Lite's general rescaling ADD/SUB: both inputs to twice the larger input scale. */
    private void prepareGeneral(QuantizationParams q1, QuantizationParams q2, QuantizationParams qo) {
        leftShift = isShort ? 15 : 20;
        double twiceMaxInputScale = 2 * (double) Math.max(q1.scale(), q2.scale());
        FixedPoint.Multiplier m1 = smallerThanOne(q1.scale() / twiceMaxInputScale);
        FixedPoint.Multiplier m2 = smallerThanOne(q2.scale() / twiceMaxInputScale);
        FixedPoint.Multiplier mo = smallerThanOne(twiceMaxInputScale / ((1 << leftShift) * (double) qo.scale()));
        multiplier1 = m1.multiplier();
        shift1 = m1.shift();
        // SUB runs the ADD arithmetic with the second input's multiplier negated, as TensorFlow Lite does.
        multiplier2 = op == Op.SUB ? -m2.multiplier() : m2.multiplier();
        shift2 = m2.shift();
        outputMultiplier = mo.multiplier();
        outputShift = mo.shift();
        if (!isShort) {
            for (int bits = 0; bits < 256; bits++) {
                int v = (byte) bits & mask;
                scaled1[bits] = FixedPoint.multiplyByQuantizedMultiplier((v + offset1) << leftShift, multiplier1,
                        shift1);
                scaled2[bits] = FixedPoint.multiplyByQuantizedMultiplier((v + offset2) << leftShift, multiplier2,
                        shift2);
            }
        }
    }

    /** {@code QuantizeMultiplierSmallerThanOneExp}: the multiplier of a real value below one (shift <= 0). */
    private static FixedPoint.Multiplier smallerThanOne(double real) {
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(real);
        return m.shift() > 0 ? new FixedPoint.Multiplier(m.multiplier(), 0) : m;
    }

    /** The INT16 power-of-two path's checks and shifts; false when the scales or zero points do not allow it. */
    private boolean preparePot(Node node, Tensor x, Tensor y, QuantizationParams q1, QuantizationParams q2,
            QuantizationParams qo) {
        int l1 = Quantized.checkedLog2(q1.scale());
        int l2 = Quantized.checkedLog2(q2.scale());
        int lo = Quantized.checkedLog2(qo.scale());
        if (l1 == Integer.MIN_VALUE || l2 == Integer.MIN_VALUE || lo == Integer.MIN_VALUE || q1.zeroPoint() != 0
                || q2.zeroPoint() != 0 || qo.zeroPoint() != 0) {
            return false;
        }
        shift1 = lo - l1;
        shift2 = lo - l2;
        if ((shift1 != 0 && shift2 != 0) || shift1 < 0 || shift2 < 0) {
            throw node.error("INT16 power-of-two " + op + " shifts one input only, to a smaller scale; got input "
                    + "scales " + q1.scale() + ", " + q2.scale() + " and output scale " + qo.scale());
        }
        if (!java.util.Arrays.equals(x.shape(), y.shape())) {
            // TensorFlow Lite 2.6 runs this path elementwise only.
            throw node.error("INT16 power-of-two " + op + " does not broadcast");
        }
        return true;
    }

    @Override
    public void eval(Node node) {
        Broadcast p = plan;
        if (p.size() == 0) {
            return;
        }
        a = node.input(0);
        b = node.input(1);
        out = node.output(0);
        Parallel.run(node, p.rows(), p.size() * 4L, rowsTask);
        a = null;
        b = null;
        out = null;
    }

    /** Output rows {@code [from, to)}. */
    private void rows(int from, int to) {
        Broadcast p = plan;
        int inner = p.inner();
        int as = p.aInnerStride();
        int bs = p.bInnerStride();
        for (int r = from; r < to; r++) {
            int ai = a.offset() + p.aRowOffset(r);
            int bi = b.offset() + p.bRowOffset(r);
            int oi = out.offset() + r * inner;
            if (pairTable != null) {
                tableRow(a.bytes(), ai, as, b.bytes(), bi, bs, out.bytes(), oi, inner);
            } else if (pot) {
                potRow(a.shorts(), ai, b.shorts(), bi, out.shorts(), oi, inner);
            } else if (isShort) {
                if (op == Op.MUL) {
                    mulRow(a.shorts(), ai, as, b.shorts(), bi, bs, out.shorts(), oi, inner);
                } else {
                    addRow(a.shorts(), ai, as, b.shorts(), bi, bs, out.shorts(), oi, inner);
                }
            } else if (op == Op.MUL) {
                mulRow(a.bytes(), ai, as, b.bytes(), bi, bs, out.bytes(), oi, inner);
            } else {
                addRow(a.bytes(), ai, as, b.bytes(), bi, bs, out.bytes(), oi, inner);
            }
        }
    }

    private int add(int x, int y) {
        int sx = FixedPoint.multiplyByQuantizedMultiplier((x + offset1) << leftShift, multiplier1, shift1);
        int sy = FixedPoint.multiplyByQuantizedMultiplier((y + offset2) << leftShift, multiplier2, shift2);
        int raw = FixedPoint.multiplyByQuantizedMultiplier(sx + sy, outputMultiplier, outputShift) + outputOffset;
        return Math.min(actMax, Math.max(actMin, raw));
    }

    private int mul(int x, int y) {
        int raw = FixedPoint.multiplyByQuantizedMultiplier((x + offset1) * (y + offset2), outputMultiplier,
                outputShift) + outputOffset;
        return Math.min(actMax, Math.max(actMin, raw));
    }

    /** ADD or SUB of two stored bytes (their bits), through the per-input tables. */
    private int addBits(int xBits, int yBits) {
        int sum = scaled1[xBits] + scaled2[yBits];
        int raw = FixedPoint.multiplyByQuantizedMultiplier(sum, outputMultiplier, outputShift) + outputOffset;
        return Math.min(actMax, Math.max(actMin, raw));
    }

    private void addRow(byte[] x, int xi, int xs, byte[] y, int yi, int ys, byte[] o, int oi, int n) {
        for (int i = 0; i < n; i++, xi += xs, yi += ys) {
            o[oi + i] = (byte) addBits(x[xi] & 0xFF, y[yi] & 0xFF);
        }
    }

    private void tableRow(byte[] x, int xi, int xs, byte[] y, int yi, int ys, byte[] o, int oi, int n) {
        byte[] t = pairTable;
        for (int i = 0; i < n; i++, xi += xs, yi += ys) {
            o[oi + i] = t[(x[xi] & 0xFF) << 8 | (y[yi] & 0xFF)];
        }
    }

    private void mulRow(byte[] x, int xi, int xs, byte[] y, int yi, int ys, byte[] o, int oi, int n) {
        int m = mask;
        for (int i = 0; i < n; i++, xi += xs, yi += ys) {
            o[oi + i] = (byte) mul(x[xi] & m, y[yi] & m);
        }
    }

    private void addRow(short[] x, int xi, int xs, short[] y, int yi, int ys, short[] o, int oi, int n) {
        for (int i = 0; i < n; i++, xi += xs, yi += ys) {
            o[oi + i] = (short) add(x[xi], y[yi]);
        }
    }

    private void mulRow(short[] x, int xi, int xs, short[] y, int yi, int ys, short[] o, int oi, int n) {
        for (int i = 0; i < n; i++, xi += xs, yi += ys) {
            o[oi + i] = (short) mul(x[xi], y[yi]);
        }
    }

    /**
     * The power-of-two path (same shapes): the input with the finer scale is shifted right, rounding, onto the
     * output's scale; ADD and SUB then saturate to INT16.
     */
    private void potRow(short[] x, int xi, short[] y, int yi, short[] o, int oi, int n) {
        for (int i = 0; i < n; i++) {
            int u = FixedPoint.roundingDivideByPOT(x[xi + i], shift1);
            int v = FixedPoint.roundingDivideByPOT(y[yi + i], shift2);
            int raw = op == Op.ADD ? u + v : u - v;
            raw = Math.min(Short.MAX_VALUE, Math.max(Short.MIN_VALUE, raw));
            o[oi + i] = (short) Math.min(actMax, Math.max(actMin, raw));
        }
    }
}
