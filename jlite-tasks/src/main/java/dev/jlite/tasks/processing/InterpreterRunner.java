package dev.jlite.tasks.processing;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A {@link ModelRunner} on jlite's {@link Interpreter}: the input is written into the interpreter's input tensor and
 * outputs are read from its output tensors, in place.
 */
public final class InterpreterRunner implements ModelRunner {
    private final Interpreter interpreter;
    private final int[] inputShape;
    private final int[][] outputShapes;

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

    /** Takes ownership of the interpreter (closed with this runner). */
    public InterpreterRunner(Interpreter interpreter) {
        try {
            if (interpreter.getInputTensorCount() != 1) {
                throw new IllegalArgumentException("the model has " + interpreter.getInputTensorCount()
                        + " inputs; vision tasks take one image");
            }
            interpreter.allocateTensors();
            requireFloat(interpreter.getInputTensor(0), "input 0");
            this.interpreter = interpreter;
            this.inputShape = interpreter.getInputTensor(0).shape();
            this.outputShapes = new int[interpreter.getOutputTensorCount()][];
            for (int i = 0; i < outputShapes.length; i++) {
                requireFloat(interpreter.getOutputTensor(i), "output " + i);
                outputShapes[i] = interpreter.getOutputTensor(i).shape();
            }
        } catch (RuntimeException e) {
            interpreter.close();
            throw e;
        }
    }

    private static void requireFloat(Tensor t, String what) {
        if (t.dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(what + " '" + t.name() + "' is " + t.dataType()
                    + "; vision tasks need FLOAT32 inputs and outputs");
        }
    }

    private static TensorView view(Tensor t) {
        return new TensorView(t.floats(), t.offset(), t.numElements());
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
    public TensorView input() {
        return view(interpreter.getInputTensor(0));
    }

    @Override
    public void run() {
        interpreter.invoke();
    }

    @Override
    public TensorView output(int i) {
        return view(interpreter.getOutputTensor(i));
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
