package dev.jlite.ops.conv;

import dev.jlite.ops.common.SimdWarmup;

/**
 * The convolution family's {@link SimdWarmup.Workload}: a few small convolutions, depthwise convolutions and inner
 * products shaped to reach the vector engine's main paths (pixel tiles of 1 to 5 channel vectors with and without
 * a partial last vector, row-major filters, sliding 3x3 depthwise windows at stride 1 and 2). The scalar round runs
 * the same calls the way {@link SwitchingConvEngine} does before the switch.
 */
final class ConvWarmup implements SimdWarmup.Workload {
    private final ConvEngine vector;
    private final Conv[] convs;
    private final Depthwise[] depthwise;
    private final float[] fcWeights = filled(10 * 64);
    private final float[] fcIn = filled(64);
    private final float[] fcOut = new float[10];
    private final float[] fcBias = new float[10];

    ConvWarmup(ConvEngine vector) {
        this.vector = vector;
        int a = vector.channelAlignment();
        convs = new Conv[] {
            new Conv(a, 1, 32, 3 * a, 64), new Conv(a, 1, 64, 4 * a, 48), new Conv(a, 1, 48, 5 * a, 33),
            new Conv(a, 1, 32, 2 * a, 65), new Conv(a, 1, 32, a, 37), new Conv(a, 3, 48, 2 * a, 30),
            new Conv(a, 1, 32, a + a / 2, 31), new Conv(a, 1, 64, 1, 30), new Conv(a, 1, 64, 2, 29),
        };
        depthwise = new Depthwise[] {
            new Depthwise(2 * a, 1, 65), new Depthwise(3 * a, 1, 51), new Depthwise(4 * a, 1, 21),
            new Depthwise(a + a / 2, 1, 35), new Depthwise(2 * a, 2, 30),
        };
    }

    @Override
    public void run(boolean simd) {
        for (Conv c : convs) {
            c.run(simd);
        }
        for (Depthwise d : depthwise) {
            d.run(simd);
        }
        ConvEngine engine = simd ? vector : ScalarConvEngine.INSTANCE;
        engine.innerProducts(fcWeights, 0, 64, fcBias, 0f, 6f, fcIn, 0, 1, 0, 10, fcOut, 0, 10);
    }

    /** A convolution of {@code pixels} pixels in a row, {@code taps} taps side by side, ReLU6. */
    private final class Conv {
        final PackedFilter filter;
        final int[] tapIn;
        final int[] tapW;
        final float[] in;
        final float[] out;
        final int pixels;

        Conv(int alignment, int taps, int depth, int channels, int pixels) {
            filter = new PackedFilter(taps, depth, channels, alignment, 0f, 6f);
            filter.pack(filled(taps * depth * channels), 0, new float[filter.packedSize()], 0);
            tapIn = new int[taps];
            tapW = new int[taps];
            for (int t = 0; t < taps; t++) {
                tapIn[t] = t * depth;
                tapW[t] = t * filter.tapStride();
            }
            in = filled((pixels + taps) * depth);
            out = new float[pixels * channels];
            this.pixels = pixels;
        }

        void run(boolean simd) {
            PackedFilter f = filter;
            int taps = tapIn.length;
            int channels = f.channels;
            if (simd) {
                vector.convolve(f, 0, channels, in, 0, f.depth, tapIn, tapW, taps, out, 0, channels, pixels);
            } else if (f.rowMajor) {
                ScalarConvEngine.convolveRowMajor(f, 0, channels, in, 0, f.depth, tapIn, tapW, taps, out, 0, channels,
                        pixels);
            } else {
                ScalarConvEngine.INSTANCE.convolve(f, 0, channels, in, 0, f.depth, tapIn, tapW, taps, out, 0,
                        channels, pixels);
            }
        }
    }

    /** A 3x3 depthwise convolution over a row of {@code pixels} pixels at {@code stride}, ReLU. */
    private final class Depthwise {
        final DepthwiseFilter filter;
        final int[] tapIn = new int[9];
        final int[] tapW = new int[9];
        final float[] in;
        final float[] out;
        final int stride;
        final int pixels;

        Depthwise(int channels, int stride, int pixels) {
            filter = new DepthwiseFilter(channels, 1, 0f, Float.POSITIVE_INFINITY);
            filter.weights = filled(9 * channels);
            int width = pixels * stride + 2;
            for (int t = 0; t < 9; t++) {
                tapIn[t] = ((t / 3) * width + t % 3) * channels;
                tapW[t] = t * channels;
            }
            in = filled(3 * width * channels);
            out = new float[pixels * channels];
            this.stride = stride;
            this.pixels = pixels;
        }

        void run(boolean simd) {
            ConvEngine engine = simd ? vector : ScalarConvEngine.INSTANCE;
            int c = filter.channels;
            engine.depthwise(filter, in, 0, stride * c, tapIn, tapW, 9, out, 0, pixels);
        }
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = ((i * 37) % 17 - 8) / 16f;
        }
        return a;
    }
}
