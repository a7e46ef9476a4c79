package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.common.Padding;
import dev.jlite.ops.elementwise.Parallel;

/**
 * Quantized AVERAGE_POOL_2D and MAX_POOL_2D (INT8, UINT8, INT16) over NHWC input; the output shares the input's
 * quantization (TensorFlow Lite does not rescale). Windows are clipped to the input. The average is the integer sum
 * divided by the number of input elements in the window, rounded half up for UINT8 and half away from zero for the
 * signed types, as TensorFlow Lite's kernels round; then the fused activation clamps.
 */
final class QuantizedPoolKernel implements Kernel {
    private static final int POOL_2D_OPTIONS = 5;
    // Pool2DOptions fields.
    private static final int PADDING = 0;
    private static final int STRIDE_W = 1;
    private static final int STRIDE_H = 2;
    private static final int FILTER_WIDTH = 3;
    private static final int FILTER_HEIGHT = 4;
    private static final int FUSED_ACTIVATION = 5;

    private final boolean average;
    private final ThreadPool.RangeTask task = this::parts;
    private int strideW;
    private int strideH;
    private int filterW;
    private int filterH;
    private int padTop;
    private int padLeft;
    private int inH;
    private int inW;
    private int channels;
    private int outH;
    private int outW;
    private int actMin;
    private int actMax;
    private boolean isShort;
    private boolean unsigned;
    /** One output pixel's accumulators for each part of the rows (parts run on different threads). */
    private int[][] accumulators;
    private Tensor in;
    private Tensor out;

    QuantizedPoolKernel(boolean average) {
        this.average = average;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if (!Quantized.isQuantizedType(type) || output.dataType() != type) {
            throw node.error("expects INT8, UINT8 or INT16 in and out, got " + type + " -> " + output.dataType());
        }
        Quantized.perTensor(node, input, "input");
        Quantized.perTensor(node, output, "output");
        if (input.numDimensions() != 4) {
            throw node.error("input must be 4-D NHWC, got rank " + input.numDimensions());
        }
        FlatTable options = node.options(POOL_2D_OPTIONS);
        if (options == null) {
            throw node.error("Pool2DOptions are missing (strides and filter size are required)");
        }
        Padding padding = Padding.of(options.getByte(PADDING, (byte) 0), node);
        strideW = options.getInt(STRIDE_W, 0);
        strideH = options.getInt(STRIDE_H, 0);
        filterW = options.getInt(FILTER_WIDTH, 0);
        filterH = options.getInt(FILTER_HEIGHT, 0);
        Activation activation = Activation.of(options.getByte(FUSED_ACTIVATION, (byte) 0), node);
        int[] range = Quantized.activationRange(activation, output);
        actMin = range[0];
        actMax = range[1];
        isShort = type == DataType.INT16;
        unsigned = type == DataType.UINT8;
        inH = input.dim(1);
        inW = input.dim(2);
        channels = input.dim(3);
        outH = padding.checkedOutputSize(node, "height", inH, filterH, strideH, 1);
        outW = padding.checkedOutputSize(node, "width", inW, filterW, strideW, 1);
        padTop = padding.leadingPadding(inH, filterH, strideH, 1, outH);
        padLeft = padding.leadingPadding(inW, filterW, strideW, 1, outW);
        output.resize(input.dim(0), outH, outW, channels);
        int threads = node.threads() == null ? 1 : node.threads().size();
        int parts = Math.max(1, Math.min(threads, input.dim(0) * outH));
        accumulators = new int[parts][channels];
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        long work = (long) out.numElements() * filterH * filterW;
        Parallel.run(node, accumulators.length, work, task);
        in = null;
        out = null;
    }

    /** Parts {@code [from, to)} of the output rows, each with its own accumulators. */
    private void parts(int from, int to) {
        int rows = in.dim(0) * outH;
        int parts = accumulators.length;
        for (int part = from; part < to; part++) {
            rows((int) ((long) rows * part / parts), (int) ((long) rows * (part + 1) / parts), accumulators[part]);
        }
    }

    /** Output rows {@code [from, to)}, numbered {@code batch * outH + y}. */
    private void rows(int from, int to, int[] acc) {
        int c = channels;
        int initial = average ? 0 : isShort ? Short.MIN_VALUE : unsigned ? 0 : Byte.MIN_VALUE;
        for (int row = from; row < to; row++) {
            int b = row / outH;
            int oy = row % outH;
            int y0 = oy * strideH - padTop;
            int fy0 = Math.max(0, -y0);
            int fy1 = Math.min(filterH, inH - y0);
            int inBatch = in.offset() + b * inH * inW * c;
            int outRow = out.offset() + row * outW * c;
            for (int ox = 0; ox < outW; ox++) {
                int x0 = ox * strideW - padLeft;
                int fx0 = Math.max(0, -x0);
                int fx1 = Math.min(filterW, inW - x0);
                java.util.Arrays.fill(acc, 0, c, initial);
                for (int fy = fy0; fy < fy1; fy++) {
                    int rowBase = inBatch + ((y0 + fy) * inW + x0) * c;
                    for (int fx = fx0; fx < fx1; fx++) {
                        if (isShort) {
                            fold(in.shorts(), rowBase + fx * c, acc, c);
                        } else {
                            fold(in.bytes(), rowBase + fx * c, acc, c);
                        }
                    }
                }
                int o = outRow + ox * c;
                int count = (fy1 - fy0) * (fx1 - fx0);
                for (int i = 0; i < c; i++) {
                    int v = acc[i];
                    if (average) {
                        // UINT8 sums are never negative, so both roundings agree there.
                        v = v >= 0 ? (v + count / 2) / count : (v - count / 2) / count;
                    }
                    v = Math.min(actMax, Math.max(actMin, v));
                    if (isShort) {
                        out.shorts()[o + i] = (short) v;
                    } else {
                        out.bytes()[o + i] = (byte) v;
                    }
                }
            }
        }
    }

    private void fold(byte[] x, int xi, int[] acc, int n) {
        int m = unsigned ? 0xFF : -1;
        if (average) {
            for (int i = 0; i < n; i++) {
                acc[i] += x[xi + i] & m;
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[i] = Math.max(acc[i], x[xi + i] & m);
            }
        }
    }

    private void fold(short[] x, int xi, int[] acc, int n) {
        if (average) {
            for (int i = 0; i < n; i++) {
                acc[i] += x[xi + i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[i] = Math.max(acc[i], x[xi + i]);
            }
        }
    }
}
