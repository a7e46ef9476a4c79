package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.Compare;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.Padding;

class Conv2DTest {
    /**
     * One CONV_2D configuration; {@code bias} false omits the input, {@code constant} false feeds the filter at run
     * time.
     */
    record Case(int n, int h, int w, int in, int out, int kh, int kw, byte padding, int sh, int sw, int dh, int dw,
            byte act, boolean bias, boolean constant, long seed) {
        @Override
        public String toString() {
            return String.format("in[%d,%d,%d,%d] f[%d,%d,%d] %s s%dx%d d%dx%d %s%s%s", n, h, w, in, out, kh, kw,
                    Padding.name(padding), sh, sw, dh, dw, ActivationFunctionType.name(act), bias ? "" : " nobias",
                    constant ? "" : " runtime-filter");
        }

        int outH() {
            return padding == Padding.SAME ? (h + sh - 1) / sh : (h - (kh - 1) * dh - 1 + sh) / sh;
        }

        int outW() {
            return padding == Padding.SAME ? (w + sw - 1) / sw : (w - (kw - 1) * dw - 1 + sw) / sw;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Hand-picked: pointwise GEMM, channel tails around the vector width, a first layer, all-padding windows.
        cases.add(new Case(1, 5, 7, 8, 16, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                1));
        cases.add(new Case(2, 4, 3, 5, 33, 1, 1, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU, true, true, 2));
        // Expansions of 6 and 9 vectors of 16 lanes: 8-pixel tiles of two vectors (and one), the last group of a
        // call overlapping its predecessor (35 and 30 pixels).
        cases.add(new Case(1, 5, 7, 16, 96, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                21));
        cases.add(new Case(2, 3, 5, 24, 144, 1, 1, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                22));
        cases.add(new Case(1, 9, 9, 3, 24, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.RELU6, true, true,
                3));
        // One-tap tiles that sweep a run of pixel groups per call, then a last group overlapping its predecessor
        // (one, two and four vectors of 16 lanes: 35, 20 and 35 pixels; 24 channels spilling into the next pixel's,
        // 16 of 24 pixels in runs), and one-tap 4-vector blocks swept over a chunk of groups where the weights
        // overflow L1 (80 -> 480: six blocks of 4 vectors and two of 3; 40 -> 200: the last block's vector ends inside
        // the channels, spilling into the next pixel; 16 -> 500 on 5 pixels, too few to spill: the last of eight
        // 4-vector blocks ends inside the channels and goes through the tiles of single groups; 8 -> 60 on 6 pixels,
        // one such block).
        cases.add(new Case(1, 5, 7, 24, 16, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                33));
        cases.add(new Case(1, 4, 5, 9, 32, 1, 1, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU, true, true,
                34));
        cases.add(new Case(1, 4, 6, 8, 24, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                38));
        cases.add(new Case(1, 5, 7, 16, 64, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                35));
        cases.add(new Case(1, 3, 5, 80, 480, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                36));
        cases.add(new Case(2, 3, 5, 40, 200, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                37));
        cases.add(new Case(1, 1, 5, 16, 500, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU, true, true,
                39));
        cases.add(new Case(1, 1, 6, 8, 60, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                40));
        // 1x1 layers whose 3, 5 or 6 vectors of channels end inside the last (39, 72 and 88 channels: the pose
        // landmark models' 64x64x48 -> 39, selfie_segmentation's 64x64x16 -> 72 and 32x32x24 -> 88): 8-pixel tiles,
        // the spilling block first over whole 8-pixel groups, the last 8 to 15 pixels through scratch rows; with
        // weights past L1 (80 -> 88) the 4-pixel tiles instead.
        cases.add(new Case(1, 5, 7, 16, 72, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                41));
        cases.add(new Case(2, 4, 9, 24, 88, 1, 1, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                42));
        cases.add(new Case(1, 4, 8, 80, 88, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU, true, true,
                43));
        cases.add(new Case(1, 6, 7, 48, 39, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                44));
        // Three whole vectors (48 channels, 1x1): 8-pixel tiles of three vectors, the last group overlapping its
        // predecessor.
        cases.add(new Case(1, 5, 7, 12, 48, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                45));
        // 24 output channels (one and a half vectors of 16 lanes) on rows of 8 pixels or more: 8-pixel tiles of
        // pixel pairs, the last overlapping its predecessor, with a clamp; 3x3 and 5x5 stems (hand_landmark_lite,
        // face_detection_short_range) and a 3x3 layer with a runtime filter and no bias.
        cases.add(new Case(1, 26, 26, 3, 24, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.RELU6, true, true,
                23));
        cases.add(new Case(1, 21, 19, 3, 24, 5, 5, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.NONE, true, true,
                24));
        cases.add(new Case(2, 5, 10, 6, 24, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU, false, false,
                25));
        // RGB stems into 16 and 32 channels (face_landmark, selfie_segmentation; SSD, palm_detection_lite): with
        // 512-bit vectors, interiors of a tile or more (16 or 8 pixels) go through VectorStemConv's tiles, which
        // share the inputs of neighbouring windows, the last tile overlapping its predecessor (20, 34, 19 and 19
        // interior pixels), clamped or not; 9- and 15-wide filters at stride 6 over one channel (the same inputs per
        // filter row, 6 apart), with runtime filters.
        cases.add(new Case(1, 9, 42, 3, 16, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.RELU6, true, true,
                26));
        cases.add(new Case(2, 6, 69, 3, 16, 3, 3, Padding.VALID, 2, 2, 1, 1, ActivationFunctionType.NONE, true, true,
                27));
        cases.add(new Case(1, 3, 110, 1, 16, 2, 9, Padding.VALID, 1, 6, 1, 1, ActivationFunctionType.RELU, false,
                false, 28));
        cases.add(new Case(1, 7, 40, 3, 32, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.RELU6, true, true,
                29));
        cases.add(new Case(2, 9, 41, 3, 32, 5, 5, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.NONE, true, true,
                30));
        cases.add(new Case(1, 2, 110, 1, 32, 1, 15, Padding.VALID, 1, 6, 1, 1, ActivationFunctionType.RELU, false,
                false, 31));
        // 4 wide at stride 2 over 3 channels: 12 inputs per filter row, 6 apart, which no stem tile takes.
        cases.add(new Case(1, 5, 40, 3, 32, 4, 4, Padding.VALID, 2, 2, 1, 1, ActivationFunctionType.NONE, true, true,
                32));
        cases.add(new Case(1, 6, 6, 17, 48, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                4));
        cases.add(new Case(1, 2, 2, 4, 5, 3, 3, Padding.SAME, 1, 1, 2, 2, ActivationFunctionType.NONE, true, true, 5));
        // 3 output rows and 4 channel blocks: 2 threads split the channels
        cases.add(new Case(1, 3, 7, 6, 32, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU, true, true, 6));
        cases.add(new Case(1, 1, 1, 7, 70, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU, true, true,
                6));
        cases.add(new Case(1, 1, 1, 6, 64, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true, 7));
        cases.add(new Case(1, 8, 8, 4, 16, 5, 5, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.TANH, true, true, 8));
        cases.add(new Case(1, 7, 5, 3, 9, 2, 3, Padding.VALID, 3, 2, 1, 1, ActivationFunctionType.RELU_N1_TO_1, false,
                false, 9));
        // Few output channels from many inputs: the row-major inner-product path.
        cases.add(new Case(1, 6, 6, 35, 3, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU6, true, true,
                10));
        cases.add(new Case(2, 5, 4, 16, 1, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.NONE, true, false,
                11));
        // Weights over PackedFilter.VECTOR_MAJOR_FLOATS: each block of output channels packed as its own run
        // (SSD's 10x10x256 -> 512 layer on a smaller input; a runtime filter repacked into the node's scratch on
        // every run).
        cases.add(new Case(1, 5, 5, 256, 512, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.RELU6, true, true,
                12));
        cases.add(new Case(1, 3, 3, 1024, 1024, 1, 1, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.NONE, true,
                false, 13));
        // Windows that cover the whole input, one output pixel per image: inner products on the unpacked weights
        // (face_landmark's head: 3x3x32 -> 1404, stride 3), two images, a runtime filter, an output count that is
        // not a multiple of the 4 outputs computed together.
        cases.add(new Case(1, 3, 3, 32, 1404, 3, 3, Padding.VALID, 3, 3, 1, 1, ActivationFunctionType.NONE, true,
                true, 14));
        cases.add(new Case(2, 2, 3, 5, 21, 2, 3, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU6, true,
                false, 15));
        cases.add(new Case(2, 4, 4, 3, 130, 4, 4, Padding.VALID, 2, 2, 1, 1, ActivationFunctionType.RELU, false,
                true, 16));
        Random r = new Random(20240611);
        byte[] acts = {ActivationFunctionType.NONE, ActivationFunctionType.RELU, ActivationFunctionType.RELU_N1_TO_1,
            ActivationFunctionType.RELU6, ActivationFunctionType.TANH};
        while (cases.size() < 135) {
            int kh = 1 + r.nextInt(3);
            int kw = 1 + r.nextInt(3);
            int dh = 1 + r.nextInt(2);
            int dw = 1 + r.nextInt(2);
            byte padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;
            int h = 1 + r.nextInt(10);
            int w = 1 + r.nextInt(10);
            if (padding == Padding.VALID && (h < (kh - 1) * dh + 1 || w < (kw - 1) * dw + 1)) {
                continue;
            }
            int[] outs = {1, 2, 3, 8, 15, 16, 17, 31, 32, 33, 40, 64};
            cases.add(new Case(1 + r.nextInt(2), h, w, 1 + r.nextInt(9), outs[r.nextInt(outs.length)], kh, kw, padding,
                    1 + r.nextInt(3), 1 + r.nextInt(3), dh, dw, acts[r.nextInt(acts.length)], r.nextInt(4) != 0,
                    r.nextInt(5) != 0, r.nextLong()));
        }
        return cases;
    }

    static ByteBuffer model(Case c, float[] weights, float[] bias, boolean withBias) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D).options(BuiltinOptions.Conv2DOptions,
                fbb -> Conv2DOptions.createConv2DOptions(fbb, c.padding, c.sw, c.sh, c.act, c.dw, c.dh));
        b.input(DataType.FLOAT32, c.n, c.h, c.w, c.in);
        int[] filterShape = {c.out, c.kh, c.kw, c.in};
        if (c.constant) {
            b.constant(DataType.FLOAT32, filterShape, weights);
        } else {
            b.input(DataType.FLOAT32, filterShape);
        }
        if (withBias) {
            b.constant(DataType.FLOAT32, new int[] {c.out}, bias);
        }
        b.output(DataType.FLOAT32, c.n, c.outH(), c.outW(), c.out);
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOfficial(Case c) {
        Random r = new Random(c.seed);
        float[] input = Oracle.random(r, c.n * c.h * c.w * c.in);
        float[] weights = Oracle.random(r, c.out * c.kh * c.kw * c.in);
        float[] bias = c.bias ? Oracle.random(r, c.out) : new float[c.out];
        // TensorFlow Lite 2.6's CONV_2D insists on a bias tensor: the reference gets zeros where jlite gets none.
        ByteBuffer reference = model(c, weights, bias, true);
        ByteBuffer model = model(c, weights, bias, c.bias);
        Object[] inputs = c.constant ? new Object[] {input} : new Object[] {input, weights};
        Oracle.check(c.toString(), model, reference, inputs);
    }

