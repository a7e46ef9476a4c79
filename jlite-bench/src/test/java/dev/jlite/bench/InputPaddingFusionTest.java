package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.ops.BuiltinOpResolver;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.ModelBuilder;
import dev.jlite.writer.Padding;
import dev.jlite.writer.SubgraphBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A PAD that adds zero rows and columns in front of a CONV_2D or DEPTHWISE_CONV_2D (pose_landmark's stem and its
 * stride-2 and 5x5 depthwise layers) folds into the convolution, which reads the PAD's input: the results stay the
 * official interpreter's (builtin kernels, which run the PAD) and the PAD does not run. The cases cover an RGB stem
 * (stride 2, the 3-channel tiles), depthwise layers at stride 2 and 5x5 (with a folded ADD and RELU6 too), padding
 * after the input only (TensorFlow's SAME at stride 2; and into a 1x1 convolution, whose output is then larger than
 * its input), a folded PAD under SAME padding with dilation, and a 3x3 output (the gathered windows). Not folded: a
 * PAD whose output is also a subgraph output, and one that pads channels. A padding too large for any tensor is a
 * ModelFormatException. (Here rather than in jlite-ops because the model needs jlite-writer.)
 */
class InputPaddingFusionTest {
    private static final int[] X = {1, 64, 64, 3};
    private static final int[] Y = {1, 40, 40, 24};
    private static final int[] Z = {1, 9, 9, 20};
    private static final int[] U = {1, 20, 20, 24};
    private static final int[] V = {1, 3, 3, 8};
    private static final int[][] OUTPUTS = {{1, 32, 32, 32}, {1, 20, 20, 24}, {1, 9, 9, 20}, {1, 20, 20, 16},
        {1, 11, 10, 8}, {1, 10, 11, 12}, {1, 3, 3, 16}, {1, 11, 11, 20}, {1, 9, 9, 20}, {1, 9, 9, 8}};

    /**
     * out0: PAD x by 1 -> CONV_2D 3x3 stride 2 VALID (RELU6) to 32 channels. out1: PAD y by 1 -> DEPTHWISE 3x3
     * stride 2 VALID -> ADD u. out2: PAD z by 2 -> DEPTHWISE 5x5 VALID (RELU6). out3: PAD y by 1 after only -> CONV_2D
     * 3x3 stride 2 VALID to 16. out4: PAD z by 2 rows and 1 column after -> CONV_2D 1x1 to 8. out5: PAD z by 1 row
     * before and 2 columns before -> CONV_2D 3x3 SAME, dilation 2, to 12. out6: PAD v by 1 -> CONV_2D 3x3 VALID to
     * 16. Not folded: PAD z by 1 -> out7 (a subgraph output) -> DEPTHWISE 3x3 VALID -> out8; PAD z's channels by 1
     * and 1 -> CONV_2D 1x1 to 8 -> out9.
     */
    private static ByteBuffer model() {
        Random r = new Random(7);
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, X);
        int y = g.input("y", DataType.FLOAT32, Y);
        int z = g.input("z", DataType.FLOAT32, Z);
        int u = g.input("u", DataType.FLOAT32, U);
        int v = g.input("v", DataType.FLOAT32, V);

        int px = FusionRun.pad(g, "px", x, new int[] {0, 0, 1, 1, 1, 1, 0, 0}, new int[] {1, 66, 66, 3});
        int out0 = conv(g, "out0", px, 3, 3, 2, 1, Padding.VALID, FusedActivation.RELU6, OUTPUTS[0], r);

        int py = FusionRun.pad(g, "py", y, new int[] {0, 0, 1, 1, 1, 1, 0, 0}, new int[] {1, 42, 42, 24});
        int d = depthwise(g, "d", py, 3, 2, FusedActivation.NONE, OUTPUTS[1], r);
        int out1 = g.tensor("out1", DataType.FLOAT32, OUTPUTS[1]);
        g.operator(BuiltinOperator.ADD, new int[] {d, u}, new int[] {out1}, BuiltinOptions.add(FusedActivation.NONE));

        int pz = FusionRun.pad(g, "pz", z, new int[] {0, 0, 2, 2, 2, 2, 0, 0}, new int[] {1, 13, 13, 20});
        int out2 = depthwise(g, "out2", pz, 5, 1, FusedActivation.RELU6, OUTPUTS[2], r);

        int py2 = FusionRun.pad(g, "py2", y, new int[] {0, 0, 0, 1, 0, 1, 0, 0}, new int[] {1, 41, 41, 24});
        int out3 = conv(g, "out3", py2, 24, 3, 2, 1, Padding.VALID, FusedActivation.NONE, OUTPUTS[3], r);

        int pz2 = FusionRun.pad(g, "pz2", z, new int[] {0, 0, 0, 2, 0, 1, 0, 0}, new int[] {1, 11, 10, 20});
        int out4 = conv(g, "out4", pz2, 20, 1, 1, 1, Padding.VALID, FusedActivation.NONE, OUTPUTS[4], r);

