package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.Padding;

class DepthwiseConv2DTest {
    /** One DEPTHWISE_CONV_2D configuration; {@code declared} is the depth_multiplier option written to the model. */
    record Case(int n, int h, int w, int c, int m, int declared, int kh, int kw, byte padding, int sh, int sw, int dh,
            int dw, byte act, boolean bias, boolean constant, long seed) {
        @Override
        public String toString() {
            return String.format("in[%d,%d,%d,%d] x%d (option %d) k%dx%d %s s%dx%d d%dx%d %s%s%s", n, h, w, c, m,
                    declared, kh, kw, Padding.name(padding), sh, sw, dh, dw, ActivationFunctionType.name(act),
                    bias ? "" : " nobias", constant ? "" : " runtime-filter");
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
        cases.add(new Case(1, 9, 9, 32, 1, 1, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU6, true,
                true, 1));
        cases.add(new Case(1, 10, 10, 24, 1, 1, 5, 5, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.NONE, true,
                true, 2));
        cases.add(new Case(2, 5, 6, 17, 1, 1, 3, 3, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU, true,
                true, 3));
        cases.add(new Case(1, 6, 6, 5, 3, 3, 3, 3, Padding.SAME, 1, 1, 2, 2, ActivationFunctionType.NONE, true, true,
                4));
        cases.add(new Case(1, 4, 4, 16, 2, 2, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.TANH, false,
                true, 5));
        cases.add(new Case(1, 2, 3, 3, 1, 1, 3, 3, Padding.SAME, 1, 1, 2, 2, ActivationFunctionType.NONE, true,
                false, 6));
        // Rows wide enough for the vector engine's whole-window blocks (8 and 4 pixels, at least 32 channels, at
        // stride 2 rows of 24+ pixels), with and without a last partial channel vector.
        cases.add(new Case(1, 20, 20, 40, 1, 1, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU6, true,
                true, 7));
        cases.add(new Case(1, 12, 52, 44, 1, 1, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.NONE, true,
                true, 8));
        cases.add(new Case(2, 11, 19, 36, 1, 1, 3, 3, Padding.VALID, 1, 1, 1, 1, ActivationFunctionType.RELU, true,
                false, 9));
        cases.add(new Case(1, 9, 51, 33, 1, 1, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.NONE, true,
                true, 10));
        cases.add(new Case(1, 14, 14, 64, 1, 1, 5, 5, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU6, true,
                true, 12));
        // Under a vector of channels but at least half of it (12 and 8 with 512-bit vectors, 6 with 256-bit): the pair
        // and spilling paths' weights repeated from constant weights once, from a runtime filter at every eval.
        cases.add(new Case(1, 10, 18, 12, 1, 1, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU6, true,
                false, 13));
        cases.add(new Case(1, 9, 20, 8, 1, 1, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true,
                false, 14));
        cases.add(new Case(1, 9, 20, 6, 1, 1, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.RELU, true,
                false, 15));
        cases.add(new Case(1, 10, 18, 12, 1, 1, 3, 3, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.NONE, true,
                true, 16));
        // Rows under 8 interior pixels, swept by the vector engine one block of channels at a time over all of a
        // row's pixels: 5x5 and 3x3 filters at stride 1 and 2, blocks of 4, 2 and 1 vectors and a last partial one,
        // and two images of 9 rows (more rows than one call takes).
        cases.add(new Case(1, 7, 7, 120, 1, 1, 5, 5, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU6, true,
                true, 17));
        cases.add(new Case(2, 9, 9, 100, 1, 1, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true,
                true, 18));
        cases.add(new Case(1, 12, 12, 72, 1, 1, 5, 5, Padding.SAME, 2, 2, 1, 1, ActivationFunctionType.RELU, true,
                true, 19));
        cases.add(new Case(1, 6, 6, 64, 1, 1, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.RELU6, false,
                false, 20));
        Random r = new Random(77);
        byte[] acts = {ActivationFunctionType.NONE, ActivationFunctionType.RELU, ActivationFunctionType.RELU_N1_TO_1,
            ActivationFunctionType.RELU6, ActivationFunctionType.TANH};
        int[] channels = {1, 2, 3, 7, 8, 15, 16, 17, 32, 33, 48};
        while (cases.size() < 99) {
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
            int m = 1 + r.nextInt(3);
            cases.add(new Case(1 + r.nextInt(2), h, w, channels[r.nextInt(channels.length)], m, m, kh, kw, padding,
                    1 + r.nextInt(3), 1 + r.nextInt(3), dh, dw, acts[r.nextInt(acts.length)], r.nextInt(4) != 0,
                    r.nextInt(5) != 0, r.nextLong()));
        }
        return cases;
    }

    static ByteBuffer model(Case c, float[] weights, float[] bias, boolean withBias) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEPTHWISE_CONV_2D).options(
                BuiltinOptions.DepthwiseConv2DOptions, fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb,
                        c.padding, c.sw, c.sh, c.declared, c.act, c.dw, c.dh));
        b.input(DataType.FLOAT32, c.n, c.h, c.w, c.c);
        int[] filterShape = {1, c.kh, c.kw, c.c * c.m};
        if (c.constant) {
            b.constant(DataType.FLOAT32, filterShape, weights);
        } else {
            b.input(DataType.FLOAT32, filterShape);
        }
        if (withBias) {
            b.constant(DataType.FLOAT32, new int[] {c.c * c.m}, bias);
        }
        b.output(DataType.FLOAT32, c.n, c.outH(), c.outW(), c.c * c.m);
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOfficial(Case c) {
        Random r = new Random(c.seed);
        float[] input = Oracle.random(r, c.n * c.h * c.w * c.c);
        float[] weights = Oracle.random(r, c.kh * c.kw * c.c * c.m);
        float[] bias = c.bias ? Oracle.random(r, c.c * c.m) : new float[c.c * c.m];
        Object[] inputs = c.constant ? new Object[] {input} : new Object[] {input, weights};
        // TensorFlow Lite 2.6's float DEPTHWISE_CONV_2D accepts a missing bias but then reads through a null
        // pointer (it crashes): the reference gets zeros where jlite gets none.
        Oracle.check(c.toString(), model(c, weights, bias, c.bias), model(c, weights, bias, true), inputs);
    }

    @Test
    void depthMultiplierComesFromTheShapes() {
        // TensorFlow Lite 2.6's float kernel recomputes the multiplier from the filter and input channels.
        for (int declared : new int[] {0, 1, 5}) {
            Case c = new Case(1, 5, 5, 4, 2, declared, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE,
                    true, true, 11);
            matchesOfficial(c);
        }
    }

    @Test
    void rejectsBadOptionsAndShapes() {
        Case stride0 = new Case(1, 4, 4, 3, 1, 1, 3, 3, Padding.SAME, 0, 1, 1, 1, ActivationFunctionType.NONE, true,
                true, 1);
        assertThatThrownBy(() -> run(stride0,
                3)).isInstanceOf(ModelFormatException.class).hasMessageContaining("stride");
        Case ok = new Case(1, 4, 4, 3, 1, 1, 3, 3, Padding.SAME, 1, 1, 1, 1, ActivationFunctionType.NONE, true, true,
                1);
        // 4 filter channels for 3 input channels: not a whole multiplier.
        assertThatThrownBy(() -> run(ok, 4)).isInstanceOf(ModelFormatException.class).hasMessageContaining("multiple");
    }

    private static void run(Case c, int filterChannels) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEPTHWISE_CONV_2D).options(
                BuiltinOptions.DepthwiseConv2DOptions, fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb,
                        c.padding, c.sw, c.sh, c.declared, c.act, c.dw, c.dh));
        b.input(DataType.FLOAT32, c.n, c.h, c.w, c.c);
        b.constant(DataType.FLOAT32, new int[] {1, c.kh, c.kw, filterChannels},
                new float[c.kh * c.kw * filterChannels]);
        b.output(DataType.FLOAT32, c.n, c.h, c.w, filterChannels);
        JliteRunner.run(b.build(), new float[c.n * c.h * c.w * c.c]);
    }
}
