package dev.jlite.tasks;

import dev.jlite.tasks.processing.ModelRunner;
import dev.jlite.tasks.processing.TensorView;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.testing.SelfieOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@link ModelRunner} on the official TensorFlow Lite 2.6.2 interpreter (builtin kernels): the reference. */
final class OfficialRunner implements ModelRunner {
    private final OfficialInterpreter interpreter;
    private final ByteBuffer[] in;
    private final ByteBuffer[] out;
    private final float[] input;
    private final float[][] outputs;
    private long lastNanos;

    OfficialRunner(Path model) {
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(model)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (model.getFileName().toString().startsWith("selfie_segmentation")) {
            bytes = SelfieOracle.replaceCustomTransposeConv(bytes);
        }
        interpreter = new OfficialInterpreter(bytes, 1, false);
        in = new ByteBuffer[] {direct(interpreter.inputByteSize(0))};
        input = new float[interpreter.inputByteSize(0) / 4];
        out = new ByteBuffer[interpreter.outputCount()];
        outputs = new float[out.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = direct(interpreter.outputByteSize(i));
            outputs[i] = new float[interpreter.outputByteSize(i) / 4];
        }
    }

    static OfficialRunner of(String modelName) {
        return new OfficialRunner(TestFiles.model(modelName));
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    @Override
    public int[] inputShape() {
        return interpreter.inputShape(0);
    }

    @Override
    public int outputCount() {
        return interpreter.outputCount();
    }

    @Override
    public int[] outputShape(int i) {
        return interpreter.outputShape(i);
    }

    @Override
    public TensorView input() {
        return TensorView.of(input);
    }

    @Override
    public void run() {
        in[0].asFloatBuffer().put(input);
        long t0 = System.nanoTime();
        interpreter.run(in, out);
        lastNanos = System.nanoTime() - t0;
        for (int i = 0; i < outputs.length; i++) {
            out[i].asFloatBuffer().get(outputs[i]);
        }
    }

    @Override
    public TensorView output(int i) {
        return TensorView.of(outputs[i]);
    }

    @Override
    public long lastInferenceNanos() {
        return lastNanos;
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
