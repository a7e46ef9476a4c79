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

    /**
     * Rows under {@link VectorDepthwise#SLIDE} interior pixels (the small images at the end of MobileNet-like
     * models), which the vector engine sweeps block of channels by block over all of the rows' pixels: against the
     * scalar engine, and bit for bit against the vector engine's own pixel-by-pixel calls, with guard floats around
     * the row that must stay as they were. Channel counts cover blocks of 4, 2 and 1 vectors and a last partial one.
     */
    @Test
    void shortRowsMatchScalarAndPixelByPixel() {
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int v = vector.channelAlignment();
        Random r = new Random(13);
        int swept = 0;
        for (int trial = 0; trial < 300; trial++) {
            int k = r.nextBoolean() ? 3 : 5;
            int stride = 1 + r.nextInt(2);
            int inH = 1 + r.nextInt(9);
            int inW = 1 + r.nextInt(12);
            int channels = v + r.nextInt(8 * v);
            boolean same = r.nextBoolean();
            if (!same && (inH < k || inW < k)) {
                continue;
            }
            int outH = same ? (inH + stride - 1) / stride : (inH - k) / stride + 1;
            int outW = same ? (inW + stride - 1) / stride : (inW - k) / stride + 1;
            int padTop = same ? Math.max(0, ((outH - 1) * stride + k - inH) / 2) : 0;
            int padLeft = same ? Math.max(0, ((outW - 1) * stride + k - inW) / 2) : 0;
            Window g = new Window(inH, inW, channels, k, k, stride, stride, 1, 1, padTop, padLeft, outH, outW);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            DepthwiseFilter f = new DepthwiseFilter(channels, 1, lo, hi, v);
            f.loadBias(Oracle.random(r, channels), 0);
            f.useWeights(Oracle.random(r, 3 + k * k * channels), 3, k * k);
            float[] in = Oracle.random(r, 2 + inH * inW * channels);
            int guard = 7;
            int rowLength = outW * channels;
            // All of the image's rows in one call, or the rows from a random one on.
            int first = r.nextBoolean() ? 0 : r.nextInt(outH);
            int count = outH - first;
            DepthwiseRow[] rows = new DepthwiseRow[count];
            for (int i = 0; i < count; i++) {
                rows[i] = new DepthwiseRow(g);
                rows[i].fill(g, first + i, channels, 2, guard + i * rowLength);
            }
            if (rows[0].interiorPixels() < VectorDepthwise.SLIDE) {
                swept++;
            }
            float[] expected = new float[2 * guard + count * rowLength];
            java.util.Arrays.fill(expected, 42f);
            float[] actual = expected.clone();
            float[] pixelByPixel = expected.clone();
            SCALAR.depthwiseRows(f, in, rows, count, expected);
            vector.depthwiseRows(f, in, rows, count, actual);
            for (DepthwiseRow row : rows) {
                if (row.interiorPixels() > 0) {
                    vector.depthwise(f, in, 2 + row.interiorOrigin, row.interiorStride, row.tapIn, row.tapW,
                            row.taps, pixelByPixel, row.outRow + row.interiorFrom * channels, row.interiorPixels());
                }
                for (int b = 0; b < row.borders; b++) {
                    vector.depthwise(f, in, 2 + row.borderOrigin[b], 0, row.borderTapIn[b], row.borderTapW[b],
                            row.borderTaps[b], pixelByPixel, row.outRow + row.borderX[b] * channels, 1);
                }
            }
            String what = String.format("trial %d: %dx%d input, %d channels, %dx%d filter, stride %d, %s, rows %d-%d",
                    trial, inH, inW, channels, k, k, stride, same ? "same" : "valid", first, outH - 1);
            assertThat(Compare.maxAbsError(actual, expected)).as(what).isLessThanOrEqualTo(1e-5);
            assertThat(actual).as(what).isEqualTo(pixelByPixel);
            for (int x = 0; x < guard; x++) {
                assertThat(actual[x]).as(what).isEqualTo(42f);
                assertThat(actual[actual.length - 1 - x]).as(what).isEqualTo(42f);
            }
        }
        assertThat(swept).isGreaterThan(100);
    }
}
