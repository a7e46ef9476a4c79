package dev.jlite.ops.conv;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.quant.HybridQuantization;

/**
 * Hybrid FULLY_CONNECTED, TensorFlow Lite 2.6's {@code EvalHybrid}: FLOAT32 input and output, INT8 weights
 * {@code [O,I]} with one scale, optional FLOAT32 bias. Each input row is quantized to int8 when the node runs
 * (symmetrically, or asymmetrically with {@code asymmetric_quantize_inputs}), and output {@code o} of row
 * {@code b} is {@code bias[o] + (dot(w[o], q[b]) - rowSum(w[o]) * zeroPoint[b]) * rowScale[b] * weightScale},
 * clamped by the fused activation. Outputs are split across threads.
 */
final class HybridFullyConnectedKernel implements Kernel {
    private static final int FUSED_ACTIVATION = 0;
    private static final int WEIGHTS_FORMAT = 1;
    private static final int KEEP_NUM_DIMS = 2;
    private static final int ASYMMETRIC_QUANTIZE_INPUTS = 3;

    private final ThreadPool.RangeTask task = this::units;
    private boolean asymmetric;
    private float weightScale;
    private int batch;
    private int depth;
    private int units;
    private int parts;
    private float lo;
    private float hi;
    private byte[] quantized;
    private float[] scales;
    private int[] offsets;
    private int[] rowSums;
    private boolean weightsConstant;
    // Operands of the eval in progress, read by the worker threads.
    private byte[] weights;
    private int weightsBase;
    private float[] bias;
    private int biasBase;
    private float[] out;
    private int outBase;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 3, 1);
        Tensor input = node.requireInput(0);
        Tensor w = node.requireInput(1);
        Tensor output = node.output(0);
        Checks.float32(node, input, "input");
        Checks.float32(node, output, "output");
        if (w.dataType() != DataType.INT8) {
            throw node.error("hybrid weights must be INT8, are " + w.dataType());
        }
        Checks.dense(node, w, "filter");
        Checks.rank(node, w, "filter", 2);
        if (w.quantizationParams().scales().length != 1) {
            throw node.error("hybrid FULLY_CONNECTED needs per-tensor weights (one scale), has "
                    + w.quantizationParams().scales().length + " (TensorFlow Lite 2.6 reads only a per-tensor scale)");
        }
        weightScale = w.quantizationParams().scale();
        units = w.dim(0);
        depth = w.dim(1);
        Checks.positive(node, "input size (filter dimension 1)", depth);
        Checks.bias(node, node.input(2), units);

        FlatTable o = node.options(Options.FULLY_CONNECTED);
        Activation act = Activation.of(node.fusedActivation(Options.getByte(o, FUSED_ACTIVATION, 0)), node);
        if (!act.isClamp()) {
            throw node.error("fused activation " + act + " is not supported by FULLY_CONNECTED");
        }
        lo = act == Activation.NONE ? Float.NEGATIVE_INFINITY : act.min();
        hi = act == Activation.NONE ? Float.POSITIVE_INFINITY : act.max();
        int format = Options.getByte(o, WEIGHTS_FORMAT, 0);
        if (format != 0) {
            throw node.error("weights_format " + format + " is not supported for hybrid weights");
        }
        boolean keepNumDims = Options.getBool(o, KEEP_NUM_DIMS, false);
        asymmetric = Options.getBool(o, ASYMMETRIC_QUANTIZE_INPUTS, false);

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
        quantized = new byte[elements];
        scales = new float[batch];
        offsets = new int[batch];
        rowSums = new int[units];
        weightsConstant = w.isConstant();
        if (weightsConstant) {
            HybridQuantization.rowSums(w.bytes(), w.offset(), units, depth, rowSums);
        }
        parts = Math.max(1, Math.min(node.threads().size(), (int) ((long) units * batch * depth / 16384)));
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (output.numElements() == 0) {
            return;
        }
        Tensor input = node.input(0);
        Tensor w = node.input(1);
        Tensor b = node.input(2);
        weights = w.bytes();
        weightsBase = w.offset();
        if (!weightsConstant) {
            HybridQuantization.rowSums(weights, weightsBase, units, depth, rowSums);
        }
        HybridQuantization.quantizeRows(input.floats(), input.offset(), batch, depth, asymmetric, quantized, scales,
                offsets);
        for (int r = 0; r < batch; r++) {
            // TensorFlow Lite folds the weights' scale into the row's before the products.
            scales[r] *= weightScale;
        }
        bias = b == null ? null : b.floats();
        biasBase = b == null ? 0 : b.offset();
        out = output.floats();
        outBase = output.offset();
        node.threads().parallelFor(parts, task);
        weights = null;
        bias = null;
        out = null;
    }

    private void units(int from, int to) {
        for (int p = from; p < to; p++) {
            int oFrom = (int) ((long) units * p / parts);
            int oTo = (int) ((long) units * (p + 1) / parts);
            for (int r = 0; r < batch; r++) {
                float scale = scales[r];
                int offset = offsets[r];
                int row = outBase + r * units;
                for (int o = oFrom; o < oTo; o++) {
                    int dot = HybridQuantization.dot(weights, weightsBase + o * depth, quantized, r * depth, depth)
                            - rowSums[o] * offset;
                    float v = (bias == null ? 0f : bias[biasBase + o]) + dot * scale;
                    out[row + o] = Math.min(Math.max(v, lo), hi);
                }
            }
        }
    }
}
