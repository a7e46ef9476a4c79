package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;

/**
 * FULLY_CONNECTED on FLOAT32: weights {@code [O,I]}, optional bias {@code [O]}; the input is read as
 * {@code [batch, I]} rows. The output is {@code [batch, O]}, or with {@code keep_num_dims} the input's shape with
 * the last dimension replaced by {@code O}. Only the DEFAULT weights format exists for float, and as in TensorFlow
 * Lite 2.6 only the clamping activations (NONE, RELU, RELU_N1_TO_1, RELU6) are accepted. A small batch (the usual
 * case) reads the weights in place, one inner product per output, split across threads by outputs: every weight
 * is used once per row, so streaming them in their own order is what counts. A larger batch packs them as a 1x1
 * convolution's and is split by rows.
 */
final class FullyConnectedKernel implements Kernel {
    private static final int FUSED_ACTIVATION = 0;
    private static final int WEIGHTS_FORMAT = 1;
    private static final int KEEP_NUM_DIMS = 2;

    private static final int[] ZERO_TAP = {0};
    /** Batches up to this size use inner products on the unpacked weights. */
    private static final int SMALL_BATCH = 4;

    private final ThreadPool.RangeTask task = this::runParts;
    private ConvEngine engine;
    private PackedFilter filter;
    private boolean weightsConstant;
    private boolean biasConstant;
    private int batch;
    private int parts;
    private boolean splitChannels;
    private boolean innerProducts;
    private float[] weights;
    private int weightsBase;
    private float[] in;
    private int inBase;
    private float[] out;
    private int outBase;

    @Override
    public int declaredActivation(Node node) {
        return Options.getByte(node.options(Options.FULLY_CONNECTED), FUSED_ACTIVATION, 0);
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 3, 1);
        Tensor input = node.requireInput(0);
        Tensor weights = node.requireInput(1);
        Tensor output = node.output(0);
        Checks.float32(node, input, "input");
        Checks.float32(node, weights, "filter");
        Checks.float32(node, output, "output");
        Checks.dense(node, weights, "filter");
        Checks.rank(node, weights, "filter", 2);
        int units = weights.dim(0);
        int depth = weights.dim(1);
        Checks.positive(node, "input size (filter dimension 1)", depth);
        Tensor bias = Checks.bias(node, node.input(2), units);

        FlatTable o = node.options(Options.FULLY_CONNECTED);
        Activation act = Activation.of(node.fusedActivation(Options.getByte(o, FUSED_ACTIVATION, 0)), node);
        if (!act.isClamp()) {
            throw node.error("fused activation " + act + " is not supported by FULLY_CONNECTED");
        }
        int format = Options.getByte(o, WEIGHTS_FORMAT, 0);
        if (format != 0) {
            throw node.error("weights_format " + format + " is only defined for quantized weights");
        }
        boolean keepNumDims = Options.getBool(o, KEEP_NUM_DIMS, false);

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

        engine = ConvEngine.of(node);
        filter = new PackedFilter(1, depth, units, engine, act.min(), act.max());
        weightsConstant = weights.isConstant();
        innerProducts = batch <= SMALL_BATCH;
        if (!innerProducts) {
            if (weightsConstant) {
                filter.pack(weights.floats(), weights.offset(), new float[filter.packedSize()], 0);
                node.markInputCopied(1);
            } else {
                node.requestScratch(filter.packedSize());
            }
        }
        biasConstant = bias == null || bias.isConstant();
        if (biasConstant) {
            filter.loadBias(bias);
            if (bias != null) {
                node.markInputCopied(2);
            }
        }
        int threads = node.threads().size();
        if (innerProducts) {
            parts = Math.max(1, Math.min(threads, units / 16));
        } else {
            int blocks = (units + filter.block - 1) / filter.block;
            splitChannels = batch < 4 * threads && blocks > 1;
            parts = Math.max(1, Math.min(threads, splitChannels ? blocks : batch));
        }
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (output.numElements() == 0) {
            return;
        }
        Tensor w = node.input(1);
        if (innerProducts) {
            weights = w.floats();
            weightsBase = w.offset();
        } else if (!weightsConstant) {
            filter.pack(w.floats(), w.offset(), node.scratch(), 0);
        }
        if (!biasConstant) {
            filter.loadBias(node.input(2));
        }
        Tensor input = node.input(0);
        in = input.floats();
        inBase = input.offset();
        out = output.floats();
        outBase = output.offset();
        node.threads().parallelFor(parts, task);
        in = null;
        out = null;
        weights = null;
    }

    private void runParts(int from, int to) {
        int units = filter.channels;
        for (int p = from; p < to; p++) {
            if (innerProducts) {
                int oFrom = ConvEngine.innerProductSlice(units, p, parts);
                int oTo = ConvEngine.innerProductSlice(units, p + 1, parts);
                engine.innerProducts(weights, weightsBase, filter.depth, filter.bias, filter.lo, filter.hi, in, inBase,
                        batch, oFrom, oTo, out, outBase, units);
            } else if (splitChannels) {
                int align = filter.block;
                int blocks = (units + align - 1) / align;
                int oFrom = blocks * p / parts * align;
                int oTo = Math.min(units, blocks * (p + 1) / parts * align);
                engine.convolve(filter, oFrom, oTo, in, inBase, filter.depth, ZERO_TAP, ZERO_TAP, 1, out, outBase,
                        units, batch);
            } else {
                int bFrom = (int) ((long) batch * p / parts);
                int bTo = (int) ((long) batch * (p + 1) / parts);
                engine.convolve(filter, 0, units, in, inBase + bFrom * filter.depth, filter.depth, ZERO_TAP,
                        ZERO_TAP, 1, out, outBase + bFrom * units, units, bTo - bFrom);
            }
        }
    }
}
