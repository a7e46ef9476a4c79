package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.elementwise.Parallel;

/**
 * INT16 LOGISTIC and TANH (symmetric, output scale 2^-15), as TensorFlow Lite 2.6's integer kernels compute them:
 * the input rescaled so that 3 * 4096 steps make one unit, then TensorFlow Lite's 256-entry table of
 * {@code sigmoid(i / 24)} in Q0.16, linearly interpolated on the low bits ({@code tanh(x) = 2 sigmoid(2x) - 1} reads
 * the same table at twice the resolution). For power-of-two input scales TensorFlow Lite's builtin kernel runs
 * gemmlowp's fixed-point functions instead ({@link Gemmlowp16}) where its optimized kernel takes them: TANH on
 * 2^-12 and 2^-11, LOGISTIC on 2^-12 only (on 2^-11 the official interpreter reads the table with the exact
 * multiplier 6, as this kernel does).
 */
final class Int16SigmoidKernel implements Kernel {
    /** TensorFlow Lite's {@code sigmoid_table_uint16}: sigmoid(i / 24) in Q0.16, as the runtime hard-codes it. */
    private static final int[] SIGMOID = {
        32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149,
        40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369,
        47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169,
        53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
        57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
        60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302,
        62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186, 63279, 63368, 63454, 63536,
        63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
        64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786,
        64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
        65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
        65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
        65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
        65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474,
        65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
        65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
        65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522,
        65523, 65523, 65524, 65524, 65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528,
        65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531,
        65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
        65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
        65534, 65534, 65534, 65535
    };

    private final boolean tanh;
    private final ThreadPool.RangeTask task = this::range;
    private int multiplier;
    private int leftShift;
    /** The power-of-two path: the input's left shift onto Q3.12, or -1 for the table path. */
    private int potShift;
    private Tensor in;
    private Tensor out;

    Int16SigmoidKernel(boolean tanh) {
        this.tanh = tanh;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        if (input.dataType() != DataType.INT16 || output.dataType() != DataType.INT16) {
            throw node.error("expects INT16 in and out, got " + input.dataType() + " -> " + output.dataType());
        }
        QuantizationParams qi = Quantized.perTensor(node, input, "input");
        QuantizationParams qo = Quantized.perTensor(node, output, "output");
        Quantized.zeroZeroPoint(node, input, "input");
        Quantized.zeroZeroPoint(node, output, "output");
        if (Quantized.checkedLog2(qo.scale()) != -15) {
            throw node.error("output scale must be 2^-15, is " + qo.scale());
        }
        int log2 = Quantized.checkedLog2(qi.scale());
        potShift = log2 == Integer.MIN_VALUE ? -1 : 12 + log2;
        if (potShift == 1 && !tanh) {
            // What the official interpreter computes for LOGISTIC on 2^-11 (found by the differential suite).
            potShift = -1;
            multiplier = 3 << 1;
            leftShift = 0;
        } else if (potShift != 0 && potShift != 1) {
            potShift = -1;
            // Rescales the input to 1/(3 * 4096) with at least 14 bits of multiplier.
            double m = qi.scale() * 4096.0 * 3.0;
            int shift = 0;
            while (m <= 32767.0 / 2.0 && shift <= 30) {
                shift++;
                m *= 2.0;
            }
            multiplier = (int) m;
            leftShift = shift;
        }
        output.resize(input.shape());
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        int n = in.numElements();
        Parallel.run(node, n, n * 4L, task);
        in = null;
        out = null;
    }

    private void range(int from, int to) {
        short[] x = in.shorts();
        short[] y = out.shorts();
        int xi = in.offset();
        int yi = out.offset();
        int round = leftShift > 0 ? 1 << (leftShift - 1) : 0;
        if (potShift >= 0) {
            for (int i = from; i < to; i++) {
                int v = potShift == 0 ? x[xi + i] : Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, x[xi + i] * 2));
                y[yi + i] = (short) (tanh ? Gemmlowp16.tanh(v) : Gemmlowp16.logistic(v));
            }
            return;
        }
        for (int i = from; i < to; i++) {
            int v = (x[xi + i] * multiplier + round) >> leftShift;
            y[yi + i] = (short) (tanh ? tanh(v) : logistic(v));
        }
    }

    private static int logistic(int v) {
        int abs = Math.abs(v);
        int uh = abs >>> 9;
        int result;
        if (uh >= 255) {
            result = 0x7FFF << 10;
        } else {
            int ua = SIGMOID[uh];
            int ub = SIGMOID[uh + 1];
            result = (ua << 9) + (abs & 0x1ff) * (ub - ua);
        }
        result = v >= 0 ? result + (1 << 9) : (1 << (16 + 9)) - result + (1 << 9) - 1;
        return result >>> 10;
    }

    private static int tanh(int v) {
        int abs = Math.abs(v);
        int uh = abs >>> 8;
        int result;
        if (uh >= 255) {
            result = 0xFFFF << 8;
        } else {
            int ua = SIGMOID[uh];
            int ub = SIGMOID[uh + 1];
            result = (ua << 8) + (abs & 0xFF) * (ub - ua);
        }
        result = v >= 0 ? result - (1 << (14 + 9)) + (1 << (9 - 2)) : -result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1;
        return result >> (9 - 1);
    }
}
