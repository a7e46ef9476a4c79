package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.testing.Compare;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorDepthwise}'s sliding kernels (whole filter rows of 3 or 5 columns at stride 1 or 2) against the
 * scalar engine, and against the vector engine's own single-pixel path, which must agree bit for bit.
 */
class VectorDepthwiseTest {
    private static final ConvEngine SCALAR = ScalarConvEngine.INSTANCE;

    @Test
    void slidingRowsMatchScalarAndSinglePixels() {
        ConvEngine vector = VectorEngineHolder.ENGINE;
        Random r = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            int columns = r.nextBoolean() ? 3 : 5;
            int stride = 1 + r.nextInt(2);
            int channels = 1 + r.nextInt(70);
            int rows = 1 + r.nextInt(columns);
            int taps = columns * rows;
            int pixels = 1 + r.nextInt(40);
            int inStride = stride * channels;
            int rowStride = ((pixels - 1) * stride + columns + r.nextInt(3)) * channels;
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            DepthwiseFilter f = new DepthwiseFilter(channels, 1, lo, hi, VectorEngineHolder.ENGINE.channelAlignment());
            f.loadBias(Oracle.random(r, channels), 0);
            f.useWeights(Oracle.random(r, 2 + 11 * columns * channels), 2, 11 * columns);
            // Rows may be skipped (a window's rows above or below the input), as Window.rowTaps leaves them out.
            int[] tapIn = new int[taps];
            int[] tapW = new int[taps];
            int ky = r.nextInt(2);
            for (int row = 0; row < rows; row++, ky += 1 + (r.nextInt(4) == 0 ? 1 : 0)) {
                for (int k = 0; k < columns; k++) {
                    tapIn[row * columns + k] = row * rowStride + k * channels;
                    tapW[row * columns + k] = (ky * columns + k) * channels;
                }
            }
            float[] in = Oracle.random(r, 4 + rows * rowStride);
            float[] expected = new float[3 + pixels * channels];
            float[] actual = new float[expected.length];
            float[] onePixel = new float[expected.length];
            SCALAR.depthwise(f, in, 4, inStride, tapIn, tapW, taps, expected, 3, pixels);
            vector.depthwise(f, in, 4, inStride, tapIn, tapW, taps, actual, 3, pixels);
            for (int j = 0; j < pixels; j++) {
                vector.depthwise(f, in, 4 + j * inStride, 0, tapIn, tapW, taps, onePixel, 3 + j * channels, 1);
            }
            String what = String.format("trial %d: %d columns, stride %d, %d channels, %d rows, %d pixels", trial,
                    columns, stride, channels, rows, pixels);
            assertThat(Compare.maxAbsError(actual, expected)).as(what).isLessThanOrEqualTo(1e-5);
            if (f.wideWeights == null) {
                assertThat(actual).as(what).isEqualTo(onePixel);
            } else {
                // Under a vector of channels a single pixel takes the scalar loop.
                assertThat(Compare.maxAbsError(actual, onePixel)).as(what).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    /**
     * Channels filling half a vector or more, but under a whole one, at strides 1 and 2: two pixels per vector
     * ({@link VectorDepthwise#depthwisePairs}) or one vector per pixel spilling into the next ({@link
     * VectorDepthwise#depthwiseSpilling}), against the scalar engine, with guard floats around the output and
     * around the input's end that must stay as they were and must not be needed.
     */
    @Test
    void channelsUnderAVectorMatchScalar() {
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int width = vector.channelAlignment();
        Random r = new Random(12);
        for (int trial = 0; trial < 400; trial++) {
            int channels = width / 2 + r.nextInt(width / 2);
            int stride = 1 + r.nextInt(2);
            int columns = 1 + r.nextInt(5);
            int rows = 1 + r.nextInt(5);
            int taps = columns * rows;
            int pixels = 2 + r.nextInt(40);
            int rowStride = (stride * (pixels - 1) + columns + r.nextInt(3)) * channels;
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            DepthwiseFilter f = new DepthwiseFilter(channels, 1, lo, hi, width);
            assertThat(f.wideWeights).isNull();
            f.loadBias(Oracle.random(r, channels), 0);
            f.useWeights(Oracle.random(r, 1 + taps * channels), 1, taps);
            assertThat(f.wideWeights).isNotNull();
            int[] tapIn = new int[taps];
            int[] tapW = new int[taps];
            for (int t = 0; t < taps; t++) {
                tapIn[t] = (t / columns) * rowStride + (t % columns) * channels;
                tapW[t] = t * channels;
            }
            // The last tap's row ends the input: a load past it would throw.
            int inLength = 3 + (rows - 1) * rowStride + (stride * (pixels - 1) + columns) * channels;
            float[] in = Oracle.random(r, inLength);
            int guard = 5;
            float[] expected = new float[2 * guard + pixels * channels];
            java.util.Arrays.fill(expected, 42f);
            float[] actual = expected.clone();
            SCALAR.depthwise(f, in, 3, stride * channels, tapIn, tapW, taps, expected, guard, pixels);
            vector.depthwise(f, in, 3, stride * channels, tapIn, tapW, taps, actual, guard, pixels);
            String what = String.format("trial %d: %d channels, stride %d, %dx%d taps, %d pixels", trial, channels,
                    stride, rows, columns, pixels);
            assertThat(Compare.maxAbsError(actual, expected)).as(what).isLessThanOrEqualTo(1e-5);
            for (int g = 0; g < guard; g++) {
                assertThat(actual[g]).as(what).isEqualTo(42f);
                assertThat(actual[actual.length - 1 - g]).as(what).isEqualTo(42f);
            }
        }
    }
}
