package dev.jlite.ops.elementwise;

import dev.jlite.kernel.Node;
import dev.jlite.ops.common.SimdWarmup;
import dev.jlite.ops.common.Vectorization;

/**
 * The elementwise family's {@link SimdWarmup.Workload}: the SIMD loops its kernels run (binary operations flat and
 * over rows, the unary functions, max and average pooling windows, reductions, softmax) on a few small dummy rows, or the scalar loops
 * on the same rows. Kernels choose SIMD through {@link #use} at prepare time and run it while
 * {@link SimdWarmup#ready()}.
 */
final class ElementwiseWarmup implements SimdWarmup.Workload {
    private static final ElementwiseWarmup INSTANCE = new ElementwiseWarmup();
    private static final int N = 200;
    private static final int C = 40;

    private final float[] a = filled(N);
    private final float[] b = filled(N);
    private final float[] o = new float[N];
    private final float[] image = filled(4 * 4 * C);

    private ElementwiseWarmup() {}

    /** {@link Vectorization#use}, starting the warm-up when the node may use SIMD. */
    static boolean use(Node node) {
        boolean simd = Vectorization.use(node);
        if (simd) {
            SimdWarmup.start(INSTANCE);
        }
        return simd;
    }

    @Override
    public void run(boolean simd) {
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.SUB}) {
            if (simd) {
                SimdLoops.binary(op, a, 0, 0, 1, b, 0, 0, 1, o, 0, 1, N, 0f, 6f);
                SimdLoops.binary(op, a, 0, C, 1, b, 0, 0, 1, o, 0, N / C, C, Float.NEGATIVE_INFINITY,
                        Float.POSITIVE_INFINITY);
            } else {
                op.run(a, 0, 1, b, 0, 1, o, 0, N, 0f, 6f);
                for (int r = 0; r < N / C; r++) {
                    op.run(a, r * C, 1, b, 0, 1, o, r * C, C, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
                }
            }
        }
        for (UnaryOp op : UnaryOp.values()) {
            if (simd) {
                SimdLoops.unary(op, a, 0, o, 0, N, 0.1f);
            } else {
                op.apply(a, 0, o, 0, N, 0.1f);
            }
        }
        if (simd) {
            for (int p = 0; p < 4; p++) {
                SimdLoops.maxPixel(image, p * C, 4 * C, C, 0, 3, 0, 3, o, 0, 0f, 6f);
                SimdLoops.averagePixel(image, p * C, 4 * C, C, 0, 3, 0, 3, o, 0, 0f, 6f);
            }
            SimdLoops.addInto(a, 0, o, 0, N);
            SimdLoops.maxInto(a, 0, o, 0, N);
            SimdLoops.softmaxRow(a, 0, o, 0, N, 1f);
        }
    }

    private static float[] filled(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 37) % 17 - 8) / 16f;
        }
        return v;
    }
}
