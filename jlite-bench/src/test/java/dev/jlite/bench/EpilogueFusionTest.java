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
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The interpreter folds a float ADD of a convolution's output and a tensor computed before it, and a per-channel
 * PRELU after it, into the convolution's epilogue: the results stay those of the official interpreter (builtin
 * kernels), and the folded operators no longer run. 12 channels (not a whole number of 8-float vectors) and 240
 * pixels (more than one chunk of a 1x1 convolution's epilogue; 20 rows, more than a DEPTHWISE_CONV_2D passes its
 * engine at once). (Here rather than in jlite-ops because the model
 * needs jlite-writer, whose own tests run jlite-ops.)
 */
class EpilogueFusionTest {
    private static final int C = 12;
    private static final int[] SHAPE = {1, 20, 12, C};
    private static final int N = 20 * 12 * C;

    /**
     * Folded: CONV_2D 1x1 -> ADD (with an earlier DEPTHWISE's output, RELU6) -> PRELU -> out0; CONV_2D 3x3 -> ADD
     * (its operand second) -> out1; a CONV_2D, then a DEPTHWISE -> ADD of the two -> out5, folded into the DEPTHWISE,
     * which runs last. Not folded: an ADD that broadcasts a constant (out2), an ADD after a CONV_2D that declares
     * RELU (out3), a PRELU whose slopes are not per channel (out4). (A PRELU after a CONV_2D that declares an
     * activation would fold: the slopes come after the clamp.)
     */
    private static ByteBuffer model() {
        Random r = new Random(11);
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, SHAPE);
        int dw = g.constant("dw", DataType.FLOAT32, new int[] {1, 3, 3, C}, random(r, 9 * C));
        int db = g.constant("db", DataType.FLOAT32, new int[] {C}, random(r, C));
        int w1 = g.constant("w1", DataType.FLOAT32, new int[] {C, 1, 1, C}, random(r, C * C));
        int w3 = g.constant("w3", DataType.FLOAT32, new int[] {C, 3, 3, C}, random(r, 9 * C * C));
        int b = g.constant("b", DataType.FLOAT32, new int[] {C}, random(r, C));
        int alpha = g.constant("alpha", DataType.FLOAT32, new int[] {1, 1, C}, random(r, C));
        int alphaFull = g.constant("alpha_full", DataType.FLOAT32, SHAPE, random(r, N));

        int y = depthwise(g, "y", x, dw, db);
        int c = conv(g, "c", x, w1, b, FusedActivation.NONE);
        int s = g.tensor("s", DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.ADD, new int[] {c, y}, new int[] {s}, BuiltinOptions.add(FusedActivation.RELU6));
        int out0 = g.tensor("out0", DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.PRELU, new int[] {s, alpha}, new int[] {out0}, null);

        int c2 = conv(g, "c2", x, w3, b, FusedActivation.NONE);
        int out1 = g.tensor("out1", DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.ADD, new int[] {y, c2}, new int[] {out1}, BuiltinOptions.add(FusedActivation.NONE));

        int c3 = conv(g, "c3", x, w1, b, FusedActivation.NONE);
        int out2 = g.tensor("out2", DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.ADD, new int[] {c3, b}, new int[] {out2}, BuiltinOptions.add(FusedActivation.NONE));

        int c4 = conv(g, "c4", x, w1, b, FusedActivation.RELU);
        int out3 = g.tensor("out3", DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.ADD, new int[] {c4, y}, new int[] {out3}, BuiltinOptions.add(FusedActivation.NONE));

        int c5 = depthwise(g, "c5", x, dw, db);
        int out4 = g.tensor("out4", DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.PRELU, new int[] {c5, alphaFull}, new int[] {out4}, null);

