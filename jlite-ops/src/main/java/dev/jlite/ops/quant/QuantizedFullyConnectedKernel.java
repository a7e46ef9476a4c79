package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;

/**
 * FULLY_CONNECTED on INT8 (INT8 filter, INT32 bias), UINT8 (UINT8 filter with zero point, INT32 bias) and INT16
 * activations with INT8 filter and INT64 bias (16x8), bit-exact with TensorFlow Lite 2.6, whose quantized
 * FULLY_CONNECTED has one per-tensor multiplier. Weights {@code [O,I]} are packed transposed, as ints minus their
 * zero point, so each input value is broadcast over a contiguous run of outputs; threads split the outputs.
 * Only the DEFAULT weights format is read.
 */
final class QuantizedFullyConnectedKernel implements Kernel {
    private static final int OPTIONS = 8;
    private static final int FUSED_ACTIVATION = 0;
    private static final int WEIGHTS_FORMAT = 1;
    private static final int KEEP_NUM_DIMS = 2;

    private final ThreadPool.RangeTask task = this::runParts;
    private DataType type;
    private int mask;
    private int inputZeroPoint;
    private int filterZeroPoint;
    private int batch;
    private int depth;
    private int units;
    private OutputStage stage;
    private int[] weights;
    private int[] bias32;
    private long[] bias64;
    private boolean weightsConstant;
    private boolean biasConstant;
    private int parts;
    private int[][] rows;
    private int[][] acc32;
    private long[][] acc64;
    private byte[] inB;
    private short[] inS;
    private int inBase;
    private byte[] outB;
    private short[] outS;
    private int outBase;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 3, 1);
        Tensor input = node.requireInput(0);
        Tensor filter = node.requireInput(1);
        Tensor output = node.output(0);
        type = input.dataType();
        if (type != DataType.INT8 && type != DataType.UINT8 && type != DataType.INT16) {
            throw node.error("input is " + type + "; this kernel computes INT8, UINT8 and INT16 (16x8)");
        }
        Quantized.type(node, output, "output", type);
        Quantized.type(node, filter, "filter", type == DataType.UINT8 ? DataType.UINT8 : DataType.INT8);
        if (filter.sparsity() != null) {
            throw node.error("filter is sparse; densify it first (DENSIFY)");
        }
        if (filter.numDimensions() != 2) {
            throw node.error("filter must have rank 2, has " + java.util.Arrays.toString(filter.shape()));
        }
        inputZeroPoint = Quantized.zeroPoint(node, input, "input");
        int outputZeroPoint = Quantized.zeroPoint(node, output, "output");
        if (type == DataType.INT16 && (inputZeroPoint != 0 || outputZeroPoint != 0)) {
            throw node.error("INT16 input and output must have zero point 0");
        }
        filterZeroPoint = Quantized.zeroPoint(node, filter, "filter");
        if (type != DataType.UINT8 && filterZeroPoint != 0) {
            throw node.error("INT8 filter must have zero point 0 (symmetric), has " + filterZeroPoint);
        }
        mask = Quantized.byteMask(type);
        units = filter.dim(0);
        depth = filter.dim(1);
        if (units <= 0 || depth <= 0) {
            throw node.error("filter " + java.util.Arrays.toString(filter.shape()) + " must have positive sizes");
        }
        Tensor bias = node.input(2);
        if (bias != null) {
            Quantized.type(node, bias, "bias", type == DataType.INT16 ? DataType.INT64 : DataType.INT32);
            if (bias.numElements() != units) {
                throw node.error("bias has " + bias.numElements() + " values for " + units + " outputs");
            }
        }
        FlatTable o = node.options(OPTIONS);
        Activation act = Activation.of(o == null ? 0 : o.getByte(FUSED_ACTIVATION, (byte) 0), node);
        if (!act.isClamp()) {
            throw node.error("fused activation " + act + " is not supported by FULLY_CONNECTED");
        }
        int format = o == null ? 0 : o.getByte(WEIGHTS_FORMAT, (byte) 0);
        if (format != 0) {
            throw node.error("weights_format " + format + " (shuffled weights) is not supported");
        }
        boolean keepNumDims = o != null && o.getBool(KEEP_NUM_DIMS, false);
        int elements = input.numElements();
        if (elements % depth != 0) {
            throw node.error("input of " + elements + " values is not a whole number of rows of " + depth);
        }
        batch = elements / depth;
        if (keepNumDims) {
            if (input.numDimensions() == 0 || input.dim(-1) != depth) {
                throw node.error("keep_num_dims needs the input's last dimension to be " + depth + ", input is "
                        + java.util.Arrays.toString(input.shape()));
            }
            int[] shape = input.shape();
            shape[shape.length - 1] = units;
            output.resize(shape);
        } else {
            output.resize(batch, units);
        }
        stage = OutputStage.fullyConnected(node, input, filter, bias, output, act, units);

        weights = new int[units * depth];
        weightsConstant = filter.isConstant();
        if (weightsConstant) {
            pack(filter);
        }
        bias32 = new int[units];
        bias64 = new long[units];
        biasConstant = bias == null || bias.isConstant();
        if (biasConstant) {
            loadBias(bias);
        }
        parts = Math.max(1, Math.min(node.threads().size(), units / 32));
        rows = new int[parts][depth];
        if (type == DataType.INT16) {
            acc64 = new long[parts][units];
        } else {
            acc32 = new int[parts][units];
        }
    }

    private void pack(Tensor filter) {
        byte[] f = filter.bytes();
        int base = filter.offset();
        for (int u = 0; u < units; u++) {
            for (int i = 0; i < depth; i++) {
                weights[i * units + u] = (f[base + u * depth + i] & mask) - filterZeroPoint;
            }
        }
    }

    private void loadBias(Tensor bias) {
        if (bias == null) {
            return;
        }
        if (type == DataType.INT16) {
            System.arraycopy(bias.longs(), bias.offset(), bias64, 0, units);
        } else {
            System.arraycopy(bias.ints(), bias.offset(), bias32, 0, units);
        }
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (output.numElements() == 0) {
            return;
        }
        if (!weightsConstant) {
            pack(node.input(1));
        }
        if (!biasConstant) {
            loadBias(node.input(2));
        }
        Tensor input = node.input(0);
        inBase = input.offset();
        outBase = output.offset();
        if (type == DataType.INT16) {
            inS = input.shorts();
            outS = output.shorts();
        } else {
            inB = input.bytes();
            outB = output.bytes();
        }
        node.threads().parallelFor(parts, task);
        inB = null;
        inS = null;
        outB = null;
        outS = null;
    }

    private void runParts(int from, int to) {
        for (int p = from; p < to; p++) {
            int uFrom = (int) ((long) units * p / parts);
            int uTo = (int) ((long) units * (p + 1) / parts);
            for (int b = 0; b < batch; b++) {
                int[] x = rows[p];
                widen(inBase + b * depth, x);
                int out = outBase + b * units;
                if (type == DataType.INT16) {
                    long[] acc = acc64[p];
                    System.arraycopy(bias64, uFrom, acc, uFrom, uTo - uFrom);
                    for (int i = 0, wo = 0; i < depth; i++, wo += units) {
                        int xv = x[i];
                        for (int u = uFrom; u < uTo; u++) {
                            acc[u] += xv * weights[wo + u];
                        }
                    }
                    for (int u = uFrom; u < uTo; u++) {
                        outS[out + u] = (short) stage.apply(acc[u], u);
                    }
                } else {
                    int[] acc = acc32[p];
                    int[] w = weights;
                    System.arraycopy(bias32, uFrom, acc, uFrom, uTo - uFrom);
                    for (int i = 0, wo = 0; i < depth; i++, wo += units) {
                        int xv = x[i];
                        if (xv == 0) {
                            continue;
                        }
                        for (int u = uFrom; u < uTo; u++) {
                            acc[u] += xv * w[wo + u];
                        }
                    }
                    for (int u = uFrom; u < uTo; u++) {
                        outB[out + u] = (byte) stage.apply(acc[u], u);
                    }
                }
            }
        }
    }

    private void widen(int from, int[] dst) {
        if (type == DataType.INT16) {
            for (int j = 0; j < depth; j++) {
                dst[j] = inS[from + j];
            }
        } else {
            for (int j = 0; j < depth; j++) {
                dst[j] = (inB[from + j] & mask) - inputZeroPoint;
            }
        }
    }
}
