package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.ops.BuiltinOpResolver;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interpreter folds a standalone RELU, RELU6 or RELU_N1_TO_1 into the operator before it when that operator
 * declares no activation and nothing else reads its output: the results stay those of the official interpreter
 * (builtin kernels), and the folded activation no longer runs. (Here rather than in jlite-ops because these models
 * need jlite-writer, whose own tests run jlite-ops.)
 */
class ActivationFusionTest {
    private static final int N = 1 * 5 * 5 * 3;

    /**
     * x -> CONV_2D (NONE) -> RELU -> out0: folded. x + y -> ADD (NONE) -> RELU6 -> out1, and the ADD's output also
     * feeds a MUL -> out2: not folded (two readers). x + y -> ADD (RELU) -> RELU_N1_TO_1 -> out3: not folded (the
     * ADD declares an activation). x -> DEPTHWISE (NONE) -> RELU_N1_TO_1 -> out4: folded.
     */
    private static ByteBuffer model() {
        Random r = new Random(3);
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 1, 5, 5, 3);
        int y = g.input("y", DataType.FLOAT32, 1, 5, 5, 3);
        int w = g.constant("w", DataType.FLOAT32, new int[] {4, 3, 3, 3}, random(r, 4 * 27));
        int b = g.constant("b", DataType.FLOAT32, new int[] {4}, random(r, 4));
        int conv = g.tensor("conv", DataType.FLOAT32, 1, 5, 5, 4);
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, w, b}, new int[] {conv},
                BuiltinOptions.conv2d(Padding.SAME, 1, 1, FusedActivation.NONE));
        int out0 = g.tensor("out0", DataType.FLOAT32, 1, 5, 5, 4);
        g.operator(BuiltinOperator.RELU, new int[] {conv}, new int[] {out0}, null);

        int sum = g.tensor("sum", DataType.FLOAT32, 1, 5, 5, 3);
        g.operator(BuiltinOperator.ADD, new int[] {x, y}, new int[] {sum}, BuiltinOptions.add(FusedActivation.NONE));
        int out1 = g.tensor("out1", DataType.FLOAT32, 1, 5, 5, 3);
        g.operator(BuiltinOperator.RELU6, new int[] {sum}, new int[] {out1}, null);
        int out2 = g.tensor("out2", DataType.FLOAT32, 1, 5, 5, 3);
        g.operator(BuiltinOperator.MUL, new int[] {sum, y}, new int[] {out2},
                BuiltinOptions.mul(FusedActivation.NONE));

        int relu = g.tensor("sum_relu", DataType.FLOAT32, 1, 5, 5, 3);
        g.operator(BuiltinOperator.ADD, new int[] {x, y}, new int[] {relu}, BuiltinOptions.add(FusedActivation.RELU));
        int out3 = g.tensor("out3", DataType.FLOAT32, 1, 5, 5, 3);
        g.operator(BuiltinOperator.RELU_N1_TO_1, new int[] {relu}, new int[] {out3}, null);

        int dw = g.constant("dw", DataType.FLOAT32, new int[] {1, 3, 3, 3}, random(r, 27));
        int db = g.constant("db", DataType.FLOAT32, new int[] {3}, random(r, 3));
        int depthwise = g.tensor("depthwise", DataType.FLOAT32, 1, 3, 3, 3);
        g.operator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x, dw, db}, new int[] {depthwise},
                BuiltinOptions.depthwiseConv2d(Padding.VALID, 1, 1, 1, FusedActivation.NONE));
        int out4 = g.tensor("out4", DataType.FLOAT32, 1, 3, 3, 3);
        g.operator(BuiltinOperator.RELU_N1_TO_1, new int[] {depthwise}, new int[] {out4}, null);
        g.output(out0).output(out1).output(out2).output(out3).output(out4);
        return m.buildBuffer();
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 3);
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void foldedActivationsGiveTheOfficialResultsAndDoNotRun(boolean simd) {
        assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter.unavailableReason());
        ByteBuffer model = model();
        Random r = new Random(7);
        float[] x = random(r, N);
        float[] y = random(r, N);
        Object[] expected = OfficialInterpreter.run(model, false, x, y);

        try (Interpreter interpreter = new Interpreter(model, new Interpreter.Options().setUseSimd(simd)
                .setOpResolver(new BuiltinOpResolver()))) {
            interpreter.setProfiling(true);
            float[][] out = new float[5][];
            java.util.Map<Integer, Object> outputs = new java.util.HashMap<>();
            for (int i = 0; i < 5; i++) {
                out[i] = new float[interpreter.getOutputTensor(i).numElements()];
                outputs.put(i, java.nio.FloatBuffer.wrap(out[i]));
            }
            interpreter.runForMultipleInputsOutputs(new Object[] {java.nio.FloatBuffer.wrap(x), java.nio.FloatBuffer.wrap(y)}, outputs);
            for (int i = 0; i < 5; i++) {
                float[] want = (float[]) expected[i];
                for (int k = 0; k < want.length; k++) {
                    assertThat(out[i][k]).as("output %d element %d", i, k)
                            .isCloseTo(want[k], org.assertj.core.data.Offset.offset(1e-5f * (1 + Math.abs(want[k]))));
                }
            }
            List<String> ran = new ArrayList<>();
            interpreter.operatorProfile().forEach(t -> ran.add(t.code().displayName()));
            // RELU (after the conv) and the depthwise's RELU_N1_TO_1 are folded; RELU6 and the ADD (RELU)'s
            // RELU_N1_TO_1 still run
            assertThat(ran).containsExactly("CONV_2D", "ADD", "RELU6", "MUL", "ADD", "RELU_N1_TO_1",
                    "DEPTHWISE_CONV_2D");
        }
    }
}
