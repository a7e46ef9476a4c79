package dev.jlite.bench;

import java.io.IOException;
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
 * Time to the first result of a model opened again in a process that has already run it: a server that loads
 * models on demand, or a job that opens its model once per task. The shot is {@link FirstInferenceBench}'s (the
 * file opened, the interpreter built, the first inference), but the fork first ran the same model in the same
 * engine for {@link #WARM_SECONDS}, so that jlite's kernels are compiled as they are in a process that has served
 * requests (the official interpreter's native code needs no such warming, and gets the same treatment). Beside the
 * cold start it shows what a fresh JVM costs and what opening a model costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g", "-XX:PerMethodTrapLimit=10000",
    "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 0)
@Measurement(iterations = 5)
public class ReopenBench {
    /**
     * How long each fork runs the model before the shots. Long enough for C2 to finish compiling the kernels on
     * 2 cores: after 3 s, the new interpreters' first inferences still ran in code being compiled
     * (face_detection_full_range 9-35 ms and selfie_segmentation 15-37 ms, against 3.0 and 2.3 ms after 5-10 s).
     */
    static final double WARM_SECONDS = 6;

    @Param({"face_detection_short_range", "face_detection_full_range", "hand_landmark_lite", "hand_landmark_full",
            "pose_landmark_lite", "pose_landmark_full", "selfie_segmentation", "object_detection_3d_camera",
            "object_detection_ssd_mobilenetv2_oidv4_fp16", "palm_detection_lite", "face_landmark"})
    public String model;

    /** jlite or xnnpack. */
    @Param({SharedModel.JLITE, SharedModel.XNNPACK})
    public String engine;

    private Path file;

    @Setup(Level.Trial)
    public void warm() throws IOException {
        file = FirstInferenceBench.fileFor(model, engine);
        try (Engine runner = SharedModel.load(model).open(engine, 1)) {
            Engine.runInTurn(WARM_SECONDS, runner);
        }
    }

    @Benchmark
    public Object reopen() throws IOException {
        return FirstInferenceBench.firstResult(engine, file);
    }
}
