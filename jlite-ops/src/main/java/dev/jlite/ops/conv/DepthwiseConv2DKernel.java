package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.PixelConsumer;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.elementwise.Parallel;

/**
 * DEPTHWISE_CONV_2D on FLOAT32: input {@code [N,H,W,C]}, filter {@code [1,KH,KW,C*M]}, optional bias
 * {@code [C*M]}, output {@code [N,OH,OW,C*M]}. As in TensorFlow Lite 2.6's float kernel the depth multiplier
 * {@code M} is taken from the shapes ({@code ComputeDepthMultiplier}): the {@code depth_multiplier} option is
 * redundant and ignored, whatever its value. The filter's layout is already channel-innermost, so it is read in
 * place, constant or not. Unlike TensorFlow Lite 2.6 (whose float kernel dereferences the missing bias), a
 * two-input node works, with a zero bias. Output rows are split across threads, a few parts per thread (see
 * {@link Parallel#parts}).
 */
final class DepthwiseConv2DKernel implements Kernel {
    /** Field 3, depth_multiplier, is redundant with the shapes and not read (see the class comment). */
    private static final int FUSED_ACTIVATION = 4;
    /**
     * A depthwise multiply-add's cost in {@link Conv2DKernel#MIN_PART_MACS}' units: each weight vector loaded
     * serves one pixel, not a tile of pixels, so it takes a few times a CONV_2D multiply-add's time.
     */
    private static final long DEPTHWISE_MAC_COST = 4;
    /**
     * Output rows passed to the engine in one call where an image's output is at most {@link #SMALL_OUTPUT} floats
     * (such a layer is split into no more parts than threads): the engine can then sweep all of them one block of
     * channels at a time. Larger outputs go a row per call, so that the epilogue finds the row in L1.
     */
    private static final int ROWS_PER_CALL = 16;
    private static final long SMALL_OUTPUT = 1 << 16;

    private final ThreadPool.RangeTask task = this::runParts;
    private ConvEngine engine;
    private Window window;
    private DepthwiseFilter filter;
    private boolean biasConstant;
    private boolean weightsConstant;
    private int batches;
    private int parts;
    /** Each part's tap lists of up to {@link #ROWS_PER_CALL} output rows. */
    private DepthwiseRow[][] rowTaps;
    private float[] in;
    private int inBase;
    private float[] out;
    private int outBase;
    /** The folded ADD and PRELU, null when none. */
    private Epilogue epilogue;
    /** During eval, the next node that this one runs piece by piece ({@link Node#pixelConsumer}); else null. */
    private PixelConsumer consumer;

    @Override
    public int declaredActivation(Node node) {
        return Options.getByte(node.options(Options.DEPTHWISE_CONV_2D), FUSED_ACTIVATION, 0);
    }

    @Override
    public boolean fusesEpilogue(Node node) {
        return true;
    }

    @Override
    public boolean fusesChannelPaddedAddend(Node node) {
        return true;
    }

    @Override
    public boolean fusesInputPadding(Node node) {
        return true;
    }

