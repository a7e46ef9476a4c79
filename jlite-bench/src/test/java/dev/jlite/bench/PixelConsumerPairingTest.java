package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.ModelBuilder;
import dev.jlite.writer.Padding;
import dev.jlite.writer.SubgraphBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On more than one thread a DEPTHWISE_CONV_2D runs the 1x1 CONV_2D after it piece by piece, each piece of its rows
 * right after writing them (MobileNet's depthwise and projection layers): the results stay the official
 * interpreter's and, bit for bit, what jlite computes on 1 thread (where nothing is paired), and the 1x1 convolution
 * does not run on its own. The cases: a projection with a folded
 * residual ADD and a narrow output (16 channels); a chain whose 1x1 output the arena could otherwise have put where
 * the depthwise layer's input still is (its pieces are written while the depthwise layer reads later rows); and,
 * not paired, a depthwise output that is also a subgraph output, a 3x3 consumer, a 1x1 consumer at stride 2, and, with
 * SIMD, one with 2 output channels (a filter whose kernel pairs neighbouring pixels).
 * (Here rather than in jlite-ops because the model needs jlite-writer.)
 */
class PixelConsumerPairingTest {
    private static final int[] X = {1, 40, 36, 32};
    private static final int[] W = {1, 40, 36, 16};
    private static final int[] Y = {1, 48, 48, 16};
    private static final int[] Z = {1, 30, 30, 24};
    private static final int[][] OUTPUTS = {{1, 40, 36, 16}, {1, 48, 48, 16}, {1, 30, 30, 24}, {1, 30, 30, 8},
        {1, 30, 30, 8}, {1, 15, 15, 8}, {1, 30, 30, 2}};

    /**
     * out0: DEPTHWISE x 3x3 SAME (RELU6) -> CONV_2D 1x1 to 16 -> ADD w. out1: CONV_2D y 1x1 -> DEPTHWISE 3x3 SAME ->
     * CONV_2D 1x1 (RELU6) -> DEPTHWISE 3x3 SAME. Not paired: DEPTHWISE z 3x3 SAME -> out2 (a subgraph output) ->
     * CONV_2D 1x1 to 8 -> out3; DEPTHWISE z -> CONV_2D 3x3 SAME to 8 -> out4; DEPTHWISE z -> CONV_2D 1x1 stride 2 to
     * 8 -> out5; DEPTHWISE z -> CONV_2D 1x1 to 2 -> out6 (a filter of under half a vector, whose kernel pairs
     * neighbouring pixels).
     */
    private static ByteBuffer model() {
        Random r = new Random(5);
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, X);
        int w = g.input("w", DataType.FLOAT32, W);
        int y = g.input("y", DataType.FLOAT32, Y);
        int z = g.input("z", DataType.FLOAT32, Z);

        int d0 = depthwise(g, "d0", x, FusedActivation.RELU6, X, r);
        int c0 = conv(g, "c0", d0, 32, 1, 1, FusedActivation.NONE, W, r);
        int out0 = g.tensor("out0", DataType.FLOAT32, OUTPUTS[0]);
        g.operator(BuiltinOperator.ADD, new int[] {c0, w}, new int[] {out0}, BuiltinOptions.add(FusedActivation.NONE));

        int e1 = conv(g, "e1", y, 16, 1, 1, FusedActivation.NONE, Y, r);
        int d1 = depthwise(g, "d1", e1, FusedActivation.NONE, Y, r);
        int c1 = conv(g, "c1", d1, 16, 1, 1, FusedActivation.RELU6, Y, r);
        int out1 = depthwise(g, "out1", c1, FusedActivation.NONE, OUTPUTS[1], r);

        int out2 = depthwise(g, "out2", z, FusedActivation.NONE, OUTPUTS[2], r);
        int out3 = conv(g, "out3", out2, 24, 1, 1, FusedActivation.NONE, OUTPUTS[3], r);
        int d4 = depthwise(g, "d4", z, FusedActivation.NONE, Z, r);
        int out4 = conv(g, "out4", d4, 24, 3, 1, FusedActivation.NONE, OUTPUTS[4], r);
        int d5 = depthwise(g, "d5", z, FusedActivation.NONE, Z, r);
        int out5 = conv(g, "out5", d5, 24, 1, 2, FusedActivation.NONE, OUTPUTS[5], r);

        int d6 = depthwise(g, "d6", z, FusedActivation.NONE, Z, r);
        int out6 = conv(g, "out6", d6, 24, 1, 1, FusedActivation.NONE, OUTPUTS[6], r);

        g.output(out0).output(out1).output(out2).output(out3).output(out4).output(out5).output(out6);
        return m.buildBuffer();
    }

    /** A CONV_2D k x k, SAME, of {@code x} ({@code depth} channels) to {@code out}'s shape. */
    private static int conv(SubgraphBuilder g, String name, int x, int depth, int k, int stride, FusedActivation act,
            int[] out, Random r) {
        int channels = out[3];
        int f = g.constant(name + "_w", DataType.FLOAT32, new int[] {channels, k, k, depth},
                scaled(r, channels * k * k * depth, k * k * depth));
        int b = g.constant(name + "_b", DataType.FLOAT32, new int[] {channels},
                EpilogueFusionTest.random(r, channels));
        int t = g.tensor(name, DataType.FLOAT32, out);
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, f, b}, new int[] {t},
                BuiltinOptions.conv2d(Padding.SAME, stride, stride, act, 1, 1));
        return t;
    }

    /** A DEPTHWISE_CONV_2D 3x3, SAME, stride 1, of {@code x} to {@code out}'s shape. */
    private static int depthwise(SubgraphBuilder g, String name, int x, FusedActivation act, int[] out, Random r) {
        int channels = out[3];
        int f = g.constant(name + "_w", DataType.FLOAT32, new int[] {1, 3, 3, channels},
                scaled(r, 9 * channels, 9));
        int b = g.constant(name + "_b", DataType.FLOAT32, new int[] {channels},
                EpilogueFusionTest.random(r, channels));
        int t = g.tensor(name, DataType.FLOAT32, out);
        g.operator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x, f, b}, new int[] {t},
                BuiltinOptions.depthwiseConv2d(Padding.SAME, 1, 1, 1, act));
        return t;
    }

    /**
     * Normal weights over the square root of the terms each output sums, so that values stay about 1 through the
     * chain and the official and jlite sums, added in different orders, stay within the comparison's tolerance.
     */
    private static float[] scaled(Random r, int n, int terms) {
        float[] w = EpilogueFusionTest.random(r, n);
        float scale = (float) (1 / Math.sqrt(terms));
        for (int i = 0; i < n; i++) {
            w[i] *= scale;
        }
        return w;
    }

    private static float[][] inputs() {
        Random r = new Random(13);
        int[][] shapes = {X, W, Y, Z};
        float[][] inputs = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            inputs[i] = EpilogueFusionTest.random(r, FusionRun.count(shapes[i]));
        }
        return inputs;
    }

    @ParameterizedTest
    @CsvSource({"true, 1", "false, 1", "true, 2", "false, 2"})
    void pairedConsumersGiveTheOfficialResultsAndDoNotRunOnTheirOwn(boolean simd, int threads) {
        assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter.unavailableReason());
        List<String> ran = FusionRun.checkAgainstOfficial(model(), inputs(), OUTPUTS, simd, threads);
        List<String> expected;
        if (threads == 1) {
            // On one thread a depthwise layer runs in one part and pairs with nothing.
            expected = List.of("DEPTHWISE_CONV_2D", "CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D",
                    "DEPTHWISE_CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D",
                    "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D");
        } else {
            expected = new ArrayList<>(List.of("DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D",
                    "DEPTHWISE_CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D",
                    "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D"));
            if (simd) {
                // The scalar kernels compute each pixel on its own at any width, so without SIMD out6 pairs too.
                expected.add("CONV_2D");
            }
        }
        assertThat(ran).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void twoThreadsComputeWhatOneDoesBitForBit(boolean simd) {
        float[][] one = run(simd, 1);
        float[][] two = run(simd, 2);
        for (int i = 0; i < OUTPUTS.length; i++) {
            assertThat(two[i]).as("output %d", i).containsExactly(one[i]);
        }
    }

    private static float[][] run(boolean simd, int threads) {
        return FusionRun.run(model(), inputs(), OUTPUTS, simd, threads).outputs();
    }
}
