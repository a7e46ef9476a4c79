package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.elementwise.Parallel;

/**
 * Quantized SOFTMAX over the last axis, as TensorFlow Lite 2.6's builtin kernel computes it on x86. INT8 and UINT8
 * inputs (to INT8, UINT8 or INT16 outputs) use the optimized kernel's float lookup table: {@code exp(-scale * beta
 * * d)} for each of the 256 possible distances {@code d} below the row's maximum, summed in float; each output is
 * the table entry times {@code 1 / (sum * output_scale)}, rounded (UINT8 adds 0.5 and truncates) and offset by the
 * output zero point. INT16 input uses the integer kernel: the scaled distance looked up in a 513-entry exp table,
 * the sum's reciprocal in a {@code 1 / (1 + x)} table, both interpolated ({@link Int16Lut}).
 */
final class QuantizedSoftmaxKernel implements Kernel {
    private static final int SOFTMAX_OPTIONS = 9;
    private static final int BETA = 0;

    private final ThreadPool.RangeTask task = this::rows;
    private final float[] table = new float[256];
    private int depth;
    private DataType inType;
    private DataType outType;
    private float outputScale;
    private int outputZeroPoint;
    private int qmin;
    private int qmax;
    // INT16 input.
    private short[] expLut;
    private short[] reciprocalLut;
    private int inputMultiplier;
    private int inputShift;
    private Tensor in;
    private Tensor out;

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        inType = input.dataType();
        outType = output.dataType();
        boolean eightBitIn = inType == DataType.INT8 || inType == DataType.UINT8;
        boolean valid = eightBitIn ? outType == inType || outType == DataType.INT16
                : inType == DataType.INT16 && outType == DataType.INT16;
        if (!valid) {
            throw node.error("unsupported types " + inType + " -> " + outType + " (INT8 or UINT8 to the same type or "
                    + "INT16, or INT16 to INT16)");
        }
        if (input.numDimensions() < 1) {
            throw node.error("input must have at least one dimension");
        }
        QuantizationParams qi = Quantized.perTensor(node, input, "input");
        QuantizationParams qo = Quantized.perTensor(node, output, "output");
        FlatTable options = node.options(SOFTMAX_OPTIONS);
        float beta = options == null ? 0f : options.getFloat(BETA, 0f);
        outputScale = qo.scale();
        outputZeroPoint = qo.zeroPoint();
        qmin = Quantized.min(outType);
        qmax = Quantized.max(outType);
        if (eightBitIn) {
            // PopulateSoftmaxLookupTable: expf of a float product.
            float scale = -qi.scale() * beta;
            for (int v = 0; v <= 255; v++) {
                table[255 - v] = (float) Math.exp(scale * v);
            }
        } else {
            if (qi.zeroPoint() != 0 || qo.zeroPoint() != 0) {
                throw node.error("INT16 softmax needs zero points 0, got " + qi.zeroPoint() + " and " + qo.zeroPoint());
            }
            expLut = Int16Lut.of(Math::exp, -10.0, 0.0);
            reciprocalLut = Int16Lut.of(x -> 1.0 / (1.0 + x), 0.0, 1.0);
            // Scales the input differences so that [-65535, 0] covers [-10, 0].
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier((qi.scale() * beta) / (10.0 / 65535.0));
            inputMultiplier = m.multiplier();
            inputShift = m.shift();
        }
        depth = input.dim(-1);
        output.resize(input.shape());
    }

    @Override
    public void eval(Node node) {
        if (depth == 0) {
            return;
        }
        in = node.input(0);
        out = node.output(0);
        int rows = in.numElements() / depth;
        Parallel.run(node, rows, (long) rows * depth * 8, task);
        in = null;
        out = null;
    }

    private void rows(int from, int to) {
        for (int r = from; r < to; r++) {
            int xi = in.offset() + r * depth;
            int oi = out.offset() + r * depth;
            if (inType == DataType.INT16) {
                int16Row(in.shorts(), xi, out.shorts(), oi);
            } else {
                lutRow(in.bytes(), xi, oi);
            }
        }
    }

    /** The optimized 8-bit kernel's row. */
    private void lutRow(byte[] x, int xi, int oi) {
        int n = depth;
        int mask = inType == DataType.UINT8 ? 0xFF : -1;
        int max = inType == DataType.UINT8 ? 0 : Byte.MIN_VALUE;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[xi + j] & mask);
        }
        int base = 255 - max;
        float sum = 0f;
        for (int j = 0; j < n; j++) {
            sum += table[base + (x[xi + j] & mask)];
        }
        float inv = 1.0f / (sum * outputScale);
        boolean uint8Out = outType == DataType.UINT8;
        for (int j = 0; j < n; j++) {
            float p = table[base + (x[xi + j] & mask)] * inv;
            // QuantizeSoftmaxOutput: UINT8 adds one half and truncates (x86), the others round.
            int q = (uint8Out ? (int) (p + 0.5f) : FixedPoint.roundHalfAwayFromZero(p)) + outputZeroPoint;
            q = Math.max(Math.min(qmax, q), qmin);
            if (outType == DataType.INT16) {
                out.shorts()[oi + j] = (short) q;
            } else {
                out.bytes()[oi + j] = (byte) q;
            }
        }
    }

    /** The INT16 kernel's row ({@code SoftmaxInt16}); the exps wait in the output row. */
    private void int16Row(short[] x, int xi, short[] y, int yi) {
        int n = depth;
        int max = Short.MIN_VALUE;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[xi + j]);
        }
        int sumOfExps = 0;
        for (int j = 0; j < n; j++) {
            int diff = x[xi + j] - max;
            int scaled = FixedPoint.multiplyByQuantizedMultiplier(diff, inputMultiplier, inputShift);
            int sym = Math.min(Math.max(scaled + 32767, -32768), 32767);
            short e = Int16Lut.lookup(sym, expLut);
            y[yi + j] = e;
            sumOfExps += e;
        }
        int headroomPlusOne = Integer.numberOfLeadingZeros(sumOfExps);
        int shiftedSum = (int) ((((long) sumOfExps << (headroomPlusOne - 1)) + (1 << 13)) >> 14);
        int symShiftedSum = shiftedSum - ((1 << 15) + (1 << 16));
        int sat = Math.min(Math.max(symShiftedSum, -32768), 32767);
        short reciprocal = Int16Lut.lookup(sat, reciprocalLut);
        int rightShift = 31 - headroomPlusOne;
        long round = 1L << (rightShift - 1);
        for (int j = 0; j < n; j++) {
            int result = (int) (((long) y[yi + j] * reciprocal + round) >> rightShift);
            y[yi + j] = (short) Math.min(Math.max(result, 0), 32767);
        }
    }
}
