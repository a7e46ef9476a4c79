package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.ops.BuiltinOpResolver;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.SubgraphBuilder;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;

/**
 * What the fold tests share: a PAD in a written model, one run in jlite, and one checked against the official one.
 */
final class FusionRun {
    private FusionRun() {}

    /** A float PAD of {@code x} by constant int32 {@code paddings} ({@code [4, 2]}) to {@code shape}. */
    static int pad(SubgraphBuilder g, String name, int x, int[] paddings, int[] shape) {
        int pads = g.constant(name + "_paddings", DataType.INT32, new int[] {4, 2}, paddings);
        int t = g.tensor(name, DataType.FLOAT32, shape);
        g.operator(BuiltinOperator.PAD, new int[] {x, pads}, new int[] {t}, BuiltinOptions.pad());
        return t;
    }

    /**
     * Runs {@code model} on {@code inputs} in the official interpreter (builtin kernels) and in jlite, checks that
     * jlite's outputs have the {@code outputs} shapes and the official values (to 1e-5, relative), and returns the
     * operators jlite ran, in order.
     */
    static List<String> checkAgainstOfficial(ByteBuffer model, float[][] inputs, int[][] outputs, boolean simd,
            int threads) {
        Object[] expected = OfficialInterpreter.run(model, false, (Object[]) inputs);
        Result jlite = run(model, inputs, outputs, simd, threads);
        for (int i = 0; i < outputs.length; i++) {
            assertThat(jlite.shapes()[i]).as("output %d shape", i).containsExactly(outputs[i]);
            float[] want = (float[]) expected[i];
            for (int k = 0; k < want.length; k++) {
                assertThat(jlite.outputs()[i][k]).as("output %d element %d", i, k)
                        .isCloseTo(want[k], Offset.offset(1e-5f * (1 + Math.abs(want[k]))));
            }
        }
        return jlite.ran();
    }

    /** One run in jlite: the outputs, their shapes, and the operators that ran, in order. */
    record Result(float[][] outputs, int[][] shapes, List<String> ran) {}

    /** Runs {@code model} once in jlite on {@code inputs}, into float outputs of the {@code outputs} shapes. */
    static Result run(ByteBuffer model, float[][] inputs, int[][] outputs, boolean simd, int threads) {
        try (Interpreter interpreter = new Interpreter(model, new Interpreter.Options().setUseSimd(simd)
                .setNumThreads(threads).setOpResolver(new BuiltinOpResolver()))) {
            interpreter.setProfiling(true);
            float[][] out = new float[outputs.length][];
            Map<Integer, Object> buffers = new HashMap<>();
            for (int i = 0; i < outputs.length; i++) {
                out[i] = new float[count(outputs[i])];
                buffers.put(i, FloatBuffer.wrap(out[i]));
            }
            Object[] in = new Object[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                in[i] = FloatBuffer.wrap(inputs[i]);
            }
            interpreter.runForMultipleInputsOutputs(in, buffers);
            int[][] shapes = new int[outputs.length][];
            for (int i = 0; i < outputs.length; i++) {
                shapes[i] = interpreter.getOutputTensor(i).shape();
            }
            List<String> ran = new ArrayList<>();
            interpreter.operatorProfile().forEach(t -> ran.add(t.code().displayName()));
            return new Result(out, shapes, ran);
        }
    }

    static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
