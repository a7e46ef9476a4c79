package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.elementwise.Parallel;

/**
 * CONV_2D on FLOAT32: input {@code [N,H,W,I]}, filter {@code [O,KH,KW,I]}, optional bias {@code [O]}, output
 * {@code [N,OH,OW,O]}, with TensorFlow Lite 2.6's padding, strides, dilations and fused activation. The filter is
 * packed once at prepare when constant (else into scratch at every eval); output rows are split across threads,
 * a few parts per thread (see {@link Parallel#parts}).
 * A 1x1 stride-1 convolution without padding is one matrix product over all pixels. A window that covers the whole
 * input (one output pixel, as in the heads of MediaPipe's landmark models) is a FULLY_CONNECTED layer over each
 * image: inner products on TensorFlow Lite's own {@code [O][KH*KW*I]} weights, streamed once, unpacked. A small
 * output (at most {@link #GATHER_PIXELS} pixels an image) has its windows gathered side by side, zeros where they
 * leave the input, and is then one matrix product like a 1x1 convolution.
 */
final class Conv2DKernel implements Kernel {
    private static final int FUSED_ACTIVATION = 3;
    /**
     * Multiply-adds below which a part is not worth handing to another thread: a few microseconds of vector code,
     * against a hand-off to a polling worker of about 0.6 us (1.5 us at the 90th percentile) and 30-60 us to wake a
     * parked one (measured with 2-thread pools at load 4 on 2 cores). A layer with less than two parts' worth runs
     * on the calling thread alone.
     */
    static final long MIN_PART_MACS = 1 << 17;
    /**
     * Pixels of a 1x1 convolution's part start at a multiple of this: the widest pixel group of the engines' tiles,
     * so that every pixel is computed by the same tile, and the same sums in the same order, as on one thread.
     */
    static final int PIXEL_GROUP = 8;
    /**
     * Pixels of a 1x1 convolution computed per engine call when an epilogue follows, so that it runs on output still
     * in cache (a multiple of {@link #PIXEL_GROUP}).
     */
    private static final int EPILOGUE_PIXELS = 512;
    /**
     * Output pixels per image up to which the windows are gathered (see {@link #gathered}): SSD's last layers (3x3,
     * 2x2 and 1x1 outputs of 3x3 filters at stride 2) are mostly border pixels, each of which went through the
     * engine alone, streaming the taps' share of up to 1.2 MB of weights every time. LayerBench, old and new
     * alternated: 5x5x128 -> 3x3x256 0.109-0.110 -> 0.040-0.041 ms (XNNPACK 0.051), 3x3x128 -> 2x2x256 0.035 ->
     * 0.016 ms (XNNPACK 0.026); the whole model, two interpreters in one JVM: 0.999 and 0.991 of its time. The
     * 10x10x256 -> 5x5x512 layer (25 pixels) is at XNNPACK's time without it.
     */
    static final int GATHER_PIXELS = 16;
    /** The most floats of gathered windows (a node's scratch): above it the rows go through the engine as usual. */
    private static final long GATHER_FLOATS = 1 << 20;
    /**
     * Rows whose border pixels are computed together, column by column (see {@link #rows}): the engines' tallest
     * tile, so the output rows an epilogue then reads are still in cache.
     */
    private static final int BORDER_ROWS = 8;

    private final ThreadPool.RangeTask task = this::runParts;
    private ConvEngine engine;
    private Window window;
    private PackedFilter filter;
    /** {@link #filter} with each filter row as one tap, for interior pixels; null with horizontal dilation. */
    private PackedFilter rowFilter;
    /** The folded ADD and PRELU, null when none. */
    private Epilogue epilogue;
    private boolean weightsConstant;
    private boolean biasConstant;
    private boolean pointwise;
    /** Whether the window is the whole input (one output pixel): inner products on the unpacked weights. */
    private boolean wholeInput;
    /**
     * Whether the windows of all output pixels are gathered into scratch, zeros for the padding, and convolved as
     * one tap of {@code KH*KW*I} channels ({@link #allTaps}) over all pixels: one pass over the weights for all of
     * them, instead of one per border pixel. Padding taps then add 0 x weight, as in XNNPACK (a weight of infinity
     * or NaN makes the sum NaN there, where TensorFlow Lite's reference kernel skips the tap).
     */
    private boolean gathered;
    /** {@link #filter} with all taps as one (see {@link PackedFilter#filterRows}); null unless {@link #gathered}. */
    private PackedFilter allTaps;
    /** Where the gathered windows start in the node's scratch (after a runtime filter's packing). */
    private int gatherBase;
    /**
     * Whether the output is one matrix product over its pixels ({@link #pointwise} or {@link #gathered}), split by
     * groups of pixels; else by rows.
     */
    private boolean byPixels;
    /** The pixels or rows (of all images) that the parts divide. */
    private int units;
    /** The weights {@link #wholeInput} reads during an eval. */
    private float[] weights;
    private int weightsBase;
    private int batches;
    private int parts;
    private boolean splitChannels;
    private int[][] tapIn;
    private int[][] tapW;
    private int[][] borderIn;
    private int[][] borderW;
    // Operands of the eval in progress, read by the worker threads.
    private float[] in;
    private int inBase;
    private float[] out;
    private int outBase;
    private float[] scratch;