    @Test
    void repacksRuntimeFilterOnEveryRun() {
        Case c = new Case(1, 6, 5, 4, 20, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true, false, 0);
        Random r = new Random(12);
        float[] bias = Oracle.random(r, c.out);
        ByteBuffer model = model(c, null, bias, true);
        float[] input = Oracle.random(r, c.h * c.w * c.in);
        for (boolean simd : new boolean[] {false, true}) {
            try (Interpreter interpreter = new Interpreter(model.duplicate(),
                    new Interpreter.Options().setUseSimd(simd).setNumThreads(2))) {
                for (int run = 0; run < 3; run++) {
                    float[] weights = Oracle.random(r, c.out * c.kh * c.kw * c.in);
                    float[] actual = new float[c.outH() * c.outW() * c.out];
                    interpreter.runForMultipleInputsOutputs(
                            new Object[] {FloatBuffer.wrap(input), FloatBuffer.wrap(weights)},
                            Map.of(0, FloatBuffer.wrap(actual)));
                    float[] expected = Oracle.official(model, input, weights);
                    assertThat(Compare.maxRelativeError(actual, expected)).as("run %d simd %s", run, simd)
                            .isLessThanOrEqualTo(Oracle.TOLERANCE);
                }
            }
        }
    }

    private static ByteBuffer simple(byte padding, int stride, int dilation, int inChannels, int filterChannels) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D).options(BuiltinOptions.Conv2DOptions,
                fbb -> Conv2DOptions.createConv2DOptions(fbb, padding, stride, stride, ActivationFunctionType.NONE,
                        dilation, dilation));
        b.input(DataType.FLOAT32, 1, 4, 4, inChannels);
        b.constant(DataType.FLOAT32, new int[] {2, 3, 3, filterChannels}, new float[2 * 9 * filterChannels]);
        b.constant(DataType.FLOAT32, new int[] {2}, new float[2]);
        b.output(DataType.FLOAT32, 1, 4, 4, 2);
        return b.build();
    }

    @Test
    void rejectsBadOptionsAndShapes() {
        float[] input3 = new float[16 * 3];
        assertThatThrownBy(() -> JliteRunner.run(simple(Padding.SAME, 0, 1, 3, 3), input3))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("stride");
        assertThatThrownBy(() -> JliteRunner.run(simple(Padding.SAME, 1, 0, 3, 3), input3))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("dilation");
        assertThatThrownBy(() -> JliteRunner.run(simple(Padding.SAME, 1, 1, 3, 1), input3))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("input channels");
        assertThatThrownBy(() -> JliteRunner.run(simple(Padding.VALID, 1, 3, 3, 3), input3))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("too small");
    }

    @Test
    void rejectsBiasOfWrongLength() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D).options(BuiltinOptions.Conv2DOptions,
                fbb -> Conv2DOptions.createConv2DOptions(fbb, Padding.SAME, 1, 1, ActivationFunctionType.NONE, 1, 1));
        b.input(DataType.FLOAT32, 1, 2, 2, 1);
        b.constant(DataType.FLOAT32, new int[] {2, 1, 1, 1}, new float[2]);
        b.constant(DataType.FLOAT32, new int[] {3}, new float[3]);
        b.output(DataType.FLOAT32, 1, 2, 2, 2);
        assertThatThrownBy(() -> JliteRunner.run(b.build(), new float[4])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bias");
    }

    @Test
    void rejectsMissingOptions() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D);
        b.input(DataType.FLOAT32, 1, 2, 2, 1);
        b.constant(DataType.FLOAT32, new int[] {1, 1, 1, 1}, new float[1]);
        b.output(DataType.FLOAT32, 1, 2, 2, 1);
        assertThatThrownBy(() -> JliteRunner.run(b.build(), new float[4])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("stride");
    }
}
