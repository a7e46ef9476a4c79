package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.common.Padding;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;

/**
 * Float AVERAGE_POOL_2D and MAX_POOL_2D over NHWC input with Pool2DOptions. Windows are clipped to the input, so
 * padding never contributes: the average divides by the number of input elements inside the window, and the
 * maximum starts from {@code -Float.MAX_VALUE} and, as TensorFlow Lite's {@code std::max}, passes over NaN
 * inputs. The fused activation clamps the result.
 */
final class PoolKernel implements Kernel {
    // Pool2DOptions fields.
    private static final int PADDING = 0;
    private static final int STRIDE_W = 1;
    private static final int STRIDE_H = 2;
    private static final int FILTER_WIDTH = 3;
    private static final int FILTER_HEIGHT = 4;
    private static final int FUSED_ACTIVATION = 5;

    private final boolean average;
    private final ThreadPool.RangeTask task = this::rows;
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
    private Activation range;
    private boolean simd;
    private Tensor in;
    private Tensor out;

    PoolKernel(boolean average) {
        this.average = average;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        if (input.dataType() != DataType.FLOAT32 || output.dataType() != DataType.FLOAT32) {
            throw node.error("only FLOAT32 is supported, got " + input.dataType() + " -> " + output.dataType());
        }
        if (input.numDimensions() != 4) {
            throw node.error("input must be 4-D NHWC, got rank " + input.numDimensions());
        }
        FlatTable options = node.options(Options.POOL_2D);
        if (options == null) {
            throw node.error("Pool2DOptions are missing (strides and filter size are required)");
        }
        Padding padding = Padding.of(options.getByte(PADDING, (byte) 0), node);
        strideW = options.getInt(STRIDE_W, 0);
        strideH = options.getInt(STRIDE_H, 0);
        filterW = options.getInt(FILTER_WIDTH, 0);
        filterH = options.getInt(FILTER_HEIGHT, 0);
        range = Options.activation(node, options, FUSED_ACTIVATION);
        simd = Vectorization.use(node);
        inH = input.dim(1);
        inW = input.dim(2);
        channels = input.dim(3);
        outH = padding.checkedOutputSize(node, "height", inH, filterH, strideH, 1);
        outW = padding.checkedOutputSize(node, "width", inW, filterW, strideW, 1);
        padTop = padding.leadingPadding(inH, filterH, strideH, 1, outH);
        padLeft = padding.leadingPadding(inW, filterW, strideW, 1, outW);
        output.resize(input.dim(0), outH, outW, channels);
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        int rows = in.dim(0) * outH;
        long work = (long) out.numElements() * filterH * filterW;
        Parallel.run(node, rows, work, task);
        in = null;
        out = null;
    }

    /** Output rows {@code [from, to)}, numbered {@code batch * outH + y}. */
    private void rows(int from, int to) {
        float[] x = in.floats();
        float[] y = out.floats();
        int c = channels;
        float lo = range.min();
        float hi = range.max();
        boolean simd = this.simd && SimdSwitch.on();
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
                int o = outRow + ox * c;
                if (simd) {
                    int base = inBatch + (y0 * inW + x0) * c;
                    if (average) {
                        SimdLoops.averagePixel(x, base, inW * c, c, fy0, fy1, fx0, fx1, y, o, lo, hi);
                    } else {
                        SimdLoops.maxPixel(x, base, inW * c, c, fy0, fy1, fx0, fx1, y, o, lo, hi);
                    }
                    continue;
                }
                java.util.Arrays.fill(y, o, o + c, average ? 0f : -Float.MAX_VALUE);
                for (int fy = fy0; fy < fy1; fy++) {
                    int rowBase = inBatch + ((y0 + fy) * inW + x0) * c;
                    for (int fx = fx0; fx < fx1; fx++) {
                        fold(x, rowBase + fx * c, y, o, c);
                    }
                }
                // Dividing by 1 is exact, so max pooling shares the clamp.
                float count = average ? (fy1 - fy0) * (fx1 - fx0) : 1f;
                for (int i = 0; i < c; i++) {
                    y[o + i] = Math.min(Math.max(y[o + i] / count, lo), hi);
                }
            }
        }
    }

    /** Folds one input pixel's channels into the output pixel: a sum or a NaN-skipping maximum. */
    private void fold(float[] x, int xi, float[] y, int yi, int n) {
        if (average) {
            add(x, xi, y, yi, n);
        } else {
            max(x, xi, y, yi, n);
        }
    }

    private static void add(float[] x, int xi, float[] y, int yi, int n) {
        for (int i = 0; i < n; i++) {
            y[yi + i] += x[xi + i];
        }
    }

    private static void max(float[] x, int xi, float[] y, int yi, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xi + i];
            float m = y[yi + i];
            y[yi + i] = v > m ? v : m;
        }
    }
}
