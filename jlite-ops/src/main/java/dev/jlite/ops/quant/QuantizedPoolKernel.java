package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Activation;
import dev.jlite.ops.common.Pool2D;
import dev.jlite.ops.elementwise.Parallel;

/**
 * Quantized AVERAGE_POOL_2D and MAX_POOL_2D (INT8, UINT8, INT16) over NHWC input; the output shares the input's
 * quantization (TensorFlow Lite does not rescale). Windows are clipped to the input. The average is the integer sum
 * divided by the number of input elements in the window, rounded half up for UINT8 and half away from zero for the
 * signed types, as TensorFlow Lite's kernels round; then the fused activation clamps.
 */
final class QuantizedPoolKernel implements Kernel {
    private final boolean average;
    private final ThreadPool.RangeTask task = this::parts;
    private Pool2D pool;
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
        pool = Pool2D.of(node, input);
        Activation activation = Activation.of(pool.fusedActivation, node);
        int[] range = Quantized.activationRange(activation, output);
        actMin = range[0];
        actMax = range[1];
        isShort = type == DataType.INT16;
        unsigned = type == DataType.UINT8;
        output.resize(input.dim(0), pool.outH, pool.outW, pool.channels);
        int threads = node.threads() == null ? 1 : node.threads().size();
        int parts = Math.max(1, Math.min(threads, input.dim(0) * pool.outH));
        accumulators = new int[parts][pool.channels];
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        long work = (long) out.numElements() * pool.filterH * pool.filterW;
        Parallel.run(node, accumulators.length, work, task);
        in = null;
        out = null;
    }

    /** Parts {@code [from, to)} of the output rows, each with its own accumulators. */
    private void parts(int from, int to) {
        Pool2D g = pool;
        int rows = in.dim(0) * g.outH;
        int parts = accumulators.length;
        for (int part = from; part < to; part++) {
            rows((int) ((long) rows * part / parts), (int) ((long) rows * (part + 1) / parts), accumulators[part]);
        }
    }

    /** Output rows {@code [from, to)}, numbered {@code batch * outH + y}. */
    private void rows(int from, int to, int[] acc) {
        Pool2D g = pool;
        int c = g.channels;
        int initial = average ? 0 : isShort ? Short.MIN_VALUE : unsigned ? 0 : Byte.MIN_VALUE;
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
                java.util.Arrays.fill(acc, 0, c, initial);
                for (int fy = fy0; fy < fy1; fy++) {
                    int rowBase = inBatch + ((y0 + fy) * g.inW + x0) * c;
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