    @Override
    public int declaredActivation(Node node) {
        return Options.getByte(node.options(Options.CONV_2D), FUSED_ACTIVATION, 0);
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
        int inC = input.dim(3);
        if (weights.dim(3) != inC) {
            throw node.error("filter has " + weights.dim(3) + " input channels, input has " + inC
                    + " (grouped convolution is not part of TensorFlow Lite 2.6)");
        }
        int outC = weights.dim(0);
        Tensor bias = Checks.bias(node, node.input(2), outC);

        FlatTable o = node.options(Options.CONV_2D);
        Activation act = Activation.of(node.fusedActivation(Options.getByte(o, FUSED_ACTIVATION, 0)), node);

        int kh = weights.dim(1);
        int kw = weights.dim(2);
        Checks.positive(node, "output channels", outC);
        Checks.positive(node, "input channels", inC);
        window = Window.of(node, o, false, input, inC, kh, kw);
        batches = input.dim(0);
        output.resize(batches, window.outH, window.outW, outC);
        // A folded PAD may add rows and columns after the input only: then the output is larger than the input.
        pointwise = kh == 1 && kw == 1 && window.strideH == 1 && window.strideW == 1 && window.padTop == 0
                && window.padLeft == 0 && window.outH == window.inH && window.outW == window.inW;

        // In one (small) pixel, each weight is used once per image: a 1.6 MB filter of face_landmark's head, packed
        // for the tiles, took 0.2 ms inside the model (weights evicted, 96-byte slices of each 5.6 KB row) against
        // 0.05 ms alone.
        wholeInput = window.outH == 1 && window.outW == 1 && kh == window.inH && kw == window.inW
                && window.padTop == 0 && window.padLeft == 0 && window.dilationH == 1 && window.dilationW == 1;

        int taps = kh * kw;
        long gatherFloats = (long) batches * window.outH * window.outW * taps * inC;
        gathered = !pointwise && !wholeInput && taps > 1 && window.outH * window.outW <= GATHER_PIXELS
                && gatherFloats <= GATHER_FLOATS;

        engine = ConvEngine.of(node);
        epilogue = Epilogue.of(node, act, output, outC);
        float[] range = Epilogue.kernelClamp(epilogue, act);
        filter = new PackedFilter(kh * kw, inC, outC, engine, range[0], range[1]);
        weightsConstant = weights.isConstant();
        if (weightsConstant && !wholeInput) {
            filter.pack(weights.floats(), weights.offset(), new float[filter.packedSize()], 0);
            node.markInputCopied(1);
        }
        gatherBase = weightsConstant || wholeInput ? 0 : filter.packedSize();
        if (gatherBase > 0 || gathered) {
            node.requestScratch(gatherBase + (gathered ? (int) gatherFloats : 0));
        }
        // Filter rows as single taps for the interior pixels (see PackedFilter.filterRows).
        rowFilter = !gathered && window.dilationW == 1 && kw > 1 ? filter.filterRows(kw) : null;
        allTaps = gathered ? filter.filterRows(taps) : null;
        biasConstant = bias == null || bias.isConstant();
        if (biasConstant) {
            filter.loadBias(bias);
            if (bias != null) {
                node.markInputCopied(2);
            }
        }

        ThreadPool pool = node.threads();
        int threads = pool.size();
        byPixels = pointwise || gathered;
        units = byPixels ? batches * window.outH * window.outW : batches * window.outH;
        int blocks = channelBlocks(outC, filter.block);
        long pixelMacs = (long) kh * kw * inC * outC;
        long macs = (byPixels ? units : (long) units * window.outW) * pixelMacs;
        // Split output rows (or pixels) among the threads, unless few rows divide badly and the channel blocks
        // divide clearly better: 3 rows on 2 threads keep them 75% busy, 5 rows 83%, 4 channel blocks 100%.
        splitChannels = blocks >= threads && balance(blocks, threads) >= balance(units, threads) + 0.1;
        if (wholeInput) {
            // Slices of whole groups of outputs (ConvEngine.innerProductSlice).
            int groups = ConvEngine.innerProductGroups(outC);
            parts = Parallel.parts(pool, groups, macs / groups, MIN_PART_MACS);
        } else if (splitChannels) {
            parts = Parallel.parts(pool, blocks, macs / blocks, MIN_PART_MACS);
        } else if (byPixels) {
            parts = Parallel.parts(pool, pixelGroups(units), PIXEL_GROUP * pixelMacs, MIN_PART_MACS);
        } else {
            parts = Parallel.parts(pool, units, macs / units, MIN_PART_MACS);
        }
        tapIn = new int[parts][taps];
        tapW = new int[parts][taps];
        borderIn = new int[parts][taps];
        borderW = new int[parts][taps];
    }

