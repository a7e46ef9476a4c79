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
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.TransposeConvOptions;

class TransposeConvTest {
    /**
     * One TRANSPOSE_CONV configuration. Bias: 0 none (three inputs), 1 omitted (index -1), 2 constant.
     * {@code shapeInput} feeds the output shape at run time (a dynamic output).
     */
    record Case(int n, int h, int w, int in, int out, int kh, int kw, byte padding, int sh, int sw, int outH, int outW,
            int bias, boolean constant, boolean shapeInput, long seed) {
        @Override
        public String toString() {
            return String.format("in[%d,%d,%d,%d] f[%d,%d,%d] %s s%dx%d -> %dx%d bias=%s%s%s", n, h, w, in, out, kh, kw,
                    Padding.name(padding), sh, sw, outH, outW, new String[] {"none", "omitted", "constant"}[bias],
                    constant ? "" : " runtime-filter", shapeInput ? " runtime-shape" : "");
        }
    }

    /** An output size TensorFlow would give this input: the forward convolution of it has {@code in} outputs. */
    private static int outputSize(Random r, byte padding, int in, int k, int s) {
        if (padding == Padding.SAME) {
            return Math.max(1, in * s - r.nextInt(s));
        }
        return (in - 1) * s + k + r.nextInt(s);
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(1, 4, 4, 8, 16, 2, 2, Padding.SAME, 2, 2, 8, 8, 2, true, false, 1));
        cases.add(new Case(1, 5, 3, 6, 20, 3, 3, Padding.SAME, 2, 2, 10, 6, 2, true, false, 2));
        cases.add(new Case(2, 3, 4, 5, 33, 4, 4, Padding.VALID, 2, 2, 8, 10, 0, true, false, 3));
        cases.add(new Case(1, 3, 3, 4, 7, 3, 3, Padding.SAME, 1, 1, 3, 3, 1, false, true, 4));
        cases.add(new Case(1, 1, 1, 2, 3, 7, 7, Padding.SAME, 4, 4, 1, 1, 2, true, false, 5));
        Random r = new Random(4242);
        int[] outs = {1, 2, 3, 8, 16, 17, 32, 33};
        while (cases.size() < 70) {
            byte padding = r.nextBoolean() ? Padding.SAME : Padding.VALID;
            int kh = 1 + r.nextInt(4);
            int kw = 1 + r.nextInt(4);
            int sh = 1 + r.nextInt(3);
            int sw = 1 + r.nextInt(3);
            int h = 1 + r.nextInt(6);
            int w = 1 + r.nextInt(6);
            cases.add(new Case(1 + r.nextInt(2), h, w, 1 + r.nextInt(8), outs[r.nextInt(outs.length)], kh, kw, padding,
                    sh, sw, outputSize(r, padding, h, kh, sh), outputSize(r, padding, w, kw, sw), r.nextInt(3),
                    r.nextInt(5) != 0, r.nextInt(6) == 0, r.nextLong()));
        }
        return cases;
    }

    static ByteBuffer model(Case c, float[] weights, float[] bias) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.TRANSPOSE_CONV).options(
                BuiltinOptions.TransposeConvOptions, fbb -> TransposeConvOptions.createTransposeConvOptions(fbb,
                        c.padding, c.sw, c.sh, ActivationFunctionType.NONE));
        int[] shape = {c.n, c.outH, c.outW, c.out};
        if (c.shapeInput) {
            b.input(DataType.INT32, 4);
        } else {
            b.constant(DataType.INT32, new int[] {4}, shape);
        }
        int[] filterShape = {c.out, c.kh, c.kw, c.in};
        if (c.constant) {
            b.constant(DataType.FLOAT32, filterShape, weights);
        } else {
            b.input(DataType.FLOAT32, filterShape);
        }
        b.input(DataType.FLOAT32, c.n, c.h, c.w, c.in);
        if (c.bias == 1) {
            b.optionalInput();
        } else if (c.bias == 2) {
            b.constant(DataType.FLOAT32, new int[] {c.out}, bias);
        }
        b.output(DataType.FLOAT32, shape);
        if (c.bias != 0) {
            b.version(3);
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOfficial(Case c) {
        Random r = new Random(c.seed);
        float[] input = Oracle.random(r, c.n * c.h * c.w * c.in);
        float[] weights = Oracle.random(r, c.out * c.kh * c.kw * c.in);
        float[] bias = Oracle.random(r, c.out);
        List<Object> inputs = new ArrayList<>();
        if (c.shapeInput) {
            inputs.add(new int[] {c.n, c.outH, c.outW, c.out});
        }
        if (!c.constant) {
            inputs.add(weights);
        }
        inputs.add(input);
        ByteBuffer model = model(c, weights, bias);
        Oracle.check(c.toString(), model, model, inputs.toArray());
    }

    @Test
    void rejectsBadOptionsAndShapes() {
        Case stride0 = new Case(1, 2, 2, 3, 4, 3, 3, Padding.SAME, 0, 1, 4, 4, 0, true, false, 1);
        assertThatThrownBy(() -> JliteRunner.run(model(stride0, new float[4 * 9 * 3], null), new float[12]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("stride");
        Case wrongChannels = new Case(1, 2, 2, 3, 4, 3, 3, Padding.SAME, 2, 2, 4, 4, 0, true, false, 1);
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.TRANSPOSE_CONV).options(
                BuiltinOptions.TransposeConvOptions, fbb -> TransposeConvOptions.createTransposeConvOptions(fbb,
                        wrongChannels.padding, 2, 2, ActivationFunctionType.NONE));
        b.constant(DataType.INT32, new int[] {4}, new int[] {1, 4, 4, 5});
        b.constant(DataType.FLOAT32, new int[] {4, 3, 3, 3}, new float[4 * 9 * 3]);
        b.input(DataType.FLOAT32, 1, 2, 2, 3);
        b.output(DataType.FLOAT32, 1, 4, 4, 5);
        assertThatThrownBy(() -> JliteRunner.run(b.build(), new float[12])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("output shape");
        // An output smaller than the filter with VALID padding maps back to no input at all.
        Case tooSmall = new Case(1, 1, 1, 2, 3, 7, 7, Padding.VALID, 4, 4, 1, 1, 0, true, false, 1);
        assertThatThrownBy(() -> JliteRunner.run(model(tooSmall, new float[3 * 49 * 2], null), new float[2]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("does not match input size");
        Case tooLarge = new Case(1, 3, 3, 2, 3, 2, 2, Padding.SAME, 2, 2, 9, 6, 0, true, false, 1);
        assertThatThrownBy(() -> JliteRunner.run(model(tooLarge, new float[3 * 4 * 2], null), new float[18]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("does not match input size");
    }
}
