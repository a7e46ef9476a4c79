package dev.jlite.ops.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.ModelFormatException;
import dev.jlite.Tensor;
import dev.jlite.testing.Compare;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Runs single-op models in jlite and in the official TensorFlow Lite 2.6.2 interpreter (builtin kernels, no
 * XNNPACK) and compares output shapes and data.
 */
final class Oracle {
    private Oracle() {}

    /** One model output: its shape and flat data. */
    record Output(int[] shape, Object data) {}

    /** Runs the model in jlite (one thread) and returns every output with the shape it had after the run. */
    static Output[] jlite(ByteBuffer model, Object... inputs) {
        return jlite(model, new Interpreter.Options(), inputs);
    }

    static Output[] jlite(ByteBuffer model, Interpreter.Options options, Object... inputs) {
        ByteBuffer file = model.duplicate();
        file.rewind();
        try (Interpreter interpreter = new Interpreter(file, options)) {
            Object[] wrapped = new Object[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                wrapped[i] = wrap(inputs[i]);
            }
            interpreter.runForMultipleInputsOutputs(wrapped, Map.of());
            Output[] outputs = new Output[interpreter.getOutputTensorCount()];
            for (int i = 0; i < outputs.length; i++) {
                Tensor t = interpreter.getOutputTensor(i);
                Object data = newArray(t.dataType(), t.numElements());
                interpreter.getOutput(i, wrap(data));
                outputs[i] = new Output(t.shape(), data);
            }
            return outputs;
        }
    }

    /** Runs the model in the official interpreter; shapes are the outputs' shapes after the run. */
    static Output[] official(ByteBuffer model, Object... inputs) {
        try (OfficialInterpreter official = new OfficialInterpreter(model, 1, false)) {
            Object[] data = official.runFlat(inputs);
            Output[] outputs = new Output[data.length];
            for (int i = 0; i < data.length; i++) {
                outputs[i] = new Output(official.outputShape(i), data[i]);
            }
            return outputs;
        }
    }

    /** Asserts that jlite's outputs equal the official interpreter's bit for bit, shapes included. */
    static void assertSame(ByteBuffer model, Object... inputs) {
        assertSameAs(model, model, inputs);
    }

    /**
     * Asserts that jlite running {@code model} gives bit for bit what the official interpreter gives running
     * {@code reference} (an equivalent model, e.g. with constant instead of runtime shape inputs).
     */
    static void assertSameAs(ByteBuffer model, ByteBuffer reference, Object... inputs) {
        assertSameAs(model, reference, inputs, inputs);
    }

    static void assertSameAs(ByteBuffer model, ByteBuffer reference, Object[] inputs, Object[] referenceInputs) {
        Output[] actual = jlite(model, inputs);
        Output[] expected = official(reference, referenceInputs);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i].shape()).as("shape of output %d", i).containsExactly(expected[i].shape());
            assertThat(actual[i].data()).as("data of output %d, shape %s", i, Arrays.toString(expected[i].shape()))
                    .isEqualTo(expected[i].data());
        }
    }

    /** Asserts equal shapes and float data within {@code tolerance} of the reference's range. */
    static void assertClose(ByteBuffer model, double tolerance, Object... inputs) {
        assertClose(jlite(model, inputs), official(model, inputs), tolerance);
    }

    static void assertClose(Output[] actual, Output[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i].shape()).as("shape of output %d", i).containsExactly(expected[i].shape());
            Compare.assertClose("output " + i, (float[]) actual[i].data(), (float[]) expected[i].data(), tolerance);
        }
    }

    /** Asserts that jlite rejects the model with a {@link ModelFormatException} when preparing or running it. */
    static void assertRejected(ByteBuffer model, Object... inputs) {
        assertThatThrownBy(() -> jlite(model, inputs)).isInstanceOf(ModelFormatException.class);
    }

    /** Asserts that both jlite and the official interpreter refuse the model. */
    static void assertBothReject(ByteBuffer model, Object... inputs) {
        assertRejected(model, inputs);
        assertThatThrownBy(() -> OfficialInterpreter.run(model, false, inputs)).as("official interpreter")
                .isInstanceOf(Exception.class);
    }

    /** Seeded random data of a type's flat array form. */
    static Object random(DataType type, int n, Random random) {
        switch (type) {
            case FLOAT32: {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) random.nextGaussian() * 10f;
                }
                return a;
            }
            case INT32: {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextInt();
                }
                return a;
            }
            case INT64: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextLong();
                }
                return a;
            }
            case INT16: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) random.nextInt();
                }
                return a;
            }
            case BOOL: {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (random.nextBoolean() ? 1 : 0);
                }
                return a;
            }
            case UINT8:
            case INT8: {
                byte[] a = new byte[n];
                random.nextBytes(a);
                return a;
            }
            default:
                throw new IllegalArgumentException("no random data for " + type);
        }
    }

    static int count(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static Object wrap(Object flat) {
        if (flat instanceof float[] a) {
            return java.nio.FloatBuffer.wrap(a);
        }
        if (flat instanceof int[] a) {
            return java.nio.IntBuffer.wrap(a);
        }
        if (flat instanceof long[] a) {
            return java.nio.LongBuffer.wrap(a);
        }
        if (flat instanceof short[] a) {
            return java.nio.ShortBuffer.wrap(a);
        }
        if (flat instanceof byte[] a) {
            return ByteBuffer.wrap(a);
        }
        throw new IllegalArgumentException("unsupported flat array " + flat.getClass().getSimpleName());
    }

    private static Object newArray(DataType type, int n) {
        switch (type.storage()) {
            case FLOAT: return new float[n];
            case INT: return new int[n];
            case LONG: return new long[n];
            case SHORT: return new short[n];
            case BYTE: return new byte[n];
            default: throw new IllegalArgumentException("no flat array for " + type);
        }
    }
}
