package dev.jlite.bench;

import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.testing.OfficialInterpreter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to the first result in a fresh JVM: for jlite, {@code Model.open} of the file, the interpreter with its
 * kernels (allocation, weight packing, constant folding) and the first inference; for the official interpreter,
 * reading the file, constructing the interpreter with the XNNPACK delegate (which packs its weights) and its first
 * inference. Both read the model file inside the shot (the official one its builtin-ops version of
 * selfie_segmentation). One shot per fork, nothing warmed up: each fork is a cold start. Both get zero inputs (the
 * values do not change the work). The official native library is loaded before the shot, since a real application loads it
 * once per process: that cost is left out of the official figure. jlite's first inference in a JVM runs its scalar
 * loops ({@code dev.jlite.ops.common.SimdSwitch}); the forks run with the JVM options of {@code ./jlite} (transparent
 * huge pages for the heap, on Linux: see "JVM options" in the README), the same for both engines.
 * {@link FirstInferenceProfile} breaks a cold start down by phase and operator; {@link ReopenBench} times the same
 * shot in a process that has run the model before.
 *
 * <p>{@code scripts/bench-table.sh} also runs the shots with a class-data-sharing archive (README "JVM options"), the
 * same archive for both engines' forks, made beforehand by {@link #main}: one shot of each engine on each model in a
 * JVM started with {@code -XX:ArchiveClassesAtExit}. The archive holds the classes those shots loaded, parsed and
 * verified, nothing computed from a model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g", "-XX:PerMethodTrapLimit=10000",
    "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class FirstInferenceBench {
    @Param({"face_detection_short_range", "face_detection_full_range", "hand_landmark_lite", "hand_landmark_full",
            "pose_landmark_lite", "pose_landmark_full", "selfie_segmentation", "object_detection_3d_camera",
            "object_detection_ssd_mobilenetv2_oidv4_fp16", "palm_detection_lite", "face_landmark"})
    public String model;

    /** jlite or xnnpack. */
    @Param({SharedModel.JLITE, SharedModel.XNNPACK})
    public String engine;

    private Path file;

    @Setup(Level.Trial)
    public void locate() throws IOException {
        file = fileFor(model, engine);
    }

    @Benchmark
    public Object firstInference() throws IOException {
        return firstResult(engine, file);
    }

    /**
     * The file each engine opens for {@code model}: the shared model itself, or for the official interpreter the
     * version it can run (selfie_segmentation's custom op rewritten to builtin ops), in a temporary file.
     */
    static Path fileFor(String model, String engine) throws IOException {
        Path file = SharedModel.locate(model);
        if (SharedModel.XNNPACK.equals(engine)) {
            if (!OfficialInterpreter.isAvailable()) {
                throw new IllegalStateException(OfficialInterpreter.unavailableReason());
            }
            // jlite's reader only runs here to see whether the custom op must be rewritten (selfie_segmentation);
            // the official shot reads the file it can run, as jlite's reads the original.
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer official = SharedModel.officialBytes(Model.wrap(bytes), bytes);
            if (official != bytes) {
                byte[] rewritten = new byte[official.remaining()];
                official.duplicate().get(rewritten);
                file = Files.createTempFile("jlite-first-inference", ".tflite");
                file.toFile().deleteOnExit();
                Files.write(file, rewritten);
            }
        }
        return file;
    }

    /**
     * One shot: the file opened, the interpreter built (jlite's kernels prepared; the official one with XNNPACK on 1
     * thread) and its first inference on zero inputs.
     */
    static Object firstResult(String engine, Path file) throws IOException {
        if (SharedModel.JLITE.equals(engine)) {
            try (Interpreter interpreter = new Interpreter(Model.open(file))) {
                for (int i = 0; i < interpreter.getInputTensorCount(); i++) {
                    interpreter.setInput(i, zeros(interpreter.getInputTensor(i).numBytes()));
                }
                interpreter.invoke();
                return interpreter.getOutputTensor(0).numElements();
            }
        }
        try (OfficialInterpreter interpreter = new OfficialInterpreter(ByteBuffer.wrap(Files.readAllBytes(file)), 1,
                true)) {
            ByteBuffer[] in = new ByteBuffer[interpreter.inputCount()];
            for (int i = 0; i < in.length; i++) {
                in[i] = zeros(interpreter.inputByteSize(i));
            }
            ByteBuffer[] out = new ByteBuffer[interpreter.outputCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = zeros(interpreter.outputByteSize(i));
            }
            interpreter.run(in, out);
            return out[0].capacity();
        }
    }

    /**
     * One shot of each engine on each model named (by default every model of the benchmark's parameter), in this
     * JVM: the training run of the class-data-sharing archive.
     */
    public static void main(String[] args) throws Exception {
        String[] models = args.length > 0 ? args
                : FirstInferenceBench.class.getField("model").getAnnotation(Param.class).value();
        for (String model : models) {
            for (String engine : new String[] {SharedModel.JLITE, SharedModel.XNNPACK}) {
                firstResult(engine, fileFor(model, engine));
            }
        }
    }

    private static ByteBuffer zeros(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