    /**
     * The units of a split by channels: whole vectors (or {@link PackedFilter#vectorMajor} blocks) of channels, a
     * partial last vector going with the last part.
     * A part of only that partial vector would be computed by the engine's narrow (scalar) loop, in another order
     * than the overlapping last vector of a wider range, and differ from one thread in the last bit.
     */
    private static int channelBlocks(int channels, int align) {
        return Math.max(1, channels / align);
    }

    private static int pixelGroups(int pixels) {
        return (pixels + PIXEL_GROUP - 1) / PIXEL_GROUP;
    }

    /** The share of {@code threads} kept busy when {@code units} equal pieces of work are dealt out evenly. */
    static double balance(int units, int threads) {
        int rounds = (units + threads - 1) / threads;
        return units / (double) (rounds * threads);
    }

    @Override
    public void eval(Node node) {
        if (node.output(0).numElements() == 0) {
            return;
        }
        if (wholeInput) {
            Tensor w = node.input(1);
            weights = w.floats();
            weightsBase = w.offset();
        } else if (!weightsConstant) {
            Tensor w = node.input(1);
            filter.pack(w.floats(), w.offset(), node.scratch(), 0);
            if (rowFilter != null) {
                rowFilter.shareWeights(filter);
            }
            if (allTaps != null) {
                allTaps.shareWeights(filter);
            }
        }
        if (!biasConstant) {
            filter.loadBias(node.input(2));
        }
        bind(node);
        if (gathered) {
            scratch = node.scratch();
            // borderIn/borderW of part 0 as the taps' room: the gathered path's parts do not use them.
            window.gather(in, inBase, batches, scratch, gatherBase, borderIn[0], borderW[0]);
        }
        node.threads().parallelFor(parts, task);
        scratch = null;
        weights = null;
        unbind();
    }

    /** The node's input and output arrays, and its epilogue's tensors, for one inference. */
    private void bind(Node node) {
        Tensor input = node.input(0);
        Tensor output = node.output(0);
        in = input.floats();
        inBase = input.offset();
        out = output.floats();
        outBase = output.offset();
        if (epilogue != null) {
            epilogue.bind(node);
        }
    }

    private void unbind() {
        in = null;
        out = null;
        if (epilogue != null) {
            epilogue.unbind();
        }
    }

    /**
     * A 1x1 convolution at stride 1 over its input's pixels, with its filter packed at prepare: each output pixel is
     * the same sums in the same order whichever piece it comes in (the tiles that overlap at a piece's end recompute
     * their pixels bit for bit), except with a {@link PackedFilter#rowMajor} filter, whose pair kernel pairs
     * neighbouring pixels.
     */
    @Override
    public boolean evaluatesPixels(Node node) {
        return pointwise && !gathered && !wholeInput && weightsConstant && biasConstant && !filter.rowMajor;
    }

    @Override
    public void beginPixels(Node node) {
        bind(node);
    }

    @Override
    public void evalPixels(Node node, int from, int to) {
        pixels(filter, in, inBase, from, to, 0, filter.channels);
    }

    @Override
    public void endPixels(Node node) {
        unbind();
    }

    /** The taps of a 1x1 filter: read only. */
    private static final int[] ONE_TAP = {0};

    /** Output channels {@code [oFrom, oTo)} of pixels {@code [uFrom, uTo)}, each from its own input pixel. */
    private void pixels(PackedFilter f, float[] src, int srcBase, int uFrom, int uTo, int oFrom, int oTo) {
        int depth = f.depth;
        int step = epilogue == null ? uTo - uFrom : EPILOGUE_PIXELS;
        for (int u = uFrom; u < uTo; u += step) {
            int n = Math.min(step, uTo - u);
            engine.convolve(f, oFrom, oTo, src, srcBase + u * depth, depth, ONE_TAP, ONE_TAP, 1, out,
                    outBase + u * filter.channels, filter.channels, n);
            if (epilogue != null) {
                engine.epilogue(epilogue, out, outBase, u * filter.channels, n, filter.channels, oFrom, oTo);
            }
        }
    }

