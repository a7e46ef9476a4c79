package dev.jlite.tasks.processing;

import java.util.Arrays;

/**
 * Runs one single-input, float-in float-out model: the only thing a task needs from an interpreter. The input is
 * written straight into {@link #input()} and outputs are read straight from {@link #output(int)}, so nothing is
 * copied around a run. {@link InterpreterRunner} is the jlite implementation; tests may supply another (e.g. a
 * reference interpreter).
 */
public interface ModelRunner extends AutoCloseable {

    /** Shape of the model's input (e.g. [1, 128, 128, 3]). */
    int[] inputShape();

    /** Number of outputs. */
    int outputCount();

    /** Shape of output {@code i}. */
    int[] outputShape(int i);

    /** Where to write the input (flat, in the input's layout) before {@link #run()}. */
    TensorView input();

    /** Runs the model on the input written into {@link #input()}. */
    void run();

    /** Output {@code i} of the last run (flat); valid until the next run. */
    TensorView output(int i);

    /** Wall time of the last {@link #run}'s inference alone, in nanoseconds. */
    long lastInferenceNanos();

    @Override
    void close();

    /** Number of elements of a shape. */
    static int elements(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Checks that the model takes one NHWC RGB image of {@code height x width} (any size when 0) and returns the
     * input's [height, width].
     */
    default int[] requireImageInput(String task, int height, int width) {
        int[] s = inputShape();
        if (s.length != 4 || s[0] != 1 || s[3] != 3 || (height > 0 && s[1] != height)
                || (width > 0 && s[2] != width)) {
            throw new IllegalArgumentException(task + ": the model's input " + Arrays.toString(s)
                    + " is not the expected [1, " + (height > 0 ? height : "H") + ", " + (width > 0 ? width : "W")
                    + ", 3] image");
        }
        return new int[] {s[1], s[2]};
    }

    /** Checks that the model has at least {@code count} outputs with these element counts (any where -1). */
    default void requireOutputs(String task, int... elementCounts) {
        if (outputCount() < elementCounts.length) {
            throw new IllegalArgumentException(task + ": the model has " + outputCount() + " outputs, expected "
                    + elementCounts.length);
        }
        for (int i = 0; i < elementCounts.length; i++) {
            int n = elements(outputShape(i));
            if (elementCounts[i] >= 0 && n != elementCounts[i]) {
                throw new IllegalArgumentException(task + ": output " + i + " " + Arrays.toString(outputShape(i))
                        + " has " + n + " values, expected " + elementCounts[i]);
            }
        }
    }
}
