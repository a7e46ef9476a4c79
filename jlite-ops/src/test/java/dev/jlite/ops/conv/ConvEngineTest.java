package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.kernel.Node;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.testing.Compare;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The Vector API engine against the scalar one, on the engines' own contract (tap lists, channel ranges, tails). */
class ConvEngineTest {
    private static final ConvEngine SCALAR = ScalarConvEngine.INSTANCE;

    @Test
    void vectorEngineIsLoadedWhenTheModuleIsPresent() {
        // Surefire runs with --add-modules jdk.incubator.vector.
        assertThat(VectorEngineHolder.ENGINE).isNotNull();
        // The JVM's preferred species, or a narrower one that jlite.simd.bits asks for: the species the elementwise
        // kernels use too.
        int preferred = FloatVector.SPECIES_PREFERRED.length();
        int asked = Integer.getInteger("jlite.simd.bits", 0) / 32;
        int expected = asked == 4 || asked == 8 || asked == 16 ? Math.min(asked, preferred) : preferred;
        assertThat(VectorEngineHolder.ENGINE.channelAlignment()).isEqualTo(expected)
                .isEqualTo(dev.jlite.ops.common.FloatSpecies.PREFERRED.length());
    }

    @Test
    void interpretersBuiltAfterTheFirstInferenceGetTheSameEngineClass() {
        // The tests run the vector loops from the first inference (jlite.simd.scalarFirst=false), so the switch is on
        // as in a JVM that has finished an inference. Interpreters built before that got the switching engine; one
        // engine class for all keeps the kernels' compiled calls from failing a class check (see ConvEngine.of).
        assertThat(SimdSwitch.on()).isTrue();
        Node simd = (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("useSimd")) {
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThat(ConvEngine.of(simd)).isInstanceOf(SwitchingConvEngine.class);
    }

    @Test
    void convolveMatchesScalar() {
        ConvEngine vector = VectorEngineHolder.ENGINE;
        Random r = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int taps = r.nextInt(5);
            int depth = 1 + r.nextInt(40);
            int channels = 1 + r.nextInt(70);
            int pixels = 1 + r.nextInt(11);
            int inStride = depth + r.nextInt(4);
            int outStride = channels + r.nextInt(5);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            int filterTaps = Math.max(1, taps);
            float[] w = Oracle.random(r, filterTaps * depth * channels);
            Filters f = Filters.pack(filterTaps, depth, channels, lo, hi, w, Oracle.random(r, channels), 3);
            PackedFilter fs = f.scalar();
            PackedFilter fv = f.vector();
            int[] tapIn = new int[taps];
            int[] tapWs = new int[taps];
            int[] tapWv = new int[taps];
            for (int t = 0; t < taps; t++) {
                tapIn[t] = r.nextInt(3 * depth);
                int k = r.nextInt(fs.taps);
                tapWs[t] = k * fs.tapStride();
                tapWv[t] = k * fv.tapStride();
            }
            float[] in = Oracle.random(r, 7 + pixels * inStride + 3 * depth + depth);
            int align = vector.channelAlignment();
            int blocks = (channels + align - 1) / align;
            int oFrom = r.nextInt(blocks) * align;
            int oTo = r.nextBoolean() ? channels : Math.min(channels, oFrom + align * (1 + r.nextInt(2)));
            float[] expected = new float[5 + pixels * outStride];
            float[] actual = new float[expected.length];
            Arrays.fill(expected, 42f);
            Arrays.fill(actual, 42f);
            SCALAR.convolve(fs, oFrom, oTo, in, 7, inStride, tapIn, tapWs, taps, expected, 5, outStride, pixels);
            vector.convolve(fv, oFrom, oTo, in, 7, inStride, tapIn, tapWv, taps, actual, 5, outStride, pixels);
            assertThat(Compare.maxAbsError(actual, expected)).as("trial %d", trial).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void twoVectorsOfChannelsOverManyPixelsMatchScalar() {
        // 2 x channelAlignment channels and 8 or more pixels: the 8-pixel tile, then 4-pixel and single tails.
        int channels = 2 * VectorEngineHolder.ENGINE.channelAlignment();
        Random r = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            assertWholePixelsMatchScalar(r, 1 + r.nextInt(9), 1 + r.nextInt(20), channels, 8 + r.nextInt(20), 0,
                    1e-5, "trial " + trial);
        }
    }

    @Test
    void oneVectorOfChannelsOverManyPixelsMatchesScalar() {
        // channelAlignment channels and 8 or more pixels: the 8-pixel one-vector tiles, with one tap (clamped before
        // the stores) and several (clamped after), the last tile overlapping its predecessor.
        int channels = VectorEngineHolder.ENGINE.channelAlignment();
        Random r = new Random(19);
        for (int trial = 0; trial < 60; trial++) {
            int taps = trial % 2 == 0 ? 1 : 1 + r.nextInt(9);
            assertWholePixelsMatchScalar(r, taps, 1 + r.nextInt(20), channels, 8 + r.nextInt(20), 3, 1e-5,
                    "trial " + trial);
        }
    }

    @Test
    void filterRowsAsSingleTapsGiveTheSameConvolution() {
        // A 3x3 filter over a 3-channel image, row by row: 9 taps of depth 3 against 3 taps of depth 9.
        Random r = new Random(13);
        for (ConvEngine engine : new ConvEngine[] {SCALAR, VectorEngineHolder.ENGINE}) {
            for (int channels : new int[] {2, 16, 21}) {
                int kh = 3;
                int kw = 3;
                int depth = 3;
                int inW = 12;
                PackedFilter f = new PackedFilter(kh * kw, depth, channels, engine, -1f, 2f);
                f.pack(Oracle.random(r, kh * kw * depth * channels), 0, new float[f.packedSize()], 0);
                System.arraycopy(Oracle.random(r, channels), 0, f.bias, 0, channels);
                PackedFilter rows = f.filterRows(kw);
                int[] tapIn = new int[kh * kw];
                int[] tapW = new int[kh * kw];
                int[] rowIn = new int[kh];
                int[] rowW = new int[kh];
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        tapIn[ky * kw + kx] = (ky * inW + kx) * depth;
                        tapW[ky * kw + kx] = (ky * kw + kx) * f.tapStride();
                    }
                    rowIn[ky] = ky * inW * depth;
                    rowW[ky] = ky * kw * f.tapStride();
                }
                float[] in = Oracle.random(r, inW * kh * depth * 2);
                int pixels = 9;
                float[] expected = new float[pixels * channels];
                float[] actual = new float[expected.length];
                engine.convolve(f, 0, channels, in, 0, depth, tapIn, tapW, kh * kw, expected, 0, channels, pixels);
                engine.convolve(rows, 0, channels, in, 0, depth, rowIn, rowW, kh, actual, 0, channels, pixels);
                assertThat(Compare.maxAbsError(actual, expected)).as("%s, %d channels", engine, channels)
                        .isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void convolveWithFewChannelsAndWholeVectorsOfDepthMatchesScalar() {
        // Row-major filters (few output channels) with depth a multiple of 8 and 8+ pixels: the 8-pixel tree sums.
        ConvEngine vector = VectorEngineHolder.ENGINE;
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int taps = 1 + r.nextInt(4);
            int depth = 8 * (1 + r.nextInt(4));
            int channels = 1 + r.nextInt(3);
            int pixels = 8 + r.nextInt(20);
            int inStride = depth * (1 + r.nextInt(2));
            int outStride = r.nextBoolean() ? 1 : channels + r.nextInt(3);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            float[] w = Oracle.random(r, taps * depth * channels);
            Filters f = Filters.pack(taps, depth, channels, lo, hi, w, Oracle.random(r, channels), 3);
            PackedFilter fs = f.scalar();
            PackedFilter fv = f.vector();
            Taps tp = f.randomTaps(r, taps, 3 * depth);
            int[] tapIn = tp.in();
            int[] tapWs = tp.scalarW();
            int[] tapWv = tp.vectorW();
            // With outStride 1 the pixels' outputs overlap unless there is one channel: compute one at a time.
            int oFrom = 0;
            int oTo = outStride == 1 ? 1 : channels;
            float[] in = Oracle.random(r, 7 + pixels * inStride + 3 * depth + depth);
            float[] expected = new float[5 + pixels * Math.max(outStride, channels)];
            float[] actual = new float[expected.length];
            Arrays.fill(expected, 42f);
            Arrays.fill(actual, 42f);
            SCALAR.convolve(fs, oFrom, oTo, in, 7, inStride, tapIn, tapWs, taps, expected, 5, outStride, pixels);
            vector.convolve(fv, oFrom, oTo, in, 7, inStride, tapIn, tapWv, taps, actual, 5, outStride, pixels);
            assertThat(fv.rowMajor).isTrue();
            assertThat(Compare.maxAbsError(actual, expected)).as("trial %d", trial).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void oneChannelOverAnInputOfHalfAVectorOfChannelsMatchesScalar() {
        // Row-major filters over an input whose pixels are half a vector apart, one output channel: two pixels per
        // vector (VectorConvEngine.dotPairs), V pixels at a time, the rest through the other loops.
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int half = vector.channelAlignment() / 2;
        Random r = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            int taps = 1 + r.nextInt(9);
            int depth = half * (1 + r.nextInt(4));
            int channels = 1 + r.nextInt(3);
            int pixels = 1 + r.nextInt(70);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            float[] w = Oracle.random(r, taps * depth * channels);
            Filters f = Filters.pack(taps, depth, channels, lo, hi, w, Oracle.random(r, channels), 3);
            PackedFilter fs = f.scalar();
            PackedFilter fv = f.vector();
            Taps tp = f.randomTaps(r, taps, 4 * depth);
            int[] tapIn = tp.in();
            int[] tapWs = tp.scalarW();
            int[] tapWv = tp.vectorW();
            int o = r.nextInt(channels);
            float[] in = Oracle.random(r, 7 + pixels * half + 5 * depth);
            float[] expected = new float[10 + pixels];
            float[] actual = new float[expected.length];
            Arrays.fill(expected, 42f);
            Arrays.fill(actual, 42f);
            SCALAR.convolve(fs, o, o + 1, in, 7, half, tapIn, tapWs, taps, expected, 5 - o, 1, pixels);
            vector.convolve(fv, o, o + 1, in, 7, half, tapIn, tapWv, taps, actual, 5 - o, 1, pixels);
            assertThat(fv.pairs).isTrue();
            assertThat(Compare.maxAbsError(actual, expected)).as("trial %d", trial).isLessThanOrEqualTo(1e-5);
            assertThat(actual[4]).isEqualTo(42f);
            assertThat(actual[5 + pixels]).isEqualTo(42f);
        }
    }

    @Test
    void singleTapTilesMatchScalar() {
        // One tap (1x1 convolutions) at an offset in input and weights, channel counts that pick the single-tap 4x4,
        // 4x3 and 8x2 tiles next to the others and overlapping tails, pixel counts with 4- and 1-pixel remainders.
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int v = vector.channelAlignment();
        Random r = new Random(17);
        int[] counts = {2 * v, 3 * v, 4 * v, 5 * v, 7 * v, 14 * v, 3 * v + 1, 4 * v - 1, 8 * v + 3};
        for (int trial = 0; trial < 120; trial++) {
            int channels = counts[trial % counts.length];
            int depth = 1 + r.nextInt(70);
            int pixels = 1 + r.nextInt(30);
            int inStride = depth + r.nextInt(3);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            float[] w = Oracle.random(r, 2 * depth * channels);
            Filters f = Filters.pack(2, depth, channels, lo, hi, w, Oracle.random(r, channels), 3);
            PackedFilter fs = f.scalar();
            PackedFilter fv = f.vector();
            int[] tapIn = {r.nextInt(5)};
            int[] tapWs = {fs.tapStride()};
            int[] tapWv = {fv.tapStride()};
            float[] in = Oracle.random(r, 7 + pixels * inStride + 5);
            int outStride = channels + r.nextInt(3);
            float[] expected = new float[5 + pixels * outStride];
            float[] actual = new float[expected.length];
            Arrays.fill(expected, 42f);
            Arrays.fill(actual, 42f);
            SCALAR.convolve(fs, 0, channels, in, 7, inStride, tapIn, tapWs, 1, expected, 5, outStride, pixels);
            vector.convolve(fv, 0, channels, in, 7, inStride, tapIn, tapWv, 1, actual, 5, outStride, pixels);
            assertThat(Compare.maxAbsError(actual, expected)).as("trial %d", trial).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void channelCountsEndingInsideAVectorSpillOnlyIntoPixelsStoredLater() {
        // Whole pixels side by side (outStride == channels) whose count ends inside a vector: the tiles compute the
        // padded channels and spill them into the next pixel, which must be stored over afterwards, and never past
        // the last pixel (guards on both sides stay 42). Shallow and deep filters (the chunked block-by-block sweep),
        // one tap and several, with and without a clamp. (The scalar engine sums in another order: deep sums differ
        // in the last bits; a spill gone wrong is off by whole values.)
        int v = VectorEngineHolder.ENGINE.channelAlignment();
        Random r = new Random(23);
        int[] counts = {v - 2, v + 4, 2 * v - 1, 3 * v + 4, 4 * v - 4, 5 * v + 2, 6 * v - 6, 9 * v + 1};
        for (int trial = 0; trial < 160; trial++) {
            int depth = trial % 5 == 4 ? 300 + r.nextInt(200) : 1 + r.nextInt(40);
            assertWholePixelsMatchScalar(r, 1 + (trial / counts.length) % 3, depth, counts[trial % counts.length],
                    8 + r.nextInt(40), 2 * v, depth > 40 ? 1e-4 : 1e-5, "trial " + trial);
        }
    }

    @Test
    void deepFiltersSweptBlockByBlockInChunksMatchScalar() {
        // Weights beyond L1 and enough pixels for several chunks of 4-pixel groups, each swept block by block.
        int v = VectorEngineHolder.ENGINE.channelAlignment();
        Random r = new Random(19);
        for (int trial = 0; trial < 12; trial++) {
            assertWholePixelsMatchScalar(r, 1 + r.nextInt(3), 400 + r.nextInt(300), 5 * v + r.nextInt(2 * v),
                    40 + r.nextInt(30), 0, 1e-4, "trial " + trial);
        }
    }

    @Test
    void depthwiseOverRowsOfThreeColumnsMatchesScalar() {
        // 3-wide windows at stride 1: the vector engine slides over 8 pixels sharing input columns.
        ConvEngine vector = VectorEngineHolder.ENGINE;
        Random r = new Random(8);
        for (int trial = 0; trial < 200; trial++) {
            int channels = 1 + r.nextInt(70);
            int rows = 1 + r.nextInt(3);
            int taps = 3 * rows;
            int pixels = 1 + r.nextInt(30);
            int inStride = channels;
            int rowStride = (pixels + 2) * channels;
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            DepthwiseFilter f = new DepthwiseFilter(channels, 1, lo, hi, VectorEngineHolder.ENGINE.channelAlignment());
            f.loadBias(Oracle.random(r, channels), 0);
            f.useWeights(Oracle.random(r, 2 + 9 * channels), 2, 9);
            int[] tapIn = new int[taps];
            int[] tapW = new int[taps];
            for (int t = 0; t < taps; t++) {
                tapIn[t] = (t / 3) * rowStride + (t % 3) * inStride;
                tapW[t] = t * channels;
            }
            float[] in = Oracle.random(r, 4 + rows * rowStride);
            float[] expected = new float[3 + pixels * channels];
            float[] actual = new float[expected.length];
            SCALAR.depthwise(f, in, 4, inStride, tapIn, tapW, taps, expected, 3, pixels);
            vector.depthwise(f, in, 4, inStride, tapIn, tapW, taps, actual, 3, pixels);
            assertThat(Compare.maxAbsError(actual, expected)).as("trial %d", trial).isLessThanOrEqualTo(1e-5);
        }
    }

    /**
     * Random weights, bias, clamp and tap offsets; {@code pixels} output pixels side by side ({@code outStride ==
     * channels}) between {@code guard} floats of 42 on each side, which must stay 42: the vector engine against the
     * scalar one.
     */
    private static void assertWholePixelsMatchScalar(Random r, int taps, int depth, int channels, int pixels,
            int guard, double tolerance, String trial) {
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int inStride = depth + r.nextInt(3);
        float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
        float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
        float[] w = Oracle.random(r, taps * depth * channels);
        Filters f = Filters.pack(taps, depth, channels, lo, hi, w, Oracle.random(r, channels), 0);
        PackedFilter fs = f.scalar();
        PackedFilter fv = f.vector();
        Taps tp = f.randomTaps(r, taps, 3 * depth);
        int[] tapIn = tp.in();
        int[] tapWs = tp.scalarW();
        int[] tapWv = tp.vectorW();
        float[] in = Oracle.random(r, pixels * inStride + 4 * depth);
        float[] expected = new float[pixels * channels + 2 * guard];
        float[] actual = new float[expected.length];
        Arrays.fill(expected, 42f);
        Arrays.fill(actual, 42f);
        SCALAR.convolve(fs, 0, channels, in, 0, inStride, tapIn, tapWs, taps, expected, guard, channels, pixels);
        vector.convolve(fv, 0, channels, in, 0, inStride, tapIn, tapWv, taps, actual, guard, channels, pixels);
        assertThat(Compare.maxAbsError(actual, expected))
                .as("%s: %d channels, %d pixels, %d taps, depth %d", trial, channels, pixels, taps, depth)
                .isLessThanOrEqualTo(tolerance);
    }

    @Test
    void depthwiseMatchesScalar() {
        ConvEngine vector = VectorEngineHolder.ENGINE;
        Random r = new Random(6);
        for (int trial = 0; trial < 300; trial++) {
            int taps = r.nextInt(10);
            int multiplier = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
            int inChannels = 1 + r.nextInt(40);
            int channels = inChannels * multiplier;
            int pixels = 1 + r.nextInt(11);
            int inStride = inChannels + r.nextInt(4);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            DepthwiseFilter f = new DepthwiseFilter(channels, multiplier, lo, hi,
                    VectorEngineHolder.ENGINE.channelAlignment());
            f.loadBias(Oracle.random(r, channels), 0);
            f.useWeights(Oracle.random(r, 2 + 9 * channels), 2, 9);
            int[] tapIn = new int[taps];
            int[] tapW = new int[taps];
            for (int t = 0; t < taps; t++) {
                tapIn[t] = r.nextInt(3 * inChannels);
                tapW[t] = r.nextInt(9) * channels;
            }
            float[] in = Oracle.random(r, 4 + pixels * inStride + 4 * inChannels);
            float[] expected = new float[3 + pixels * channels];
            float[] actual = new float[expected.length];
            SCALAR.depthwise(f, in, 4, inStride, tapIn, tapW, taps, expected, 3, pixels);
            vector.depthwise(f, in, 4, inStride, tapIn, tapW, taps, actual, 3, pixels);
            assertThat(Compare.maxAbsError(actual, expected)).as("trial %d", trial).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void vectorMajorFiltersMatchTheRowLayout() {
        // Filters over VECTOR_MAJOR_FLOATS keep each tile's block of output channels' weights as one run. The
        // vector engine and the scalar one (which reads the vector engine's layout during the scalar first
        // inference) against the scalar engine on its own row layout: 3 taps and 1 (the tiles for 1x1 layers),
        // whole and split channel ranges, pixel counts under 4 and with tails, and the filter-rows view (3 adjacent
        // taps as one deeper tap) that CONV_2D uses inside the input.
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int block = vector.channelAlignment() * vector.tileVectors();
        Random r = new Random(29);
        for (int trial = 0; trial < 8; trial++) {
            int taps = trial % 2 == 0 ? 3 : 1;
            int channels = block * (1 + r.nextInt(4));
            int depth = (int) (PackedFilter.VECTOR_MAJOR_FLOATS / (taps * channels)) + 1 + r.nextInt(40);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            float[] w = Oracle.random(r, taps * depth * channels);
            Filters f = Filters.pack(taps, depth, channels, lo, hi, w, Oracle.random(r, channels), 5);
            PackedFilter fs = f.scalar();
            PackedFilter fv = f.vector();
            assertThat(fv.vectorMajor).isTrue();
            assertThat(fv.block).isEqualTo(block);
            assertThat(fs.vectorMajor).isFalse();
            int pixels = 1 + r.nextInt(13);
            int inStride = depth + r.nextInt(3);
            // Taps one input pixel apart: the same sums as one tap of 3 * depth channels.
            int[] tapIn = {0, inStride, 2 * inStride};
            int[] tapWs = {0, fs.tapStride(), 2 * fs.tapStride()};
            int[] tapWv = {0, fv.tapStride(), 2 * fv.tapStride()};
            float[] in = Oracle.random(r, (pixels + 2) * inStride + depth);
            int oFrom = r.nextBoolean() ? 0 : block * r.nextInt(channels / block);
            int oTo = r.nextBoolean() ? channels : oFrom + block * (1 + r.nextInt((channels - oFrom) / block));
            float[] expected = new float[pixels * channels];
            SCALAR.convolve(fs, oFrom, oTo, in, 1, inStride, tapIn, tapWs, taps, expected, 0, channels, pixels);
            String what = String.format("trial %d: %d taps of %d, channels [%d, %d) of %d, %d pixels", trial, taps,
                    depth, oFrom, oTo, channels, pixels);
            float[] actual = new float[expected.length];
            vector.convolve(fv, oFrom, oTo, in, 1, inStride, tapIn, tapWv, taps, actual, 0, channels, pixels);
            assertThat(Compare.maxAbsError(actual, expected)).as("vector, " + what).isLessThanOrEqualTo(1e-4);
            float[] scalar = new float[expected.length];
            SCALAR.convolve(fv, oFrom, oTo, in, 1, inStride, tapIn, tapWv, taps, scalar, 0, channels, pixels);
            assertThat(scalar).as("scalar on the vector layout, " + what).isEqualTo(expected);
            if (taps == 3 && inStride == depth) {
                float[] rows = new float[expected.length];
                vector.convolve(fv.filterRows(3), oFrom, oTo, in, 1, inStride, new int[] {0}, new int[] {0}, 1, rows,
                        0, channels, pixels);
                assertThat(Compare.maxAbsError(rows, expected)).as("filter rows, " + what).isLessThanOrEqualTo(1e-4);
            }
        }
    }

    @Test
    void fusedActivationClampsAsTensorFlowLiteDoes() {
        // RELU6's clamp is std::min(std::max(v, 0), 6): a sum of -0 stays -0 (Math.max would make it +0) and NaN
        // stays NaN, in the scalar engine and bit for bit in every vector kernel that clamps in registers (the 1x1
        // tiles, the 3x3 depthwise rows at stride 1 and 2) or in a pass after them (the other depthwise kernels).
        // Zero input (one NaN) and weights of -1 make every sum its bias exactly: -0, -3, 10 and 2.5 by channel.
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int v = vector.channelAlignment();
        int channels = 4 * v;
        float[] bias = new float[channels];
        float[] clamped = {-0f, 0f, 6f, 2.5f};
        for (int c = 0; c < channels; c++) {
            bias[c] = new float[] {-0f, -3f, 10f, 2.5f}[c % 4];
        }
        int pixels = 13;
        int nan = 5;

        float[] w = new float[3 * channels];
        Arrays.fill(w, -1f);
        Filters pointwise = Filters.pack(1, 3, channels, 0f, 6f, w, bias, 0);
        PackedFilter fs = pointwise.scalar();
        PackedFilter fv = pointwise.vector();
        float[] in = new float[pixels * 3];
        in[nan * 3 + 1] = Float.NaN;
        int[] tap = {0};
        float[] expected = new float[pixels * channels];
        float[] actual = new float[expected.length];
        SCALAR.convolve(fs, 0, channels, in, 0, 3, tap, tap, 1, expected, 0, channels, pixels);
        vector.convolve(fv, 0, channels, in, 0, 3, tap, tap, 1, actual, 0, channels, pixels);
        // The 1x1 filter sums every input channel: pixel 5 is NaN throughout.
        assertClampedSums(expected, actual, channels, clamped, (p, c) -> p == nan, "1x1");

        for (int stride = 1; stride <= 3; stride++) {
            // Stride 3 has no row kernel: the tiles, then the clamp pass.
            int inW = stride * (pixels - 1) + 3;
            DepthwiseFilter f = new DepthwiseFilter(channels, 1, 0f, 6f, VectorEngineHolder.ENGINE.channelAlignment());
            f.loadBias(bias, 0);
            float[] weights = new float[9 * channels];
            Arrays.fill(weights, -1f);
            f.useWeights(weights, 0, 9);
            int[] tapIn = new int[9];
            int[] tapW = new int[9];
            for (int t = 0; t < 9; t++) {
                tapIn[t] = ((t / 3) * inW + t % 3) * channels;
                tapW[t] = t * channels;
            }
            float[] image = new float[3 * inW * channels];
            image[(inW + stride * nan) * channels + 1] = Float.NaN;
            Arrays.fill(expected, 42f);
            Arrays.fill(actual, 42f);
            SCALAR.depthwise(f, image, 0, stride * channels, tapIn, tapW, 9, expected, 0, pixels);
            vector.depthwise(f, image, 0, stride * channels, tapIn, tapW, 9, actual, 0, pixels);
            // The NaN is the first column of pixel 5's window: channel 1 of the pixels whose windows reach it.
            int s = stride;
            assertClampedSums(expected, actual, channels, clamped, (p, c) -> c == 1 && s * p <= s * nan
                    && s * nan <= s * p + 2, "depthwise 3x3 stride " + stride);
        }
    }

    /** The NaN outputs are NaN, every other output its channel's clamped bias, bit for bit in both engines. */
    private static void assertClampedSums(float[] expected, float[] actual, int channels, float[] clamped,
            java.util.function.BiPredicate<Integer, Integer> isNan, String kernel) {
        for (int i = 0; i < expected.length; i++) {
            int c = i % channels;
            float want = isNan.test(i / channels, c) ? Float.NaN : clamped[c % 4];
            assertThat(Float.floatToIntBits(expected[i])).as("%s, scalar, output %d", kernel, i)
                    .isEqualTo(Float.floatToIntBits(want));
            assertThat(Float.floatToIntBits(actual[i])).as("%s, vector, output %d", kernel, i)
                    .isEqualTo(Float.floatToIntBits(want));
        }
    }

    @Test
    void innerProductsMatchScalar() {
        ConvEngine vector = VectorEngineHolder.ENGINE;
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int depth = 1 + r.nextInt(80);
            int units = 1 + r.nextInt(20);
            int rows = 1 + r.nextInt(4);
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            float[] w = Oracle.random(r, 3 + units * depth);
            float[] bias = Oracle.random(r, units);
            float[] in = Oracle.random(r, 2 + rows * depth);
            int oFrom = r.nextInt(units);
            int oTo = oFrom + r.nextInt(units - oFrom + 1);
            float[] expected = new float[1 + rows * (units + 2)];
            float[] actual = new float[expected.length];
            SCALAR.innerProducts(w, 3, depth, bias, lo, hi, in, 2, rows, oFrom, oTo, expected, 1, units + 2);
            vector.innerProducts(w, 3, depth, bias, lo, hi, in, 2, rows, oFrom, oTo, actual, 1, units + 2);
            assertThat(Compare.maxAbsError(actual, expected)).as("trial %d", trial).isLessThanOrEqualTo(1e-5);
        }
    }

    /** One filter packed for the scalar engine and for the vector engine. */
    private record Filters(PackedFilter scalar, PackedFilter vector) {
        /**
         * Weights laid out {@code [channels][taps][depth]} and a bias, packed for both engines; the vector engine's
         * weights start at {@code vectorOffset} in their array.
         */
        static Filters pack(int taps, int depth, int channels, float lo, float hi, float[] w, float[] bias,
                int vectorOffset) {
            PackedFilter scalar = new PackedFilter(taps, depth, channels, SCALAR, lo, hi);
            PackedFilter vector = new PackedFilter(taps, depth, channels, VectorEngineHolder.ENGINE, lo, hi);
            scalar.pack(w, 0, new float[scalar.packedSize()], 0);
            vector.pack(w, 0, new float[vector.packedSize() + vectorOffset], vectorOffset);
            System.arraycopy(bias, 0, scalar.bias, 0, channels);
            System.arraycopy(bias, 0, vector.bias, 0, channels);
            return new Filters(scalar, vector);
        }

        /**
         * Offsets of {@code taps} filter positions: random input offsets below {@code inRange}, and each engine's
         * weights for tap t at t times its tap stride.
         */
        Taps randomTaps(Random r, int taps, int inRange) {
            int[] in = new int[taps];
            int[] scalarW = new int[taps];
            int[] vectorW = new int[taps];
            for (int t = 0; t < taps; t++) {
                in[t] = r.nextInt(inRange);
                scalarW[t] = t * scalar.tapStride();
                vectorW[t] = t * vector.tapStride();
            }
            return new Taps(in, scalarW, vectorW);
        }
    }

    /** Input offsets and the two engines' weight offsets of a filter's taps. */
    private record Taps(int[] in, int[] scalarW, int[] vectorW) {}
}
