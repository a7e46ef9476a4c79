package dev.jlite.ops.elementwise;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;

/**
 * Float L2_NORMALIZATION and LOCAL_RESPONSE_NORMALIZATION, both over the last dimension.
 *
 * <p>L2_NORMALIZATION: {@code x / max(sqrt(sum(x^2)), 1e-6)} per row, TensorFlow Lite's epsilon; inputs of rank 1
 * to 4; the only fused activation TensorFlow Lite 2.6 accepts is NONE.
 *
 * <p>LOCAL_RESPONSE_NORMALIZATION: {@code x[c] * (bias + alpha * sum(x[j]^2, |j - c| <= radius))^-beta} on rank-4
 * inputs, the window clipped at the row's ends; alpha is not divided by the window size (TensorFlow Lite's
 * definition, unlike Caffe's).
 */
final class NormalizationKernel implements Kernel {
    /** Which normalization. */
    enum Kind { L2, LOCAL_RESPONSE }

    /** L2NormOptions fields. */
    private static final int L2_ACTIVATION = 0;
    /** LocalResponseNormalizationOptions fields. */
    private static final int RADIUS = 0, BIAS = 1, ALPHA = 2, BETA = 3;
    /** TensorFlow Lite's floor on the L2 norm. */
    private static final float EPSILON = 1e-6f;

    private final Kind kind;
    private final ThreadPool.RangeTask task = this::rows;
    private int depth;
    private int radius;
    private float bias;
    private float alpha;
    private float beta;
    private Tensor in;
    private Tensor out;

    NormalizationKernel(Kind kind) {
        this.kind = kind;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        if (input.dataType() != DataType.FLOAT32 || output.dataType() != DataType.FLOAT32) {
            throw node.error("only FLOAT32 is supported, got " + input.dataType() + " -> " + output.dataType());
        }
        int rank = input.numDimensions();
        if (kind == Kind.L2) {
            if (rank < 1 || rank > 4) {
                throw node.error("input must have rank 1 to 4, has " + rank);
            }
            FlatTable o = node.options(Options.L2_NORM);
            int activation = o == null ? 0 : o.getByte(L2_ACTIVATION, (byte) 0);
            if (activation != 0) {
                throw node.error("fused activation " + activation + " is not supported (TensorFlow Lite accepts "
                        + "only NONE)");
            }
        } else {
            if (rank != 4) {
                throw node.error("input must have rank 4, has " + rank);
            }
            FlatTable o = node.options(Options.LOCAL_RESPONSE_NORMALIZATION);
            radius = o == null ? 0 : o.getInt(RADIUS, 0);
            bias = o == null ? 0f : o.getFloat(BIAS, 0f);
            alpha = o == null ? 0f : o.getFloat(ALPHA, 0f);
            beta = o == null ? 0f : o.getFloat(BETA, 0f);
            if (radius < 0) {
                throw node.error("radius " + radius + " is negative");
            }
        }
        depth = input.dim(-1);
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
        long work = (long) rows * depth * (kind == Kind.L2 ? 3 : 2L * radius + 8);
        Parallel.run(node, rows, work, task);
        in = null;
        out = null;
    }

    private void rows(int from, int to) {
        float[] x = in.floats();
        float[] y = out.floats();
        int n = depth;
        for (int r = from; r < to; r++) {
            int xi = in.offset() + r * n;
            int yi = out.offset() + r * n;
            if (kind == Kind.L2) {
                l2Row(x, xi, y, yi, n);
            } else {
                localResponseRow(x, xi, y, yi, n);
            }
        }
    }

    private static void l2Row(float[] x, int xi, float[] y, int yi, int n) {
        float squares = 0f;
        for (int c = 0; c < n; c++) {
            squares += x[xi + c] * x[xi + c];
        }
        float norm = Math.max((float) Math.sqrt(squares), EPSILON);
        for (int c = 0; c < n; c++) {
            y[yi + c] = x[xi + c] / norm;
        }
    }

    private void localResponseRow(float[] x, int xi, float[] y, int yi, int n) {
        for (int c = 0; c < n; c++) {
            int lo = Math.max(0, c - radius);
            int hi = Math.min(n, c + radius + 1);
            float squares = 0f;
            for (int j = lo; j < hi; j++) {
                squares += x[xi + j] * x[xi + j];
            }
            y[yi + c] = x[xi + c] * (float) Math.pow(bias + alpha * squares, -beta);
        }
    }
}
