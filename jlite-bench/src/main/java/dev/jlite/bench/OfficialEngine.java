package dev.jlite.bench;

import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The official TensorFlow Lite 2.6.2 interpreter, with or without its XNNPACK delegate. */
final class OfficialEngine implements Engine {
    private final OfficialInterpreter interpreter;
    private final ByteBuffer[] inputs;
    private final ByteBuffer[] outputs;
    /** The outputs each run copies out: a prefix of {@link #outputs}. */
    private final ByteBuffer[] copied;
    private final boolean[] floatOutput;
    private final String name;

    /**
     * @param floatOutputs which outputs are FLOAT32 (the official binding's tensors are not exposed)
     */
    OfficialEngine(ByteBuffer model, int threads, boolean xnnpack, ByteBuffer[] inputs, boolean[] floatOutputs) {
        this(model, threads, xnnpack, inputs, floatOutputs, Integer.MAX_VALUE);
    }

    /**
     * An engine whose runs copy out only the first {@code copiedOutputs} outputs (the run computes them all).
     */
    OfficialEngine(ByteBuffer model, int threads, boolean xnnpack, ByteBuffer[] inputs, boolean[] floatOutputs,
            int copiedOutputs) {
        this.interpreter = new OfficialInterpreter(model, threads, xnnpack);
        this.name = xnnpack ? "TFLite XNNPACK" : "TFLite builtin";
        this.floatOutput = floatOutputs;
        this.inputs = new ByteBuffer[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            this.inputs[i] = inputs[i].duplicate().order(ByteOrder.nativeOrder());
        }
        this.outputs = new ByteBuffer[interpreter.outputCount()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = ByteBuffer.allocateDirect(interpreter.outputByteSize(i)).order(ByteOrder.nativeOrder());
        }
        this.copied = java.util.Arrays.copyOf(outputs, Math.min(copiedOutputs, outputs.length));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run() {
        interpreter.run(inputs, copied);
    }

    @Override
    public float[][] floatOutputs() {
        float[][] out = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            if (i < floatOutput.length && floatOutput[i]) {
                out[i] = new float[outputs[i].capacity() / 4];
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
