package dev.jlite.ops.shape;

import dev.jlite.ops.common.SimdWarmup;

/**
 * The {@link SimdWarmup.Workload} of RESIZE_BILINEAR's vector loops ({@link BilinearSimd}: row blends and the
 * horizontal pass) on a small dummy image; its scalar round is empty (the vector loops only have to get compiled).
 */
final class ShapeWarmup implements SimdWarmup.Workload {
    static final ShapeWarmup INSTANCE = new ShapeWarmup();
    private static final int WIDTH = 16;
    private static final int DEPTH = 32;

    private final float[] src = new float[2 * WIDTH * DEPTH];
    private final float[] cache = new float[2 * WIDTH * DEPTH];
    private final int[] low = new int[WIDTH];
    private final int[] high = new int[WIDTH];
    private final float[] weight = new float[WIDTH];

    private ShapeWarmup() {
        for (int x = 0; x < WIDTH; x++) {
            low[x] = x / 2 * DEPTH;
            high[x] = Math.min(WIDTH - 1, x / 2 + 1) * DEPTH;
            weight[x] = (x % 2) * 0.5f;
        }
        for (int i = 0; i < src.length; i++) {
            src[i] = (i % 13) / 13f;
        }
    }

    @Override
    public void run(boolean simd) {
        if (simd) {
            BilinearSimd.horizontal(src, 0, low, high, weight, DEPTH, cache, 0);
            BilinearSimd.blend(cache, 0, WIDTH * DEPTH, 0.25f, src, WIDTH * DEPTH, WIDTH * DEPTH);
        }
    }
}
