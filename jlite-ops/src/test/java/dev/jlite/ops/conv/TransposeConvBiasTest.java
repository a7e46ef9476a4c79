package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.TransposeConvOptions;

/**
 * MediaPipe's Convolution2DTransposeBias against the official TRANSPOSE_CONV with the same weights, bias and the
 * output shape MediaPipe derives (the official interpreter does not know the custom op).
 */
class TransposeConvBiasTest {
    private static final int SAME = 1;
    private static final int VALID = 2;

    record Case(int n, int h, int w, int in, int out, int kh, int kw, int padding, int sh, int sw, long seed) {
        @Override
        public String toString() {
            return String.format("in[%d,%d,%d,%d] f[%d,%d,%d] %s s%dx%d", n, h, w, in, out, kh, kw,
                    padding == SAME ? "SAME" : padding == VALID ? "VALID" : "UNKNOWN", sh, sw);
        }

        int total(int size, int k, int s) {
            return padding == SAME ? Math.max(0, k - (size - 1) % s - 1) : 0;
        }

        int outH() {
            return sh * (h - 1) + kh - total(h, kh, sh);
        }

        int outW() {
            return sw * (w - 1) + kw - total(w, kw, sw);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Selfie segmentation's shape: 2x2 kernel, stride 2, SAME.
        cases.add(new Case(1, 8, 8, 16, 16, 2, 2, SAME, 2, 2, 1));
        cases.add(new Case(1, 4, 5, 8, 1, 2, 2, SAME, 2, 2, 2));
        cases.add(new Case(1, 3, 3, 4, 20, 3, 3, 0, 2, 2, 3));
        cases.add(new Case(1, 6, 7, 16, 1, 2, 2, SAME, 2, 2, 4));
        cases.add(new Case(2, 5, 5, 40, 3, 3, 3, VALID, 2, 2, 5));
        // One output channel, 2 wide at stride 2: both column phases of a row at once, 8 input pixels a step with
        // 16-lane vectors (with 8 lanes, the phases one after another). Rows of 19 pixels (two steps and three
        // left), two batches of a depth of two vectors, and a filter 3 high whose rows see one or two taps.
        cases.add(new Case(1, 5, 19, 16, 1, 2, 2, SAME, 2, 2, 6));
        cases.add(new Case(2, 3, 16, 32, 1, 2, 2, VALID, 2, 2, 7));
        cases.add(new Case(1, 4, 10, 16, 1, 3, 2, VALID, 2, 2, 8));
        Random r = new Random(31337);
        int[] outs = {1, 2, 8, 16, 17, 32, 40};
        while (cases.size() < 43) {
            cases.add(new Case(1 + r.nextInt(2), 1 + r.nextInt(6), 1 + r.nextInt(6), 1 + r.nextInt(8),
                    outs[r.nextInt(outs.length)], 1 + r.nextInt(4), 1 + r.nextInt(4), r.nextBoolean() ? SAME : VALID,
                    1 + r.nextInt(3), 1 + r.nextInt(3), r.nextLong()));
        }
        return cases;
    }

    static byte[] options(int padding, int strideW, int strideH) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(padding).putInt(strideW).putInt(strideH)
                .array();
    }

    static ByteBuffer custom(Case c, byte[] options, float[] weights, float[] bias) {
        OpModelBuilder b = OpModelBuilder.custom(TransposeConvBiasKernel.NAME, options);
        b.input(DataType.FLOAT32, c.n, c.h, c.w, c.in);
        b.constant(DataType.FLOAT32, new int[] {c.out, c.kh, c.kw, c.in}, weights);
        b.constant(DataType.FLOAT32, new int[] {c.out}, bias);
        b.output(DataType.FLOAT32, c.n, c.outH(), c.outW(), c.out);
        return b.build();
    }

    static ByteBuffer reference(Case c, float[] weights, float[] bias) {
        // MediaPipe's output size is one TensorFlow Lite's padding rule maps back to the same padding.
        byte padding = c.padding == SAME ? Padding.SAME : Padding.VALID;
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.TRANSPOSE_CONV).version(3).options(
                BuiltinOptions.TransposeConvOptions, fbb -> TransposeConvOptions.createTransposeConvOptions(fbb,
                        padding,
                        c.sw, c.sh, ActivationFunctionType.NONE));
        int[] shape = {c.n, c.outH(), c.outW(), c.out};
        b.constant(DataType.INT32, new int[] {4}, shape);
        b.constant(DataType.FLOAT32, new int[] {c.out, c.kh, c.kw, c.in}, weights);
        b.input(DataType.FLOAT32, c.n, c.h, c.w, c.in);
        b.constant(DataType.FLOAT32, new int[] {c.out}, bias);
        b.output(DataType.FLOAT32, shape);
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOfficialTransposeConvPlusBias(Case c) {
        Random r = new Random(c.seed);
        float[] input = Oracle.random(r, c.n * c.h * c.w * c.in);
        float[] weights = Oracle.random(r, c.out * c.kh * c.kw * c.in);
        float[] bias = Oracle.random(r, c.out);
        Oracle.check(c.toString(), custom(c, options(c.padding, c.sw, c.sh), weights, bias),
                reference(c, weights, bias), input);
    }

    @Test
    void rejectsBadCustomOptions() {
        Case c = new Case(1, 2, 2, 1, 1, 2, 2, SAME, 2, 2, 1);
        float[] w = new float[4];
        float[] b = new float[1];
        float[] input = new float[4];
        assertThatThrownBy(() -> JliteRunner.run(custom(c, options(SAME, 0, 2), w, b), input))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("stride");
        assertThatThrownBy(() -> JliteRunner.run(custom(c, new byte[8], w, b), input))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("12 bytes");
        assertThatThrownBy(() -> JliteRunner.run(custom(c, options(7, 2, 2), w, b), input))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("padding");
    }
}
