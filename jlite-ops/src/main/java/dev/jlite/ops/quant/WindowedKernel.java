package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.common.Padding;

/**
 * The part that quantized CONV_2D and DEPTHWISE_CONV_2D share: NHWC geometry with TensorFlow Lite's padding,
 * strides and dilations, the output stage, and the walk over output rows split across threads. For each output
 * row the input rows its taps read are first widened to ints with the input zero point subtracted: a padded tap is
 * then simply absent (it would contribute {@code 0 * w}), and the inner loops multiply plain int arrays, which the
 * JIT vectorizes. Accumulation is in 32 bits for INT8/UINT8 and in 64 bits for INT16 activations (16x8), as in
 * TensorFlow Lite's reference kernels; integer sums are exact, so their order does not matter.
 */
abstract class WindowedKernel implements Kernel {
    private final ThreadPool.RangeTask task = this::runParts;

    DataType type;
    int batches;
    int inH;
    int inW;
    int inC;
    int kh;
    int kw;
    int strideH;
    int strideW;
    int dilationH;
    int dilationW;
    int padTop;
    int padLeft;
    int outH;
    int outW;
    int outC;
    OutputStage stage;
    QuantizedEngine engine;
    /** Packed weights with the filter zero point subtracted; the layout is the subclass's. */
    int[] weights;
    int[] bias32;
    long[] bias64;
    private int inputZeroPoint;
    private int mask;
    private boolean weightsConstant;
    private boolean biasConstant;
    private int filterZeroPoint;
    private int parts;
    private int accStride;
    private int interiorFrom;
    private int interiorTo;
    private int rowLength;
    private int[][] rowBuffers;
    private boolean[][] rowValid;
    private int[][] acc32;
    private long[][] acc64;
    private byte[] inB;
    private short[] inS;
    private int inBase;
    private byte[] outB;
    private short[] outS;
    private int outBase;

    /** The options table type and field ids of this operator. */
    abstract int optionsType();

    abstract int paddingField();

    abstract int strideWField();

    abstract int strideHField();

    abstract int activationField();

    abstract int dilationWField();

    abstract int dilationHField();

    /** Whether the official INT8 kernel of this operator rounds as ruy does (see {@link OutputStage}). */
    abstract boolean singleRounding();

    /** Checks the filter's shape against the input and returns the number of output channels. */
    abstract int outputChannels(Node node, Tensor input, Tensor filter);

    /** The filter's kernel height and width. */
    abstract int[] kernelSize(Tensor filter);

    /** The number of ints {@link #pack} writes. */
    abstract int packedSize(Tensor filter);

    /** Packs {@code filter} minus {@code zeroPoint} into {@link #weights}. */
    abstract void pack(byte[] filter, int base, int zeroPoint, int mask);

    /**
     * Accumulates the taps of output columns {@code ox .. ox + pixels - 1} from the widened rows into 32-bit
     * accumulators {@code acc[p * accStride + c]}. Several pixels are only asked for when all their taps lie inside
     * the input horizontally (see {@link #interior(int)}).
     */
    abstract void accumulate(int part, int[] rows, boolean[] valid, int ox, int pixels, int[] acc, int accStride);

    /** As {@link #accumulate(int, int[], boolean[], int, int, int[], int)}, one pixel, in 64 bits (16x8). */
    abstract void accumulate(int[] rows, boolean[] valid, int ox, long[] acc);

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
        if (input.numDimensions() != 4 || filter.numDimensions() != 4) {
            throw node.error("input and filter must have rank 4, have " + java.util.Arrays.toString(input.shape())
                    + " and " + java.util.Arrays.toString(filter.shape()));
        }
        inputZeroPoint = Quantized.zeroPoint(node, input, "input");
        int outputZeroPoint = Quantized.zeroPoint(node, output, "output");
        if (type == DataType.INT16 && (inputZeroPoint != 0 || outputZeroPoint != 0)) {
            throw node.error("INT16 input and output must have zero point 0");
        }
        if (type == DataType.UINT8) {
            filterZeroPoint = Quantized.zeroPoint(node, filter, "filter");
        } else {
            Quantized.zeroZeroPoint(node, filter, "filter");
            filterZeroPoint = 0;
        }
        mask = Quantized.byteMask(type);
        inC = input.dim(3);
        outC = outputChannels(node, input, filter);
        if (inC <= 0 || outC <= 0) {
            throw node.error("channels must be positive: input " + inC + ", output " + outC);
        }
        Tensor bias = node.input(2);
        if (bias != null) {
            Quantized.type(node, bias, "bias", type == DataType.INT16 ? DataType.INT64 : DataType.INT32);
            if (bias.numElements() != outC) {
                throw node.error("bias has " + bias.numElements() + " values for " + outC + " output channels");
            }
        }

        FlatTable o = node.options(optionsType());
        Padding padding = Padding.of(o == null ? 0 : o.getByte(paddingField(), (byte) 0), node);
        strideW = o == null ? 0 : o.getInt(strideWField(), 0);
        strideH = o == null ? 0 : o.getInt(strideHField(), 0);
        dilationW = o == null ? 1 : o.getInt(dilationWField(), 1);
        dilationH = o == null ? 1 : o.getInt(dilationHField(), 1);
        Activation act = Activation.of(o == null ? 0 : o.getByte(activationField(), (byte) 0), node);
        int[] k = kernelSize(filter);
        kh = k[0];
        kw = k[1];
        batches = input.dim(0);
        inH = input.dim(1);
        inW = input.dim(2);
        outH = padding.checkedOutputSize(node, "height", inH, kh, strideH, dilationH);
        outW = padding.checkedOutputSize(node, "width", inW, kw, strideW, dilationW);
        padTop = padding.leadingPadding(inH, kh, strideH, dilationH, outH);
        padLeft = padding.leadingPadding(inW, kw, strideW, dilationW, outW);
        output.resize(batches, outH, outW, outC);
        stage = OutputStage.convolution(node, input, filter, bias, output, act, outC,
                singleRounding() && type == DataType.INT8);