        int c6 = conv(g, "c6", x, w1, b, FusedActivation.NONE);
        int z = depthwise(g, "z", x, dw, db);
        int out5 = g.tensor("out5", DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.ADD, new int[] {c6, z}, new int[] {out5}, BuiltinOptions.add(FusedActivation.NONE));
        g.output(out0).output(out1).output(out2).output(out3).output(out4).output(out5);
        return m.buildBuffer();
    }

    private static int conv(SubgraphBuilder g, String name, int x, int w, int b, FusedActivation act) {
        int t = g.tensor(name, DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, w, b}, new int[] {t},
                BuiltinOptions.conv2d(Padding.SAME, 1, 1, act));
        return t;
    }

    private static int depthwise(SubgraphBuilder g, String name, int x, int w, int b) {
        int t = g.tensor(name, DataType.FLOAT32, SHAPE);
        g.operator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x, w, b}, new int[] {t},
                BuiltinOptions.depthwiseConv2d(Padding.SAME, 1, 1, 1, FusedActivation.NONE));
        return t;
    }

    /** Gaussian floats (also the inputs and weights of {@link ChannelPadFusionTest}). */
    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void aFoldedAddWhoseOperandNoLongerMatchesAfterAResizeIsAClearError() {
        // x -> CONV_2D 1x1 -> ADD with the second input y: folded. Resizing x alone leaves y at the old shape; the
        // convolution names the folded ADD's operand instead of reading past it.
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 1, 4, 4, 2);
        int y = g.input("y", DataType.FLOAT32, 1, 4, 4, 2);
        int w = g.constant("w", DataType.FLOAT32, new int[] {2, 1, 1, 2}, new float[] {1, 0, 0, 1});
        int b = g.constant("b", DataType.FLOAT32, new int[] {2}, new float[] {0, 0});
        int c = g.tensor("c", DataType.FLOAT32, 1, 4, 4, 2);
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, w, b}, new int[] {c},
                BuiltinOptions.conv2d(Padding.VALID, 1, 1, FusedActivation.NONE));
        int out = g.tensor("out", DataType.FLOAT32, 1, 4, 4, 2);
        g.operator(BuiltinOperator.ADD, new int[] {c, y}, new int[] {out}, BuiltinOptions.add(FusedActivation.NONE));
        g.output(out);
        try (Interpreter interpreter = new Interpreter(m.buildBuffer(),
                new Interpreter.Options().setOpResolver(new BuiltinOpResolver()))) {
            interpreter.setProfiling(true);
            interpreter.allocateTensors();
            interpreter.invoke();
            List<String> ran = new ArrayList<>();
            interpreter.operatorProfile().forEach(t -> ran.add(t.code().displayName()));
            assertThat(ran).containsExactly("CONV_2D");
            interpreter.resizeInput(0, new int[] {1, 5, 5, 2});
            assertThatThrownBy(interpreter::allocateTensors).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("CONV_2D")
                    .hasMessageContaining("folded ADD's other operand has shape [1, 4, 4, 2]")
                    .hasMessageContaining("[1, 5, 5, 2]");
        }
    }

    /**
     * x (batch left to the input: signature -1) -> CONV_2D 1x1 -> ADD with the second input y (batch -1 too) ->
     * PRELU. At the file's shapes the ADD and the PRELU fold (object_detection_3d_camera's residual ADDs are so);
     * once x is resized to batch 2 with y left at batch 1, the ADD broadcasts y, so nothing may fold, and at the
     * file's shapes again both fold again.
     */
    @Test
    void addsOfABatchLeftToTheInputFoldAtTheFileShapesAndNotOnceResized() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int[] shape = {1, 3, 3, C};
        int[] dynamic = {-1, 3, 3, C};
        Random r = new Random(3);
        int x = g.input("x", DataType.FLOAT32, shape);
        int y = g.input("y", DataType.FLOAT32, shape);
        int w = g.constant("w", DataType.FLOAT32, new int[] {C, 1, 1, C}, random(r, C * C));
        int b = g.constant("b", DataType.FLOAT32, new int[] {C}, random(r, C));
        int alpha = g.constant("alpha", DataType.FLOAT32, new int[] {1, 1, C}, random(r, C));
        int c = g.tensor("c", DataType.FLOAT32, shape);
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, w, b}, new int[] {c},
                BuiltinOptions.conv2d(Padding.SAME, 1, 1, FusedActivation.NONE));
        int s = g.tensor("s", DataType.FLOAT32, shape);
        g.operator(BuiltinOperator.ADD, new int[] {c, y}, new int[] {s}, BuiltinOptions.add(FusedActivation.NONE));
        int out = g.tensor("out", DataType.FLOAT32, shape);
        g.operator(BuiltinOperator.PRELU, new int[] {s, alpha}, new int[] {out}, null);
        for (int t : new int[] {x, y, c, s, out}) {
            g.shapeSignature(t, dynamic);
        }
        g.output(out);
        ByteBuffer model = m.buildBuffer();
        int n = 9 * C;
        float[] x0 = random(new Random(4), n);
        float[] x1 = random(new Random(5), n);
        float[] y0 = random(new Random(6), n);
        float[] want0 = unfolded(model, x0, y0);
        float[] want1 = unfolded(model, x1, y0);

        try (Interpreter interpreter = new Interpreter(model,
                new Interpreter.Options().setOpResolver(new BuiltinOpResolver()))) {
            interpreter.setProfiling(true);
            assertClose(runOnce(interpreter, x0, y0, n), want0);
            assertThat(ran(interpreter)).containsExactly("CONV_2D");

            interpreter.resizeInput(0, new int[] {2, 3, 3, C});
            float[] both = new float[2 * n];
            System.arraycopy(x0, 0, both, 0, n);
            System.arraycopy(x1, 0, both, n, n);
            float[] got = runOnce(interpreter, both, y0, 2 * n);
            assertClose(java.util.Arrays.copyOfRange(got, 0, n), want0);
            assertClose(java.util.Arrays.copyOfRange(got, n, 2 * n), want1);
            assertThat(ran(interpreter)).containsExactly("CONV_2D", "ADD", "PRELU");

            interpreter.resizeInput(0, shape);
            assertClose(runOnce(interpreter, x1, y0, n), want1);
            assertThat(ran(interpreter)).containsExactly("CONV_2D");
        }
    }

    /** The model's output for batch-1 inputs with nothing folded: the official interpreter's builtin kernels. */
    private static float[] unfolded(ByteBuffer model, float[] x, float[] y) {
        assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter.unavailableReason());
        return (float[]) OfficialInterpreter.run(model, false, x, y)[0];
    }

    private static void assertClose(float[] got, float[] want) {
        assertThat(got).hasSameSizeAs(want);
        for (int k = 0; k < want.length; k++) {
            assertThat(got[k]).as("element %d", k).isCloseTo(want[k], Offset.offset(1e-5f * (1 + Math.abs(want[k]))));
        }
    }

    private static float[] runOnce(Interpreter interpreter, float[] x, float[] y, int n) {
        float[] out = new float[n];
        Map<Integer, Object> outputs = new HashMap<>();
        outputs.put(0, FloatBuffer.wrap(out));
        interpreter.runForMultipleInputsOutputs(new Object[] {FloatBuffer.wrap(x), FloatBuffer.wrap(y)}, outputs);
        return out;
    }

    private static List<String> ran(Interpreter interpreter) {
        List<String> ran = new ArrayList<>();
        interpreter.operatorProfile().forEach(t -> ran.add(t.code().displayName()));
        return ran;
    }

    @ParameterizedTest
    @CsvSource({"true, 1", "false, 1", "true, 2"})
    void foldedAddsAndPrelusGiveTheOfficialResultsAndDoNotRun(boolean simd, int threads) {
        assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter.unavailableReason());
        ByteBuffer model = model();
        float[] x = random(new Random(5), N);
        Object[] expected = OfficialInterpreter.run(model, false, x);

        try (Interpreter interpreter = new Interpreter(model, new Interpreter.Options().setUseSimd(simd)
                .setNumThreads(threads).setOpResolver(new BuiltinOpResolver()))) {
            interpreter.setProfiling(true);
            float[][] out = new float[6][N];
            Map<Integer, Object> outputs = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                outputs.put(i, FloatBuffer.wrap(out[i]));
            }
            interpreter.runForMultipleInputsOutputs(new Object[] {FloatBuffer.wrap(x)}, outputs);
            for (int i = 0; i < 6; i++) {
                float[] want = (float[]) expected[i];
                for (int k = 0; k < N; k++) {
                    assertThat(out[i][k]).as("output %d element %d", i, k)
                            .isCloseTo(want[k], Offset.offset(1e-5f * (1 + Math.abs(want[k]))));
                }
            }
            List<String> ran = new ArrayList<>();
            interpreter.operatorProfile().forEach(t -> ran.add(t.code().displayName()));
            assertThat(ran).containsExactly("DEPTHWISE_CONV_2D", "CONV_2D", "CONV_2D", "CONV_2D", "ADD", "CONV_2D",
                    "ADD", "DEPTHWISE_CONV_2D", "PRELU", "CONV_2D", "DEPTHWISE_CONV_2D");
        }
    }
}
