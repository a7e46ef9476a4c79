package dev.jlite.bench;

import dev.jlite.Model;
import dev.jlite.testing.ModelFiles;
import dev.jlite.testing.SelfieOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One model of the benchmarks with what every engine needs: the file, the bytes the official interpreter gets (with
 * MediaPipe's custom transpose convolution rewritten into builtin ops it knows), and fixed random inputs.
 */
final class SharedModel {
    /** The engines of the benchmarks, as named in JMH parameters and reports. */
    static final String JLITE = "jlite";
    static final String XNNPACK = "xnnpack";
    static final String BUILTIN = "builtin";

    final String name;
    final Path file;
    final Model model;
    final ByteBuffer officialBytes;
    final ByteBuffer[] inputs;

    private SharedModel(String name, Path file, Model model, ByteBuffer officialBytes, ByteBuffer[] inputs) {
        this.name = name;
        this.file = file;
        this.model = model;
        this.officialBytes = officialBytes;
        this.inputs = inputs;
    }

    /** A model by file or by name of {@link ModelFiles} (with or without ".tflite"). */
    static Path locate(String name) {
        Path p = Path.of(name);
        if (Files.isRegularFile(p)) {
            return p;
        }
        return ModelFiles.path(name.endsWith(".tflite") ? name : name + ".tflite");
    }

    /** Short name: the file name without ".tflite". */
    static String label(Path file) {
        return file.getFileName().toString().replaceFirst("\\.tflite$", "");
    }

    static SharedModel load(String name) {
        Path file = locate(name);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            Model model = Model.wrap(bytes);
            ByteBuffer official = officialBytes(model, bytes);
            return new SharedModel(label(file), file, model, official, CompareBench.randomInputs(model.subgraph(0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model as the official interpreter can run it. */
    static ByteBuffer officialBytes(Model model, ByteBuffer bytes) {
        return CompareBench.hasCustom(model, SelfieOracle.CUSTOM_OP)
                ? SelfieOracle.replaceCustomTransposeConv(bytes) : bytes;
    }

    /** An engine ({@link #JLITE}, {@link #XNNPACK} or {@link #BUILTIN}) on this model's inputs. */
    Engine open(String engine, int threads) {
        return switch (engine) {
            case JLITE -> new JliteEngine(model, threads, true, inputs);
            case XNNPACK, BUILTIN -> new OfficialEngine(officialBytes, threads, XNNPACK.equals(engine), inputs,
                    CompareBench.floatOutputs(model.subgraph(0)));
            default -> throw new IllegalArgumentException("unknown engine " + engine + " (jlite, xnnpack, builtin)");
        };
    }
}