    /**
     * Only a layer cut into several parts (on more than one thread): run whole, it would write all its rows before
     * the consumer read any, as without pairing, while the arena would keep the consumer's output beside this
     * layer's input and output (5-11% more arena on five of the shared models).
     */
    @Override
    public boolean runsPixelConsumer(Node node) {
        return parts > 1;
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
        Checks.rank(node, input, "input", 4);
        Checks.rank(node, weights, "filter", 4);
        if (weights.dim(0) != 1) {
            throw node.error("filter must have shape [1, H, W, C*M], has "
                    + java.util.Arrays.toString(weights.shape()));
        }
        int inC = input.dim(3);
        int outC = weights.dim(3);
        Checks.positive(node, "input channels", inC);
        Checks.positive(node, "output channels", outC);
        if (outC % inC != 0) {
            throw node.error("filter's " + outC + " channels are not a multiple of the input's " + inC);
        }
        int multiplier = outC / inC;
        Tensor bias = Checks.bias(node, node.input(2), outC);

        FlatTable o = node.options(Options.DEPTHWISE_CONV_2D);
        Activation act = Activation.of(node.fusedActivation(Options.getByte(o, FUSED_ACTIVATION, 0)), node);

        int kh = weights.dim(1);
        int kw = weights.dim(2);
        window = Window.of(node, o, true, input, inC, kh, kw);
        batches = input.dim(0);
        output.resize(batches, window.outH, window.outW, outC);

        engine = ConvEngine.of(node);
        epilogue = Epilogue.of(node, act, output, outC);
        float[] range = Epilogue.kernelClamp(epilogue, act);
        filter = new DepthwiseFilter(outC, multiplier, range[0], range[1], engine.channelAlignment());
        biasConstant = bias == null || bias.isConstant();
        if (biasConstant) {
            filter.loadBias(bias);
        }
        // Constant weights are read in place, and their repeated copies for narrow channels made, once.
        weightsConstant = weights.isConstant();
        if (weightsConstant) {
            filter.useWeights(weights);
        }
        int rows = batches * window.outH;
        parts = Parallel.parts(node.threads(), rows, DEPTHWISE_MAC_COST * window.outW * kh * kw * outC,
                Conv2DKernel.MIN_PART_MACS);
        boolean small = (long) window.outH * window.outW * outC <= SMALL_OUTPUT;
        if (small && parts > node.threads().size()) {
            // A part per thread: each part reads all of the filter, and so does the 1x1 consumer that runs each part's
            // rows (hand_landmark_lite's 7x7x672 -> 112: 300 KB of weights for 7 to 14 pixels a part). In six parts
            // of its 7 rows the layer and its consumer gained 0.90-1.11x from a second thread, in two 1.06-1.44x.
            parts = node.threads().size();
        }
        int rowsPerCall = small ? Math.max(1, Math.min(ROWS_PER_CALL, (rows + parts - 1) / parts)) : 1;
        rowTaps = new DepthwiseRow[parts][rowsPerCall];
        for (int p = 0; p < parts; p++) {
            for (int i = 0; i < rowsPerCall; i++) {
                rowTaps[p][i] = new DepthwiseRow(window);
            }
        }
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (output.numElements() == 0) {
            return;
        }
        if (!biasConstant) {
            filter.loadBias(node.input(2));
        }
        if (!weightsConstant) {
            filter.useWeights(node.input(1));
        }
        Tensor input = node.input(0);
        in = input.floats();
        inBase = input.offset();
        out = output.floats();
        outBase = output.offset();
        if (epilogue != null) {
            epilogue.bind(node);
        }
        consumer = node.pixelConsumer();
        if (consumer != null) {
            consumer.begin();
        }
        node.threads().parallelFor(parts, task);
        if (consumer != null) {
            consumer.end();
            consumer = null;
        }
        in = null;
        out = null;
        if (epilogue != null) {
            epilogue.unbind();
        }
    }

    private void runParts(int from, int to) {
        int rows = batches * window.outH;
        for (int p = from; p < to; p++) {
            int rowFrom = (int) ((long) rows * p / parts);
            int rowTo = (int) ((long) rows * (p + 1) / parts);
            rows(p, rowFrom, rowTo);
            if (consumer != null) {
                // The rows just written, while they are in this core's cache.
                consumer.run(rowFrom * window.outW, rowTo * window.outW);
            }
        }
    }

    private void rows(int p, int rowFrom, int rowTo) {
        Window g = window;
        int outC = filter.channels;
        DepthwiseRow[] plans = rowTaps[p];
        int image = g.inH * g.inW * g.inC;
        for (int r0 = rowFrom; r0 < rowTo; r0 += plans.length) {
            int count = Math.min(plans.length, rowTo - r0);
            for (int i = 0; i < count; i++) {
                int r = r0 + i;
                int n = r / g.outH;
                plans[i].fill(g, r - n * g.outH, outC, inBase + n * image, outBase + r * g.outW * outC);
            }
            engine.depthwiseRows(filter, in, plans, count, out);
            if (epilogue != null) {
                engine.epilogue(epilogue, out, outBase, r0 * g.outW * outC, count * g.outW, outC, 0, outC);
            }
        }
    }
}
