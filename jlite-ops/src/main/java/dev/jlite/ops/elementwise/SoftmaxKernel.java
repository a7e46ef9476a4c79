package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;

/**
 * Float SOFTMAX over the last axis: {@code exp((x - max) * beta) / sum}. Without options beta is 0, as in
 * TensorFlow Lite (the schema default), which gives a uniform distribution. As LOG_SOFTMAX (no options, beta 1) it
 * computes {@code x - max - log(sum(exp(x - max)))}, as TensorFlow Lite's float kernel does.
 */
final class SoftmaxKernel implements Kernel {
    /** The {@code beta} field of SoftmaxOptions. */
    private static final int BETA = 0;

    private final ThreadPool.RangeTask task = this::rows;
    private final boolean log;
    private float beta;
    private int depth;
    private boolean simd;
    private Tensor in;
    private Tensor out;

    /** SOFTMAX, or LOG_SOFTMAX when {@code log}. */
    SoftmaxKernel(boolean log) {
        this.log = log;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        if (input.dataType() != DataType.FLOAT32 || output.dataType() != DataType.FLOAT32) {
            throw node.error("only FLOAT32 is supported, got " + input.dataType() + " -> " + output.dataType());
        }
        if (input.numDimensions() < 1) {
            throw node.error("input must have at least one dimension");
        }
        if (log) {
            beta = 1f;
        } else {
            FlatTable options = node.options(Options.SOFTMAX);
            beta = options == null ? 0f : options.getFloat(BETA, 0f);
        }
        depth = input.dim(-1);
        simd = Vectorization.use(node);
        output.resize(input.shape());
    }

    @Override
    public void eval(Node node) {
        if (depth == 0) {
            return;
        }
        in = node.input(0);
        out = node.output(0);
        int rows = in.numElements() / depth;
        Parallel.run(node, rows, (long) rows * depth * 16, task);
        in = null;
        out = null;
    }

    private void rows(int from, int to) {
        float[] x = in.floats();
        float[] y = out.floats();
        int n = depth;
        float b = beta;
        for (int r = from; r < to; r++) {
            int xi = in.offset() + r * n;
            int yi = out.offset() + r * n;
            if (log) {
                logRow(x, xi, y, yi, n);
                continue;
            }
            if (simd && SimdSwitch.on()) {
                SimdLoops.softmaxRow(x, xi, y, yi, n, b);
                continue;
            }
            float max = -Float.MAX_VALUE;
            for (int c = 0; c < n; c++) {
                max = Math.max(max, x[xi + c]);
            }
            float sum = 0f;
            for (int c = 0; c < n; c++) {
                float e = (float) Math.exp((x[xi + c] - max) * b);
                y[yi + c] = e;
                sum += e;
            }
            float scale = 1f / sum;
            for (int c = 0; c < n; c++) {
                y[yi + c] *= scale;
            }
        }
    }

    private static void logRow(float[] x, int xi, float[] y, int yi, int n) {
        float max = -Float.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, x[xi + c]);
        }
        float sum = 0f;
        for (int c = 0; c < n; c++) {
            sum += (float) Math.exp(x[xi + c] - max);
        }
        float logSum = (float) Math.log(sum);
        for (int c = 0; c < n; c++) {
            y[yi + c] = x[xi + c] - max - logSum;
        }
    }
}
