package dev.jlite.bench;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.Tensor;
import dev.jlite.ops.BuiltinOpResolver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** jlite's interpreter. */
final class JliteEngine implements Engine {
    private final Interpreter interpreter;
    private final ByteBuffer[] inputs;
    private final ByteBuffer[] outputs;
    private final String name;
    /** Whether every run copies the inputs in, or they were copied once (see {@link #inputsInPlace}). */
    private final boolean copyInputs;
    /** How many outputs, from the first, every run copies out. */
    private final int copiedOutputs;

    JliteEngine(Model model, int threads, boolean simd, ByteBuffer[] inputs) {
        this(model, threads, simd, inputs, true, Integer.MAX_VALUE);
    }

    private JliteEngine(Model model, int threads, boolean simd, ByteBuffer[] inputs, boolean copyInputs,
            int copiedOutputs) {
        this.interpreter = new Interpreter(model, new Interpreter.Options().setNumThreads(threads).setUseSimd(simd)
                .setOpResolver(new BuiltinOpResolver()));
        this.name = simd ? "jlite" : "jlite (no SIMD)";
        this.inputs = inputs;
        this.copyInputs = copyInputs;
        try {
            interpreter.allocateTensors();
            if (!copyInputs) {
                copyInputsIn();
            }
            this.outputs = new ByteBuffer[interpreter.getOutputTensorCount()];
            this.copiedOutputs = Math.min(copiedOutputs, outputs.length);
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = ByteBuffer.allocateDirect(interpreter.getOutputTensor(i).numBytes())
                        .order(ByteOrder.nativeOrder());
            }
        } catch (RuntimeException e) {
            interpreter.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run() {
        // Inputs are copied on every run (but for inputsInPlace's one-op models): the arena may reuse an input's
        // space for later tensors once the input is consumed. (The official binding instead runs on a direct input
        // buffer in native order in place; for whole models the copy is a small part of a run, 442 KB for
        // face_landmark's input.)
        if (copyInputs) {
            copyInputsIn();
        }
        interpreter.invoke();
        for (int i = 0; i < copiedOutputs; i++) {
            interpreter.getOutput(i, outputs[i]);
        }
    }

    private void copyInputsIn() {
        for (int i = 0; i < inputs.length; i++) {
            interpreter.setInput(i, inputs[i]);
        }
    }

    /**
     * An engine for a one-operator model that copies its inputs in once and then, on every run, only invokes and
     * copies the outputs out: what the official binding's run costs for a direct buffer in native order, whose
     * memory its input tensor uses in place. (A one-operator model's inputs stay intact in the arena: nothing runs
     * after the operator that reads them.)
     */
    static JliteEngine inputsInPlace(Model singleOp, ByteBuffer[] inputs) {
        return inputsInPlace(singleOp, inputs, Integer.MAX_VALUE, 1);
    }

    /**
     * As {@link #inputsInPlace(Model, ByteBuffer[])}, for a model of independent operators that all read the
     * inputs, whose runs copy out only the first {@code copiedOutputs} outputs, on {@code threads} threads.
     */
    static JliteEngine inputsInPlace(Model independentOps, ByteBuffer[] inputs, int copiedOutputs, int threads) {
        return new JliteEngine(independentOps, threads, true, inputs, false, copiedOutputs);
    }

    /** Runs the model on the inputs already in place, copying nothing in or out. */
    void invokeOnly() {
        interpreter.invoke();
    }

    @Override
    public float[][] floatOutputs() {
        float[][] out = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            Tensor t = interpreter.getOutputTensor(i);
            if (t.dataType() == DataType.FLOAT32) {
                out[i] = new float[t.numElements()];
                outputs[i].duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().get(out[i]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