        weights = new int[packedSize(filter)];
        weightsConstant = filter.isConstant();
        if (weightsConstant) {
            pack(filter.bytes(), filter.offset(), filterZeroPoint, mask);
        }
        bias32 = new int[outC];
        bias64 = new long[outC];
        biasConstant = bias == null || bias.isConstant();
        if (biasConstant) {
            loadBias(bias);
        }

        engine = QuantizedEngine.of(node);
        parts = Math.max(1, Math.min(node.threads().size(), batches * outH));
        rowLength = inW * inC;
        rowBuffers = new int[parts][kh * rowLength];
        rowValid = new boolean[parts][kh];
        accStride = QuantizedEngine.padded(outC);
        if (type == DataType.INT16) {
            acc64 = new long[parts][outC];
        } else {
            acc32 = new int[parts][QuantizedEngine.PIXELS * accStride];
        }
        interiorFrom = Math.min(outW, (padLeft + strideW - 1) / strideW);
        interiorTo = Math.max(interiorFrom,
                Math.min(outW, Math.floorDiv(inW - 1 - (kw - 1) * dilationW + padLeft, strideW) + 1));
    }

    /** Whether every tap of output column {@code ox} lies inside the input horizontally. */
    final boolean interior(int ox) {
        return ox >= interiorFrom && ox < interiorTo;
    }

    /** Input column of tap {@code kx} for output column {@code ox}, which may lie in the padding. */
    final int column(int ox, int kx) {
        return ox * strideW - padLeft + kx * dilationW;
    }

    private void loadBias(Tensor bias) {
        if (bias == null) {
            return;
        }
        int base = bias.offset();
        if (type == DataType.INT16) {
            System.arraycopy(bias.longs(), base, bias64, 0, outC);
        } else {
            System.arraycopy(bias.ints(), base, bias32, 0, outC);
        }
    }

    /** The number of parts eval splits the output rows into (each with its own buffers). */
    final int parts() {
        return parts;
    }

    /** Offset of widened row {@code ky} in a part's row buffer. */
    final int rowOffset(int ky) {
        return ky * rowLength;
    }

    @Override
    public void eval(Node node) {
        Tensor output = node.output(0);
        if (output.numElements() == 0) {
            return;
        }
        if (!weightsConstant) {
            Tensor f = node.input(1);
            pack(f.bytes(), f.offset(), filterZeroPoint, mask);
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
        int units = batches * outH;
        for (int p = from; p < to; p++) {
            int rFrom = (int) ((long) units * p / parts);
            int rTo = (int) ((long) units * (p + 1) / parts);
            for (int r = rFrom; r < rTo; r++) {
                row(p, r);
            }
        }
    }

    private void row(int p, int r) {
        int n = r / outH;
        int oy = r - n * outH;
        int[] rows = rowBuffers[p];
        boolean[] valid = rowValid[p];
        for (int ky = 0; ky < kh; ky++) {
            int iy = oy * strideH - padTop + ky * dilationH;
            valid[ky] = iy >= 0 && iy < inH;
            if (valid[ky]) {
                widen(inBase + (n * inH + iy) * rowLength, rows, ky * rowLength);
            }
        }
        int out = outBase + r * outW * outC;
        if (type == DataType.INT16) {
            long[] acc = acc64[p];
            for (int ox = 0; ox < outW; ox++, out += outC) {
                System.arraycopy(bias64, 0, acc, 0, outC);
                accumulate(rows, valid, ox, acc);
                for (int c = 0; c < outC; c++) {
                    outS[out + c] = (short) stage.apply(acc[c], c);
                }
            }
        } else {
            int[] acc = acc32[p];
            int stride = accStride;
            for (int ox = 0; ox < outW;) {
                int pixels = ox + QuantizedEngine.PIXELS <= interiorTo && ox >= interiorFrom
                        ? QuantizedEngine.PIXELS : 1;
                for (int q = 0; q < pixels; q++) {
                    System.arraycopy(bias32, 0, acc, q * stride, outC);
                }
                accumulate(p, rows, valid, ox, pixels, acc, stride);
                for (int q = 0; q < pixels; q++, out += outC) {
                    engine.requantize(stage, acc, q * stride, outB, out, outC);
                }
                ox += pixels;
            }
        }
    }

    private void widen(int from, int[] dst, int at) {
        if (type == DataType.INT16) {
            short[] x = inS;
            for (int j = 0; j < rowLength; j++) {
                dst[at + j] = x[from + j];
            }
        } else {
            engine.widen(inB, from, mask, inputZeroPoint, dst, at, rowLength);
        }
    }

    /** The input column of tap {@code kx} for output column {@code ox}, or -1 when it falls in the padding. */
    final int inputColumn(int ox, int kx) {
        int ix = column(ox, kx);
        return ix >= 0 && ix < inW ? ix : -1;
    }
}
