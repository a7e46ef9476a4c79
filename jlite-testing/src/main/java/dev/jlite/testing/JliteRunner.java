package dev.jlite.testing;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.Tensor;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Runs a model once in jlite with flat primitive arrays in and out, the counterpart of
 * {@link OfficialInterpreter#run(ByteBuffer, boolean, Object...)} for comparisons.
 */
public final class JliteRunner {

    private JliteRunner() {
    }

    /** Runs with default options (one thread, SIMD allowed, kernels found by ServiceLoader). */
    public static Object[] run(ByteBuffer model, Object... flatInputs) {
        return run(model, new Interpreter.Options(), flatInputs);
    }

    /**
     * Runs a model once.
     *
     * @param flatInputs one flat array per input: {@code float[]}, {@code int[]}, {@code long[]}, {@code short[]},
     *     {@code byte[]}, {@code boolean[]} (BOOL) or {@code double[]}, in the input's storage type
     * @return one flat array per output, of the output's storage type: {@code float[]} for FLOAT32, {@code int[]}
     *     for INT32/UINT32, {@code long[]} for INT64/UINT64, {@code short[]} for INT16/UINT16/FLOAT16, {@code byte[]}
     *     for INT8/UINT8/BOOL, {@code double[]} for FLOAT64
     */
    public static Object[] run(ByteBuffer model, Interpreter.Options options, Object... flatInputs) {
        return runWithShapes(model, options, flatInputs).data();
    }

    /** Outputs of a run: one flat array per output and the output's shape after the run. */
    public record Outputs(Object[] data, int[][] shapes) {}

    /** As {@link #run(ByteBuffer, Interpreter.Options, Object...)}, also returning each output's shape. */
    public static Outputs runWithShapes(ByteBuffer model, Interpreter.Options options, Object... flatInputs) {
        ByteBuffer file = model.duplicate();
        file.rewind();
        try (Interpreter interpreter = new Interpreter(file, options)) {
            if (flatInputs.length != interpreter.getInputTensorCount()) {
                throw new IllegalArgumentException("the model has " + interpreter.getInputTensorCount()
                        + " inputs, got " + flatInputs.length);
            }
            Object[] inputs = new Object[flatInputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = wrap(flatInputs[i], "input " + i);
            }
            for (int i = 0; i < inputs.length; i++) {
                interpreter.setInput(i, inputs[i]);
            }
            interpreter.invoke();
            // Outputs are sized after the run, so outputs whose shape is only known while running come back whole.
            int outputCount = interpreter.getOutputTensorCount();
            Object[] outputs = new Object[outputCount];
            int[][] shapes = new int[outputCount][];
            for (int i = 0; i < outputCount; i++) {
                Tensor t = interpreter.getOutputTensor(i);
                outputs[i] = newArray(t.dataType(), t.numElements(), "output " + i);
                shapes[i] = t.shape();
                interpreter.getOutput(i, wrap(outputs[i], "output " + i));
            }
            return new Outputs(outputs, shapes);
        }
    }

    private static Buffer wrap(Object flat, String what) {
        if (flat instanceof float[] a) {
            return FloatBuffer.wrap(a);
        }
        if (flat instanceof int[] a) {
            return IntBuffer.wrap(a);
        }
        if (flat instanceof long[] a) {
            return LongBuffer.wrap(a);
        }
        if (flat instanceof short[] a) {
            return ShortBuffer.wrap(a);
        }
        if (flat instanceof byte[] a) {
            return ByteBuffer.wrap(a);
        }
        if (flat instanceof double[] a) {
            return DoubleBuffer.wrap(a);
        }
        if (flat instanceof boolean[] a) {
            byte[] bytes = new byte[a.length];
            for (int i = 0; i < a.length; i++) {
                bytes[i] = (byte) (a[i] ? 1 : 0);
            }
            return ByteBuffer.wrap(bytes);
        }
        throw new IllegalArgumentException(what + ": needs a flat primitive array, got "
                + (flat == null ? "null" : flat.getClass().getSimpleName()));
    }

    private static Object newArray(DataType type, int n, String what) {
        switch (type.storage()) {
            case FLOAT:
                return new float[n];
            case INT:
                return new int[n];
            case LONG:
                return new long[n];
            case SHORT:
                return new short[n];
            case BYTE:
                return new byte[n];
            case DOUBLE:
                return new double[n];
            default:
                throw new IllegalArgumentException(what + ": type " + type + " has no flat array form");
        }
    }
}