        int pz3 = FusionRun.pad(g, "pz3", z, new int[] {0, 0, 1, 0, 2, 0, 0, 0}, new int[] {1, 10, 11, 20});
        int out5 = conv(g, "out5", pz3, 20, 3, 1, 2, Padding.SAME, FusedActivation.NONE, OUTPUTS[5], r);

        int pv = FusionRun.pad(g, "pv", v, new int[] {0, 0, 1, 1, 1, 1, 0, 0}, new int[] {1, 5, 5, 8});
        int out6 = conv(g, "out6", pv, 8, 3, 1, 1, Padding.VALID, FusedActivation.NONE, OUTPUTS[6], r);

        int out7 = FusionRun.pad(g, "out7", z, new int[] {0, 0, 1, 1, 1, 1, 0, 0}, OUTPUTS[7]);
        int out8 = depthwise(g, "out8", out7, 3, 1, FusedActivation.NONE, OUTPUTS[8], r);

        int pc = FusionRun.pad(g, "pc", z, new int[] {0, 0, 0, 0, 0, 0, 1, 1}, new int[] {1, 9, 9, 22});
        int out9 = conv(g, "out9", pc, 22, 1, 1, 1, Padding.VALID, FusedActivation.NONE, OUTPUTS[9], r);

        g.output(out0).output(out1).output(out2).output(out3).output(out4).output(out5).output(out6).output(out7)
                .output(out8).output(out9);
        return m.buildBuffer();
    }

    /** A CONV_2D k x k of {@code x} ({@code depth} channels) to {@code out}'s shape. */
    private static int conv(SubgraphBuilder g, String name, int x, int depth, int k, int stride, int dilation,
            Padding padding, FusedActivation act, int[] out, Random r) {
        int channels = out[3];
        int w = g.constant(name + "_w", DataType.FLOAT32, new int[] {channels, k, k, depth},
                random(r, channels * k * k * depth));
        int b = g.constant(name + "_b", DataType.FLOAT32, new int[] {channels}, random(r, channels));
        int t = g.tensor(name, DataType.FLOAT32, out);
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, w, b}, new int[] {t},
                BuiltinOptions.conv2d(padding, stride, stride, act, dilation, dilation));
        return t;
    }

    /** A DEPTHWISE_CONV_2D k x k, VALID, of {@code x} to {@code out}'s shape. */
    private static int depthwise(SubgraphBuilder g, String name, int x, int k, int stride, FusedActivation act,
            int[] out, Random r) {
        int channels = out[3];
        int w = g.constant(name + "_w", DataType.FLOAT32, new int[] {1, k, k, channels},
                random(r, k * k * channels));
        int b = g.constant(name + "_b", DataType.FLOAT32, new int[] {channels}, random(r, channels));
        int t = g.tensor(name, DataType.FLOAT32, out);
        g.operator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x, w, b}, new int[] {t},
                BuiltinOptions.depthwiseConv2d(Padding.VALID, stride, stride, 1, act));
        return t;
    }

    private static float[] random(Random r, int n) {
        return EpilogueFusionTest.random(r, n);
    }

    @ParameterizedTest
    @CsvSource({"true, 1", "false, 1", "true, 2", "false, 2"})
    void foldedPaddingGivesTheOfficialResultsAndThePadDoesNotRun(boolean simd, int threads) {
        assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter.unavailableReason());
        ByteBuffer model = model();
        Random r = new Random(11);
        int[][] shapes = {X, Y, Z, U, V};
        float[][] inputs = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            inputs[i] = random(r, FusionRun.count(shapes[i]));
        }
        List<String> ran = FusionRun.checkAgainstOfficial(model, inputs, OUTPUTS, simd, threads);
        assertThat(ran).containsExactly("CONV_2D", "DEPTHWISE_CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "CONV_2D",
                "CONV_2D", "CONV_2D", "PAD", "DEPTHWISE_CONV_2D", "PAD", "CONV_2D");
    }

    @Test
    void anAbsurdFoldedPaddingIsAModelFormatException() {
        // 4x4x16 padded by 500,000,000 rows and columns on each side: 10^18 pixels, which the PAD could not have
        // written either, and 1.6 x 10^19 elements, more than a long holds. The PAD's output shape in the file does not
        // matter: it is folded, never resized.
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, new int[] {1, 4, 4, 16});
        int p = FusionRun.pad(g, "p", x, new int[] {0, 0, 500_000_000, 500_000_000, 500_000_000, 500_000_000, 0, 0},
                new int[] {1, 4, 4, 16});
        int out = conv(g, "out", p, 16, 1, 1, 1, Padding.VALID, FusedActivation.NONE, new int[] {1, 4, 4, 2},
                new Random(1));
        g.output(out);
        ByteBuffer model = m.buildBuffer();

        try (Interpreter interpreter = new Interpreter(model, new Interpreter.Options()
                .setOpResolver(new BuiltinOpResolver()))) {
            assertThatThrownBy(interpreter::allocateTensors).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("operator 1").hasMessageContaining("folded padding");
        }
    }
}