    private void runParts(int from, int to) {
        Window g = window;
        for (int p = from; p < to; p++) {
            if (wholeInput) {
                int oFrom = ConvEngine.innerProductSlice(filter.channels, p, parts);
                int oTo = ConvEngine.innerProductSlice(filter.channels, p + 1, parts);
                engine.innerProducts(weights, weightsBase, filter.taps * filter.depth, filter.bias, filter.lo,
                        filter.hi, in, inBase, batches, oFrom, oTo, out, outBase, filter.channels);
                if (epilogue != null) {
                    engine.epilogue(epilogue, out, outBase, 0, batches, filter.channels, oFrom, oTo);
                }
                continue;
            }
            int uFrom = 0;
            int uTo = units;
            int oFrom = 0;
            int oTo = filter.channels;
            if (splitChannels) {
                int align = filter.block;
                int blocks = channelBlocks(filter.channels, align);
                oFrom = blocks * p / parts * align;
                oTo = p == parts - 1 ? filter.channels : blocks * (p + 1) / parts * align;
            } else if (byPixels) {
                int groups = pixelGroups(units);
                uFrom = Math.min(units, PIXEL_GROUP * (int) ((long) groups * p / parts));
                uTo = Math.min(units, PIXEL_GROUP * (int) ((long) groups * (p + 1) / parts));
            } else {
                uFrom = (int) ((long) units * p / parts);
                uTo = (int) ((long) units * (p + 1) / parts);
            }
            if (byPixels) {
                pixels(gathered ? allTaps : filter, gathered ? scratch : in, gathered ? gatherBase : inBase,
                        uFrom, uTo, oFrom, oTo);
            } else {
                rows(p, uFrom, uTo, oFrom, oTo);
            }
        }
    }

    private void rows(int p, int rowFrom, int rowTo, int oFrom, int oTo) {
        Window g = window;
        int outC = filter.channels;
        int perTap = filter.tapStride();
        int[] tIn = tapIn[p];
        int[] tW = tapW[p];
        int[] bIn = borderIn[p];
        int[] bW = borderW[p];
        int image = g.inH * g.inW * g.inC;
        int outRowStride = g.outW * outC;
        for (int r = rowFrom; r < rowTo;) {
            int n = r / g.outH;
            int oy = r - n * g.outH;
            int inImage = inBase + n * image;
            int outRow = outBase + r * outRowStride;
            // Rows whose windows lie inside the input vertically give each border column the same taps: that
            // column's pixels of up to BORDER_ROWS rows go through the engine in one call, a pixel per row, in its
            // multi-pixel tiles. Pixel by pixel, each border pixel was a single chain of FMAs: batched,
            // face_detection_short_range's 5x5 stem (two border columns of 64 pixels) runs 1.08x faster.
            int full = g.fullRows(oy, Math.min(BORDER_ROWS, Math.min(rowTo - r, g.outH - oy)));
            int count = Math.max(1, full);
            if (g.interiorTo > g.interiorFrom) {
                PackedFilter f = rowFilter != null ? rowFilter : filter;
                for (int i = 0; i < count; i++) {
                    int taps = rowFilter != null ? g.rowTapsMerged(oy + i, perTap, tIn, tW)
                            : g.rowTaps(oy + i, perTap, tIn, tW);
                    engine.convolve(f, oFrom, oTo, in, inImage + g.origin(oy + i, g.interiorFrom), g.pixelStride(),
                            tIn, tW, taps, out, outRow + i * outRowStride + g.interiorFrom * outC, outC,
                            g.interiorTo - g.interiorFrom);
                }
            }
            for (int ox = 0; ox < g.outW; ox++) {
                if (ox == g.interiorFrom && g.interiorTo > g.interiorFrom) {
                    ox = g.interiorTo - 1;
                    continue;
                }
                int bt = g.pixelTaps(oy, ox, perTap, bIn, bW);
                engine.convolve(filter, oFrom, oTo, in, inImage + g.origin(oy, ox), g.rowStride(), bIn, bW, bt, out,
                        outRow + ox * outC, outRowStride, count);
            }
            if (epilogue != null) {
                engine.epilogue(epilogue, out, outBase, outRow - outBase, count * g.outW, outC, oFrom, oTo);
            }
            r += count;
        }
    }
}
