package dev.jlite.ops.elementwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.Interpreter;
import dev.jlite.Tensor;
import dev.jlite.testing.Compare;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Random;

/** Runs single-op models in jlite and in the official interpreter, and random data for them. */
final class OpRuns {
    /** Tolerance relative to the output's largest magnitude for arithmetic. */
    static final double TOLERANCE = 1e-5;
    /** Tolerance for transcendental functions (exp, tanh), which TensorFlow Lite approximates. */
    static final double TRANSCENDENTAL_TOLERANCE = 1e-4;

    private OpRuns() {}

    /** An output of a jlite run: its shape after running and its flat data. */
    record Output(int[] shape, Object data) {
        float[] floats() {
            return (float[]) data;
        }

        int[] ints() {
            return (int[]) data;
        }
    }

    /** Runs the model in jlite on {@code threads} threads (SIMD kernels allowed) and returns output 0. */
    static Output jlite(ByteBuffer model, int threads, Object... inputs) {
        return jliteWith(model, threads, true, inputs);
    }

    /** Runs the model in jlite with the SIMD or the scalar kernels and returns output 0 with its shape. */
    static Output jliteWith(ByteBuffer model, int threads, boolean simd, Object... inputs) {
        ByteBuffer file = model.duplicate();
        file.rewind();
        Interpreter.Options options = new Interpreter.Options().setNumThreads(threads).setUseSimd(simd);
        try (Interpreter interpreter = new Interpreter(file, options)) {
            Object[] wrapped = new Object[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                wrapped[i] = wrap(inputs[i]);
            }
            interpreter.runForMultipleInputsOutputs(wrapped, new HashMap<>());
            Tensor out = interpreter.getOutputTensor(0);
            Object data;
            switch (out.dataType()) {
                case FLOAT32: {
                    float[] a = new float[out.numElements()];
                    interpreter.getOutput(0, FloatBuffer.wrap(a));
                    data = a;
                    break;
                }
                case INT32: {
                    int[] a = new int[out.numElements()];
                    interpreter.getOutput(0, IntBuffer.wrap(a));
                    data = a;
                    break;
                }
                case FLOAT16:
                case INT16: {
                    short[] a = new short[out.numElements()];
                    interpreter.getOutput(0, ShortBuffer.wrap(a));
                    data = a;
                    break;
                }
                default: {
                    byte[] a = new byte[out.numElements()];
                    interpreter.getOutput(0, ByteBuffer.wrap(a));
                    data = a;
                }
            }
            return new Output(out.shape(), data);
        }
    }

    private static Buffer wrap(Object flat) {
        if (flat instanceof float[] a) {
            return FloatBuffer.wrap(a);
        }
        if (flat instanceof int[] a) {
            return IntBuffer.wrap(a);
        }
        if (flat instanceof short[] a) {
            return ShortBuffer.wrap(a);
        }
        if (flat instanceof byte[] a) {
            return ByteBuffer.wrap(a);
        }
        throw new IllegalArgumentException("unsupported input " + flat);
    }

    /** Output 0 of the official interpreter (builtin kernels, no XNNPACK). */
    static Object official(ByteBuffer model, Object... inputs) {
        return OfficialInterpreter.run(model, false, inputs)[0];
    }

    /**
     * Runs jlite twice, with the scalar kernels on one thread and with the SIMD kernels on {@code threads}
     * threads, and the official interpreter; checks the shape jlite reports and compares both float outputs
     * within {@code tolerance} of the reference's largest magnitude. Returns the SIMD output.
     */
    static float[] assertFloatsMatchOfficial(String what, ByteBuffer model, int[] expectedShape, double tolerance,
            int threads, Object... inputs) {
        float[] reference = (float[]) official(model, inputs);
        Output scalar = jliteWith(model, 1, false, inputs);
        Output vector = jliteWith(model, threads, true, inputs);
        for (Output mine : new Output[] {scalar, vector}) {
            String variant = what + (mine == scalar ? " (scalar)" : " (simd, " + threads + " threads)");
            assertThat(mine.shape()).as(variant + " shape").containsExactly(expectedShape);
            assertThat(mine.floats()).as(variant + " element count").hasSize(reference.length);
            Compare.assertClose(variant, mine.floats(), reference, tolerance);
        }
        return vector.floats();
    }

    /** As {@link #assertFloatsMatchOfficial} for int32 outputs, which must be bit-exact. */
    static void assertIntsMatchOfficial(String what, ByteBuffer model, int[] expectedShape, Object... inputs) {
        Output mine = jlite(model, 1, inputs);
        assertThat(mine.shape()).as(what + " shape").containsExactly(expectedShape);
        int[] reference = (int[]) official(model, inputs);
        assertThat(mine.ints()).as(what).containsExactly(reference);
    }

    static float[] floats(Random random, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + random.nextFloat() * (hi - lo);
        }
        return a;
    }

    /** Random floats whose magnitude lies in {@code [lo, hi]}, either sign (divisors away from zero). */
    static float[] nonZeroFloats(Random random, int n, float lo, float hi) {
        float[] a = floats(random, n, lo, hi);
        for (int i = 0; i < n; i++) {
            if (random.nextBoolean()) {
                a[i] = -a[i];
            }
        }
        return a;
    }

    static int[] ints(Random random, int n, int lo, int hi) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + random.nextInt(hi - lo + 1);
        }
        return a;
    }

    static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static String shape(int... shape) {
        return Arrays.toString(shape);
    }
}
