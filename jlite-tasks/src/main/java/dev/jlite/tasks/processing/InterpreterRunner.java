package dev.jlite.tasks.processing;

import dev.jlite.Interpreter;
import dev.jlite.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A {@link ModelRunner} on jlite's {@link Interpreter}. */
public final class InterpreterRunner implements ModelRunner {
    private final Interpreter interpreter;
    private final int[] inputShape;
    private final int[][] outputShapes;
    private final Map<Integer, Object> outputBuffers = new HashMap<>();
    private final Object[] inputs = new Object[1];

    /**
     * Loads the model and prepares it for {@code numThreads} threads.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public static InterpreterRunner open(Path model, int numThreads) {
        try {
            return new InterpreterRunner(new Interpreter(Model.open(model),
                    new Interpreter.Options().setNumThreads(numThreads)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + model + ": " + e.getMessage(), e);
        }
    }

    public InterpreterRunner(Interpreter interpreter) {
        if (interpreter.getInputTensorCount() != 1) {
            throw new IllegalArgumentException("the model has " + interpreter.getInputTensorCount()
                    + " inputs; vision tasks take one image");
        }
        this.interpreter = interpreter;
        interpreter.allocateTensors();
        this.inputShape = interpreter.getInputTensor(0).shape();
        this.outputShapes = new int[interpreter.getOutputTensorCount()][];
        for (int i = 0; i < outputShapes.length; i++) {
            outputShapes[i] = interpreter.getOutputTensor(i).shape();
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int outputCount() {
        return outputShapes.length;
    }

    @Override
    public int[] outputShape(int i) {
        return outputShapes[i].clone();
    }

    @Override
    public void run(float[] input, float[][] outputs) {
        inputs[0] = FloatBuffer.wrap(input);
        outputBuffers.clear();
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] != null) {
                outputBuffers.put(i, FloatBuffer.wrap(outputs[i]));
            }
        }
        interpreter.runForMultipleInputsOutputs(inputs, outputBuffers);
    }

    @Override
    public long lastInferenceNanos() {
        return interpreter.getLastInferenceDurationNanoseconds();
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
