package dev.jlite.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Steady-state latency of one inference (inputs copied in, model run, outputs copied out) of each shared model in
 * jlite and in the official TensorFlow Lite 2.6.2 interpreter with XNNPACK and with its builtin kernels, on 1 and
 * 2 threads. Sample mode, so that the JSON has the median (percentile 50) beside the mean; run with {@code -prof
 * gc} for the heap bytes allocated per inference. Each engine, model and thread count runs in its own JVM fork.
 * scripts/bench-table.sh runs it and turns the result into the BENCHMARKS.md table; in its allocation pass the forks
 * also record JFR allocation samples and note for {@link AllocationSites} when their measurement began.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g", "-XX:PerMethodTrapLimit=10000",
    "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 1)
public class ModelBench {
    /** A name of the shared models (dev.jlite.testing.ModelFiles) or a .tflite file. */
    @Param({"face_detection_short_range", "face_detection_full_range", "hand_landmark_lite", "hand_landmark_full",
            "pose_landmark_lite", "pose_landmark_full", "selfie_segmentation", "object_detection_3d_camera",
            "object_detection_ssd_mobilenetv2_oidv4_fp16", "palm_detection_lite", "face_landmark"})
    public String model;

    /** jlite, xnnpack (official with the XNNPACK delegate) or builtin (official, its own kernels). */
    @Param({SharedModel.JLITE, SharedModel.XNNPACK, SharedModel.BUILTIN})
    public String engine;

    @Param({"1", "2"})
    public int threads;

    /** The allocation pass's JFR directory ({@link AllocationSites#PROPERTY}), or null: then nothing is noted. */
    private static final String ALLOC_SITES = System.getProperty(AllocationSites.PROPERTY);

    private Engine runner;
    private int warmupIterationsDone;
    private boolean measurementNoted;

    @Setup(Level.Trial)
    public void open() {
        runner = SharedModel.load(model).open(engine, threads);
    }

    /**
     * Notes the start of the measurement at the end of the last warmup iteration rather than at the start of the
     * first measured one: -prof gc counts what iteration fixtures allocate in that iteration's bytes per operation,
     * and writing the note (some KB) would have added to the first measured iteration's figure.
     */
    @TearDown(Level.Iteration)
    public void noteWarmupEnd(IterationParams iteration) throws IOException {
        if (ALLOC_SITES != null && iteration.getType() == IterationType.WARMUP
                && ++warmupIterationsDone == iteration.getCount()) {
            noteMeasurement();
        }
    }

    /** Without warmup iterations: the first measured one notes it (and its -prof gc figure includes the note). */
    @Setup(Level.Iteration)
    public void noteMeasurementStart(IterationParams iteration) throws IOException {
        if (ALLOC_SITES != null && iteration.getType() == IterationType.MEASUREMENT && !measurementNoted) {
            noteMeasurement();
        }
    }

    private void noteMeasurement() throws IOException {
        measurementNoted = true;
        AllocationSites.noteFork(Path.of(ALLOC_SITES), model, engine, threads, Instant.now());
    }

    @Benchmark
    public void inference() {
        runner.run();
    }

    @TearDown(Level.Trial)
    public void close() {
        runner.close();
    }
}
