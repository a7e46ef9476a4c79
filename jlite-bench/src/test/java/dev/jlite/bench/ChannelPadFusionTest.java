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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An ADD whose other operand is a PAD that only appends zero channels (BlazeFace's residual blocks) folds, PAD
 * included, into the convolution that computes its first operand: the results stay the official interpreter's
 * (builtin kernels) and neither the PAD nor the ADD runs. Addends of 24 of 28, 24 of 56 (with a PRELU after), 16 of
 * 24 (into a DEPTHWISE_CONV_2D) and 36 of 96 channels (3 output rows: on 2 threads the convolution splits its
 * channels, one thread's wholly past the addend's) cover whole vectors and scalar tails on both sides of the
 * addend's end. (Here rather than in jlite-ops because the model needs jlite-writer.)
 */
class ChannelPadFusionTest {
    private static final int[] X = {1, 12, 12, 24};
    private static final int[] Y = {1, 12, 12, 16};
    private static final int[] Z = {1, 3, 3, 36};
    private static final int[] W = {1, 12, 12, 20};
    private static final int[][] OUTPUTS = {{1, 12, 12, 28}, {1, 12, 12, 56}, {1, 12, 12, 24}, {1, 3, 3, 96},
        {1, 12, 12, 24}, {1, 12, 12, 28}, {1, 3, 3, 36}};

    /**
     * Folded: DEPTHWISE -> CONV_2D 1x1 to 28 channels, then PAD of the block's input to 28 -> ADD (RELU) -> out0 (the
     * PAD after the convolution, as in the model files); PAD of x to 56, then CONV_2D 3x3 -> ADD -> PRELU -> out1;
     * DEPTHWISE of x -> ADD with PAD of y -> out2; CONV_2D 3x3 of z -> ADD (RELU6) with PAD of z -> out3. Not folded:
     * a PAD that puts its channels first (out4: it runs, and the ADD folds into the convolution as before). Folded
     * again: CONV_2D 1x1 of x -> ADD with a PAD of a constant (out5: an addend that ends where its array does, so
     * the last pixel's vector loads, which reach past its channels, would leave the array). And an ADD of the whole
     * width beside them: CONV_2D 1x1 of z -> ADD with z (out6: 9 pixels of 36 channels, a run that ends 4 floats into
     * a vector, whose last floats get the addend too).
     */
    private static ByteBuffer model() {
        Random r = new Random(3);
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, X);
        int y = g.input("y", DataType.FLOAT32, Y);
        int z = g.input("z", DataType.FLOAT32, Z);
        int w = g.input("w", DataType.FLOAT32, W);

        int d = depthwise(g, "d", x, X, r);
        int c = conv(g, "c", d, X, 1, 28, r);
        int p = FusionRun.pad(g, "p", x, new int[] {0, 0, 0, 0, 0, 0, 0, 4}, OUTPUTS[0]);
        int out0 = g.tensor("out0", DataType.FLOAT32, OUTPUTS[0]);
        g.operator(BuiltinOperator.ADD, new int[] {p, c}, new int[] {out0}, BuiltinOptions.add(FusedActivation.RELU));

        int p2 = FusionRun.pad(g, "p2", x, new int[] {0, 0, 0, 0, 0, 0, 0, 32}, OUTPUTS[1]);
        int c2 = conv(g, "c2", x, X, 3, 56, r);
        int s2 = g.tensor("s2", DataType.FLOAT32, OUTPUTS[1]);
        g.operator(BuiltinOperator.ADD, new int[] {c2, p2}, new int[] {s2}, BuiltinOptions.add(FusedActivation.NONE));
        int alpha = g.constant("alpha", DataType.FLOAT32, new int[] {1, 1, 56}, random(r, 56));
        int out1 = g.tensor("out1", DataType.FLOAT32, OUTPUTS[1]);
        g.operator(BuiltinOperator.PRELU, new int[] {s2, alpha}, new int[] {out1}, null);

        int e = depthwise(g, "e", x, X, r);
        int py = FusionRun.pad(g, "py", y, new int[] {0, 0, 0, 0, 0, 0, 0, 8}, OUTPUTS[2]);
        int out2 = g.tensor("out2", DataType.FLOAT32, OUTPUTS[2]);
        g.operator(BuiltinOperator.ADD, new int[] {e, py}, new int[] {out2}, BuiltinOptions.add(FusedActivation.NONE));

        int f = conv(g, "f", z, Z, 3, 96, r);
        int pz = FusionRun.pad(g, "pz", z, new int[] {0, 0, 0, 0, 0, 0, 0, 60}, OUTPUTS[3]);
        int out3 = g.tensor("out3", DataType.FLOAT32, OUTPUTS[3]);
        g.operator(BuiltinOperator.ADD, new int[] {pz, f}, new int[] {out3}, BuiltinOptions.add(FusedActivation.RELU6));

        int q = FusionRun.pad(g, "q", w, new int[] {0, 0, 0, 0, 0, 0, 4, 0}, OUTPUTS[4]);
        int h = conv(g, "h", x, X, 1, 24, r);
        int out4 = g.tensor("out4", DataType.FLOAT32, OUTPUTS[4]);
        g.operator(BuiltinOperator.ADD, new int[] {h, q}, new int[] {out4}, BuiltinOptions.add(FusedActivation.NONE));

        int k = g.constant("k", DataType.FLOAT32, X, random(r, FusionRun.count(X)));
        int c5 = conv(g, "c5", x, X, 1, 28, r);
        int pk = FusionRun.pad(g, "pk", k, new int[] {0, 0, 0, 0, 0, 0, 0, 4}, OUTPUTS[5]);
        int out5 = g.tensor("out5", DataType.FLOAT32, OUTPUTS[5]);
        g.operator(BuiltinOperator.ADD, new int[] {c5, pk}, new int[] {out5}, BuiltinOptions.add(FusedActivation.NONE));

        int c6 = conv(g, "c6", z, Z, 1, 36, r);
        int out6 = g.tensor("out6", DataType.FLOAT32, OUTPUTS[6]);
        g.operator(BuiltinOperator.ADD, new int[] {c6, z}, new int[] {out6}, BuiltinOptions.add(FusedActivation.NONE));
        g.output(out0).output(out1).output(out2).output(out3).output(out4).output(out5).output(out6);
        return m.buildBuffer();
    }

    /** A CONV_2D k x k, SAME, stride 1, of x (of shape {@code in}) to {@code channels} channels. */
    private static int conv(SubgraphBuilder g, String name, int x, int[] in, int k, int channels, Random r) {
        int depth = in[3];
        int w = g.constant(name + "_w", DataType.FLOAT32, new int[] {channels, k, k, depth},
                random(r, channels * k * k * depth));
        int b = g.constant(name + "_b", DataType.FLOAT32, new int[] {channels}, random(r, channels));
        int t = g.tensor(name, DataType.FLOAT32, new int[] {1, in[1], in[2], channels});
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, w, b}, new int[] {t},
                BuiltinOptions.conv2d(Padding.SAME, 1, 1, FusedActivation.NONE));
        return t;
    }

    /** A DEPTHWISE_CONV_2D 3x3, SAME, stride 1, of x (of shape {@code in}). */
    private static int depthwise(SubgraphBuilder g, String name, int x, int[] in, Random r) {
        int channels = in[3];
        int w = g.constant(name + "_w", DataType.FLOAT32, new int[] {1, 3, 3, channels}, random(r, 9 * channels));
        int b = g.constant(name + "_b", DataType.FLOAT32, new int[] {channels}, random(r, channels));
        int t = g.tensor(name, DataType.FLOAT32, new int[] {1, in[1], in[2], channels});
        g.operator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x, w, b}, new int[] {t},
                BuiltinOptions.depthwiseConv2d(Padding.SAME, 1, 1, 1, FusedActivation.NONE));
        return t;
    }

    private static float[] random(Random r, int n) {
        return EpilogueFusionTest.random(r, n);
    }

    @ParameterizedTest
    @CsvSource({"true, 1", "false, 1", "true, 2", "false, 2"})
    void foldedChannelPadsAndAddsGiveTheOfficialResultsAndDoNotRun(boolean simd, int threads) {
        assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter.unavailableReason());
        ByteBuffer model = model();
        Random r = new Random(5);
        float[][] inputs = {random(r, FusionRun.count(X)), random(r, FusionRun.count(Y)), random(r, FusionRun.count(Z)),
            random(r, FusionRun.count(W))};
        List<String> ran = FusionRun.checkAgainstOfficial(model, inputs, OUTPUTS, simd, threads);
        assertThat(ran).containsExactly("DEPTHWISE_CONV_2D", "CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D",
                "PAD", "CONV_2D", "CONV_2D", "CONV_2D");
    }
}
