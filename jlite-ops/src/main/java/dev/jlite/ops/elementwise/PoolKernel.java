package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.common.Pool2D;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;

/**
 * Float AVERAGE_POOL_2D and MAX_POOL_2D over NHWC input with Pool2DOptions. Windows are clipped to the input, so
 * padding never contributes: the average divides by the number of input elements inside the window, and the
 * maximum starts from {@code -Float.MAX_VALUE} and, as TensorFlow Lite's {@code std::max}, passes over NaN
 * inputs. The fused activation clamps the result.
 */
final class PoolKernel implements Kernel {
    private final boolean average;
    private final ThreadPool.RangeTask task = this::rows;
    private Pool2D pool;
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
        pool = Pool2D.of(node, input);
        range = Activation.of(pool.fusedActivation, node);
        simd = Vectorization.use(node);
        output.resize(input.dim(0), pool.outH, pool.outW, pool.channels);
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        int rows = in.dim(0) * pool.outH;
        long work = (long) out.numElements() * pool.filterH * pool.filterW;
        Parallel.run(node, rows, work, task);
        in = null;
        out = null;
    }

    /** Output rows {@code [from, to)}, numbered {@code batch * outH + y}. */
    private void rows(int from, int to) {
        Pool2D g = pool;
        float[] x = in.floats();
        float[] y = out.floats();
        int c = g.channels;
        float lo = range.min();
        float hi = range.max();
        boolean simd = this.simd && SimdSwitch.on();
        for (int row = from; row < to; row++) {
            int b = row / g.outH;
            int oy = row % g.outH;
            int y0 = oy * g.strideH - g.padTop;
            int fy0 = Math.max(0, -y0);
            int fy1 = Math.min(g.filterH, g.inH - y0);
            int inBatch = in.offset() + b * g.inH * g.inW * c;
            int outRow = out.offset() + row * g.outW * c;
            for (int ox = 0; ox < g.outW; ox++) {
                int x0 = ox * g.strideW - g.padLeft;
                int fx0 = Math.max(0, -x0);
                int fx1 = Math.min(g.filterW, g.inW - x0);
                int o = outRow + ox * c;
                if (simd) {
                    int base = inBatch + (y0 * g.inW + x0) * c;
                    if (average) {
                        SimdLoops.averagePixel(x, base, g.inW * c, c, fy0, fy1, fx0, fx1, y, o, lo, hi);
                    } else {
                        SimdLoops.maxPixel(x, base, g.inW * c, c, fy0, fy1, fx0, fx1, y, o, lo, hi);
                    }
                    continue;
                }
                java.util.Arrays.fill(y, o, o + c, average ? 0f : -Float.MAX_VALUE);
                for (int fy = fy0; fy < fy1; fy++) {
                    int rowBase = inBatch + ((y0 + fy) * g.inW + x0) * c;
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
