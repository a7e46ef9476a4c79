package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.Compare;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.Padding;

/** {@link VectorStemConv} (3x3 and 5x5 stride-2 convolutions of 3-channel images) against the scalar engine. */
class VectorStemConvTest {
    private static final int[] CHANNELS = {1, 6, 8, 9, 16, 21, 24, 32, 40, 45};

    @Test
    void stemCallsMatchScalar() {
        // The engine contract with depth 9 or 15 and input stride 6 (filter rows of 3 or 5 columns of 3 channels at
        // stride 2): pixel counts around the 8-pixel groups, channel ranges with tails, tap lists, clamps, strided
        // outputs.
        ConvEngine vector = VectorEngineHolder.ENGINE;
        int align = vector.channelAlignment();
        Random r = new Random(31);
        int stemCalls = 0;
        for (int trial = 0; trial < 400; trial++) {
            int taps = r.nextInt(4);
            int kw = trial % 2 == 0 ? 3 : 5;
            int channels = trial < CHANNELS.length ? CHANNELS[trial] : 1 + r.nextInt(48);
            int pixels = 1 + r.nextInt(30);
            int outStride = channels + (r.nextBoolean() ? 0 : r.nextInt(5));
            float lo = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.5f;
            float hi = r.nextBoolean() ? Float.POSITIVE_INFINITY : 0.7f;
            // Filters of kw columns by 3 channels, their rows merged into taps of depth 3 * kw as Conv2DKernel does.
            PackedFilter fs3 = new PackedFilter(kw * Math.max(1, taps), 3, channels, 1, lo, hi);
            PackedFilter fv3 = new PackedFilter(kw * Math.max(1, taps), 3, channels, align, lo, hi);
            float[] w = Oracle.random(r, fs3.taps * 3 * channels);
            fs3.pack(w, 0, new float[fs3.packedSize()], 0);
            fv3.pack(w, 0, new float[fv3.packedSize() + 5], 5);
            PackedFilter fs = fs3.filterRows(kw);
            PackedFilter fv = fv3.filterRows(kw);
            float[] bias = Oracle.random(r, channels);
            System.arraycopy(bias, 0, fs.bias, 0, channels);
            System.arraycopy(bias, 0, fv.bias, 0, channels);
            int rowLength = 6 * pixels + 3 * kw + r.nextInt(7);
            int[] tapIn = new int[taps];
            int[] tapWs = new int[taps];
            int[] tapWv = new int[taps];
            for (int t = 0; t < taps; t++) {
                int row = r.nextInt(fs.taps);
                tapIn[t] = row * rowLength + r.nextInt(4);
                tapWs[t] = row * fs.tapStride();
                tapWv[t] = row * fv.tapStride();
            }
            float[] in = Oracle.random(r, 7 + (fs.taps + 1) * rowLength + 20);
            int blocks = (channels + align - 1) / align;
            int oFrom = r.nextInt(3) == 0 ? r.nextInt(blocks) * align : 0;
            int oTo = r.nextBoolean() ? channels : Math.min(channels, oFrom + align * (1 + r.nextInt(3)));
            if (taps > 0 && VectorStemConv.applies(fv, 6, oFrom, Math.min(oTo, channels), pixels)) {
                stemCalls++;
            }
            float[] expected = new float[5 + pixels * outStride + 9];
            float[] actual = new float[expected.length];
            Arrays.fill(expected, 42f);
            Arrays.fill(actual, 42f);
            ScalarConvEngine.INSTANCE.convolve(fs, oFrom, oTo, in, 7, 6, tapIn, tapWs, taps, expected, 5, outStride,
                    pixels);
            vector.convolve(fv, oFrom, oTo, in, 7, 6, tapIn, tapWv, taps, actual, 5, outStride, pixels);
            // The guards around and between the outputs compare too: nothing outside the range may be written.
            assertThat(Compare.maxAbsError(actual, expected))
                    .as("trial %d: k%d, %d channels [%d, %d), %d pixels, %d taps", trial, kw, channels, oFrom, oTo, pixels,
                            taps)
                    .isLessThanOrEqualTo(1e-5);
        }
        assertThat(stemCalls).as("calls taken by VectorStemConv").isGreaterThan(100);
    }

    @Test
    void firstConvolutionsMatchScalarEngine() {
        // Whole CONV_2D nodes on 3-channel images, SIMD (the stem for the interior of 3x3 and 5x5 stride-2 rows) against
        // the scalar engine: odd and even sizes, strides 1 and 2, both paddings, bias or none, fused activations.
        Random r = new Random(37);
        byte[] acts = {ActivationFunctionType.NONE, ActivationFunctionType.RELU, ActivationFunctionType.RELU6,
            ActivationFunctionType.RELU_N1_TO_1};
        int cases = 0;
        for (int channels : CHANNELS) {
            for (int stride = 1; stride <= 2; stride++) {
                for (byte padding : new byte[] {Padding.SAME, Padding.VALID}) {
                    int h = 3 + r.nextInt(20);
                    int w = 3 + r.nextInt(40);
                    int k = r.nextInt(3) == 0 ? 5 : 3;
                    if (padding == Padding.VALID && (h < k || w < k)) {
                        continue;
                    }
                    byte act = acts[r.nextInt(acts.length)];
                    boolean withBias = r.nextInt(4) != 0;
                    String label = String.format("%dx%dx3 k%d s%d %s -> %d %s%s", h, w, k, stride,
                            Padding.name(padding), channels, ActivationFunctionType.name(act),
                            withBias ? "" : " nobias");
                    ByteBuffer model = model(h, w, channels, k, stride, padding, act,
                            Oracle.random(r, channels * k * k * 3), withBias ? Oracle.random(r, channels) : null);
                    float[] input = Oracle.random(r, h * w * 3);
                    float[] scalar = Oracle.jlite(model, false, 1, input);
                    for (int threads = 1; threads <= 2; threads++) {
                        float[] simd = Oracle.jlite(model, true, threads, input);
                        assertThat(Compare.maxRelativeError(simd, scalar)).as(label + " threads=" + threads)
                                .isLessThanOrEqualTo(Oracle.TOLERANCE);
                    }
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThan(30);
    }

    private static ByteBuffer model(int h, int w, int channels, int k, int stride, byte padding, byte act,
            float[] weights, float[] bias) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D).options(BuiltinOptions.Conv2DOptions,
                fbb -> Conv2DOptions.createConv2DOptions(fbb, padding, stride, stride, act, 1, 1));
        b.input(DataType.FLOAT32, 1, h, w, 3);
        b.constant(DataType.FLOAT32, new int[] {channels, k, k, 3}, weights);
        if (bias != null) {
            b.constant(DataType.FLOAT32, new int[] {channels}, bias);
        }
        int outH = padding == Padding.SAME ? (h + stride - 1) / stride : (h - k) / stride + 1;
        int outW = padding == Padding.SAME ? (w + stride - 1) / stride : (w - k) / stride + 1;
        b.output(DataType.FLOAT32, 1, outH, outW, channels);
        return b.build();
    }
}
