package dev.jlite.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Model;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.Compare;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.Assumptions;

/** Models written by {@link ModelBuilder} load in the official TensorFlow Lite 2.6.2 interpreter and agree with jlite. */
@EnabledOnOs(OS.LINUX)
class WrittenModelsRunOfficiallyTest {

    @BeforeEach
    void needsOfficialInterpreter() {
        Assumptions.assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter::unavailableReason);
    }

    @Test
    void smallCnnMatchesJlite() {
        Random random = new Random(20261125);
        ModelBuilder builder = new ModelBuilder().description("small CNN");
        SubgraphBuilder g = builder.subgraph("main");
        int image = g.input("image", DataType.FLOAT32, 1, 8, 8, 3);
        int convFilter = g.constant("conv/filter", DataType.FLOAT32, new int[] {4, 3, 3, 3}, floats(random, 108, 0.5f));
        int convBias = g.constant("conv/bias", DataType.FLOAT32, new int[] {4}, floats(random, 4, 0.1f));
        int conv = g.tensor("conv", DataType.FLOAT32, 1, 8, 8, 4);
        g.operator(BuiltinOperator.CONV_2D, new int[] {image, convFilter, convBias}, new int[] {conv},
                BuiltinOptions.conv2d(Padding.SAME, 1, 1, FusedActivation.RELU));
        int dwFilter = g.constant("dw/filter", DataType.FLOAT32, new int[] {1, 3, 3, 4}, floats(random, 36, 0.5f));
        int dwBias = g.constant("dw/bias", DataType.FLOAT32, new int[] {4}, floats(random, 4, 0.1f));
        int dw = g.tensor("dw", DataType.FLOAT32, 1, 8, 8, 4);
        g.operator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {conv, dwFilter, dwBias}, new int[] {dw},
                BuiltinOptions.depthwiseConv2d(Padding.SAME, 1, 1, 1, FusedActivation.RELU6));
        int sum = g.tensor("sum", DataType.FLOAT32, 1, 8, 8, 4);
        g.operator(BuiltinOperator.ADD, new int[] {conv, dw}, new int[] {sum}, BuiltinOptions.add(FusedActivation.NONE));
        int pooled = g.tensor("pooled", DataType.FLOAT32, 1, 4, 4, 4);
        g.operator(BuiltinOperator.MAX_POOL_2D, new int[] {sum}, new int[] {pooled},
                BuiltinOptions.pool2d(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE));
        int newShape = g.constant("flat/shape", DataType.INT32, new int[] {2}, new int[] {1, 64});
        int flat = g.tensor("flat", DataType.FLOAT32, 1, 64);
        g.operator(BuiltinOperator.RESHAPE, new int[] {pooled, newShape}, new int[] {flat}, BuiltinOptions.reshape(1, 64));
        int fcWeights = g.constant("fc/weights", DataType.FLOAT32, new int[] {10, 64}, floats(random, 640, 0.3f));
        int fcBias = g.constant("fc/bias", DataType.FLOAT32, new int[] {10}, floats(random, 10, 0.1f));
        int logits = g.tensor("logits", DataType.FLOAT32, 1, 10);
        g.operator(BuiltinOperator.FULLY_CONNECTED, new int[] {flat, fcWeights, fcBias}, new int[] {logits},
                BuiltinOptions.fullyConnected(FusedActivation.NONE, false));
        int probabilities = g.tensor("probabilities", DataType.FLOAT32, 1, 10);
        g.operator(BuiltinOperator.SOFTMAX, new int[] {logits}, new int[] {probabilities}, BuiltinOptions.softmax(1f));
        g.output(probabilities);
        ByteBuffer model = builder.buildBuffer();

        float[] input = floats(random, 8 * 8 * 3, 1f);
        float[] official = (float[]) OfficialInterpreter.run(model, false, input)[0];
        float[] jlite = (float[]) JliteRunner.run(model, input)[0];

        assertThat(official).hasSize(10);
        float total = 0;
        for (float p : official) {
            total += p;
        }
        assertThat(total).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        // Softmax of random logits is far from uniform: the weights and activations really went through.
        assertThat(max(official) - min(official)).isGreaterThan(0.01f);
        assertThat(Compare.maxRelativeError(jlite, official)).isLessThan(1e-5);
    }

    /** FLOAT16, UINT8 and INT16 constants, each dequantized and added to the input: their bytes reach the kernels. */
    @Test
    void narrowConstantsDequantizeOfficially() {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 4);
        int half = g.constant("half", DataType.FLOAT16, new int[] {4},
                new short[] {0x3c00, (short) 0xc000, 0x3800, 0x4200}); // 1, -2, 0.5, 3
        int u8 = g.constant("u8", DataType.UINT8, new int[] {4}, new byte[] {0, (byte) 128, (byte) 200, (byte) 255});
        g.quantize(u8, 0.5f, 128);
        int i16 = g.constant("i16", DataType.INT16, new int[] {4}, new short[] {-300, 0, 7, 32767});
        g.quantize(i16, 0.25f, 0);
        int sum = x;
        int k = 0;
        for (int c : new int[] {half, u8, i16}) {
            int dequantized = g.tensor("dq" + k, DataType.FLOAT32, 4);
            g.operator(BuiltinOperator.DEQUANTIZE, c == half ? 3 : c == u8 ? 1 : 4, new int[] {c},
                    new int[] {dequantized}, null);
            int next = g.tensor("sum" + k++, DataType.FLOAT32, 4);
            g.operator(BuiltinOperator.ADD, new int[] {sum, dequantized}, new int[] {next},
                    BuiltinOptions.add(FusedActivation.NONE));
            sum = next;
        }
        g.output(sum);
        ByteBuffer model = builder.buildBuffer();

        float[] input = {10, 20, 30, 40};
        float[] expected = new float[4];
        float[] halves = {1, -2, 0.5f, 3};
        int[] u8Values = {0, 128, 200, 255};
        int[] i16Values = {-300, 0, 7, 32767};
        for (int i = 0; i < 4; i++) {
            expected[i] = input[i] + halves[i] + 0.5f * (u8Values[i] - 128) + 0.25f * i16Values[i];
        }
        assertThat((float[]) OfficialInterpreter.run(model, false, input)[0]).containsExactly(expected);
        assertThat((float[]) JliteRunner.run(model, input)[0]).containsExactly(expected);
    }

    /** The example of the README and of ModelBuilder's Javadoc: a fully connected layer without bias. */
    @Test
    void documentedExampleMatchesJlite() {
        float[] weights = floats(new Random(7), 8, 1f);
        ModelBuilder model = new ModelBuilder();
        SubgraphBuilder g = model.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 1, 4);
        int w = g.constant("w", DataType.FLOAT32, new int[] {2, 4}, weights);
        int y = g.tensor("y", DataType.FLOAT32, 1, 2);
        g.operator(BuiltinOperator.FULLY_CONNECTED, new int[] {x, w, -1}, new int[] {y},
                BuiltinOptions.fullyConnected(FusedActivation.RELU, false));
        g.output(y);
        model.signature("serving_default", 0, Map.of("x", x), Map.of("y", y));
        ByteBuffer file = model.buildBuffer();

        float[] input = {1, -1, 0.5f, 2};
        float[] expected = new float[2];
        for (int o = 0; o < 2; o++) {
            float acc = 0;
            for (int i = 0; i < 4; i++) {
                acc += weights[o * 4 + i] * input[i];
            }
            expected[o] = Math.max(0, acc);
        }
        assertThat(max(expected)).as("RELU leaves something").isGreaterThan(0.1f);
        float[] official = (float[]) OfficialInterpreter.run(file, false, input)[0];
        assertThat(Compare.maxAbsError(official, expected)).isLessThan(1e-5);
        assertThat(Compare.maxAbsError((float[]) JliteRunner.run(file, input)[0], official)).isLessThan(1e-6);
    }

    /**
     * TensorFlow Lite 2.6's DEQUANTIZE reads only a tensor's legacy per-tensor parameters, which are zero for a
     * per-axis tensor, so it loads and runs the model but its values say nothing about the file; jlite's are
     * checked against the formula, and the per-channel convolution below checks per-axis parameters officially.
     */
    @Test
    void perAxisQuantizedDequantizeLoads() {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 2, 3);
        byte[] q = {-128, -1, 0, 5, 100, 127};
        float[] scales = {0.5f, 0.25f, 2f};
        long[] zeroPoints = {0, 3, -4};
        int w = g.constant("w", DataType.INT8, new int[] {2, 3}, q);
        g.quantize(w, scales, zeroPoints, 1);
        int dequantized = g.tensor("w/dequantized", DataType.FLOAT32, 2, 3);
        g.operator(BuiltinOperator.DEQUANTIZE, 2, new int[] {w}, new int[] {dequantized}, BuiltinOptions.dequantize());
        int y = g.tensor("y", DataType.FLOAT32, 2, 3);
        g.operator(BuiltinOperator.ADD, new int[] {x, dequantized}, new int[] {y},
                BuiltinOptions.add(FusedActivation.NONE));
        g.output(y);
        ByteBuffer model = builder.buildBuffer();

        float[] input = {1, 2, 3, 4, 5, 6};
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            int c = i % 3;
            expected[i] = input[i] + scales[c] * (q[i] - zeroPoints[c]);
        }
        assertThat((float[]) OfficialInterpreter.run(model, false, input)[0]).hasSize(6);
        assertThat((float[]) JliteRunner.run(model, input)[0]).containsExactly(expected);
    }

    /**
     * A fully int8 1x1 convolution with per-channel filter and bias scales. The scales make every requantization
     * multiplier a power of two, so the official result is exact and known.
     */
    @Test
    void perChannelQuantizedConvolutionGivesExactResults() {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("main");
        int input = g.input("input", DataType.INT8, 1, 2, 2, 1);
        g.quantize(input, 1f, 0);
        int filter = g.constant("filter", DataType.INT8, new int[] {2, 1, 1, 1}, new byte[] {3, -5});
        g.quantize(filter, new float[] {0.5f, 0.25f}, new long[] {0, 0}, 0);
        int bias = g.constant("bias", DataType.INT32, new int[] {2}, new int[] {2, -1});
        g.quantize(bias, new float[] {0.5f, 0.25f}, new long[] {0, 0}, 0);
        int output = g.tensor("output", DataType.INT8, 1, 2, 2, 2);
        g.quantize(output, 0.125f, -10);
        g.operator(BuiltinOperator.CONV_2D, 3, new int[] {input, filter, bias}, new int[] {output},
                BuiltinOptions.conv2d(Padding.VALID, 1, 1, FusedActivation.NONE));
        g.output(output);

        byte[] in = {1, -2, 3, 4};
        byte[] expected = new byte[8];
        int[] filterQ = {3, -5};
        int[] biasQ = {2, -1};
        int[] multiplier = {4, 2}; // input scale * filter scale / output scale
        for (int p = 0; p < 4; p++) {
            for (int c = 0; c < 2; c++) {
                int acc = in[p] * filterQ[c] + biasQ[c];
                expected[p * 2 + c] = (byte) Math.max(-128, Math.min(127, acc * multiplier[c] - 10));
            }
        }
        byte[] official = (byte[]) OfficialInterpreter.run(builder.buildBuffer(), false, (Object) in)[0];
        assertThat(official).containsExactly(expected);
        assertThat(official).containsExactly(10, -22, -26, 8, 34, -42, 46, -52);
    }

    @Test
    void signatureDefsAndTwoSubgraphsLoadAndRun() {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("main");
        int a = g.input("a", DataType.FLOAT32, 1, 3);
        int b = g.input("b", DataType.FLOAT32, 1, 3);
        g.shapeSignature(a, -1, 3);
        g.shapeSignature(b, -1, 3);
        int product = g.tensor("product", DataType.FLOAT32, 1, 3);
        g.shapeSignature(product, -1, 3);
        g.operator(BuiltinOperator.MUL, new int[] {a, b}, new int[] {product}, BuiltinOptions.mul(FusedActivation.NONE));
        g.output(product);
        // A second subgraph with its own signature: the interpreter parses every subgraph, but runs the first.
        SubgraphBuilder aux = builder.subgraph("aux");
        int c = aux.input("c", DataType.INT32, 2);
        int doubled = aux.tensor("doubled", DataType.INT32, 2);
        aux.operator(BuiltinOperator.ADD, new int[] {c, c}, new int[] {doubled}, BuiltinOptions.add(FusedActivation.NONE));
        aux.output(doubled);
        builder.signature("serving_default", 0, Map.of("lhs", a, "rhs", b), Map.of("product", product));
        builder.signature("double", 1, Map.of("c", c), Map.of("doubled", doubled));
        builder.metadata("min_runtime_version", "1.14.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ByteBuffer model = builder.buildBuffer();

        float[] lhs = {1, -2, 3};
        float[] rhs = {4, 5, -6};
        assertThat((float[]) OfficialInterpreter.run(model, false, lhs, rhs)[0]).containsExactly(4, -10, -18);
        assertThat((float[]) JliteRunner.run(model, lhs, rhs)[0]).containsExactly(4, -10, -18);
        assertThat(Model.wrap(model).signatureDefs().get(0).inputs()).containsEntry("lhs", a).containsEntry("rhs", b);
        try (dev.jlite.Interpreter interpreter = new dev.jlite.Interpreter(model.duplicate(),
                new dev.jlite.Interpreter.Options())) {
            assertThat(interpreter.getSignatureKeys()).containsExactly("serving_default", "double");
            int[] twice = new int[2];
            interpreter.runSignature(Map.of("c", java.nio.IntBuffer.wrap(new int[] {3, -7})),
                    Map.of("doubled", java.nio.IntBuffer.wrap(twice)), "double");
            assertThat(twice).containsExactly(6, -14);
        }
    }

    private static float[] floats(Random random, int n, float range) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * range;
        }
        return values;
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float min(float[] values) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }
}
