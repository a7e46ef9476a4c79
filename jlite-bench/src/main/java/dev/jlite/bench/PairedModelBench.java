package dev.jlite.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * Steady-state latency of one inference (inputs copied in, model run, outputs copied out) of jlite and of the official
 * TensorFlow Lite 2.6.2 interpreter with XNNPACK, measured in the same JVM and the same time window. The host these
 * benchmarks run on changes speed for tens of seconds at a time (every operator of both engines ~1.35-1.5x slower,
 * following the thread's vCPU), so figures of two forks minutes apart compare luck; here each invocation runs a block
 * of inferences of one engine, then the same block of the other, alternating which goes first, and {@link Times} adds
 * up each engine's nanoseconds and runs per iteration. On more than one thread each block first lets the other engine's
 * thread pool go idle ({@link #SETTLE_MS}), then wakes its own ({@link #WAKE_MS}), and jlite and XNNPACK on 1 thread
 * run as a third and a fourth engine, so that each engine's speed-up from its threads compares times of one window
 * too: where the host leaves the second core little time, both speed-ups show it. scripts/bench-table.sh
 * runs it and {@link BenchTable} takes each iteration's mean per engine and their ratios. The primary score (time per
 * invocation, all blocks) means little on its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g", "-XX:PerMethodTrapLimit=10000",
    "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 1)
public class PairedModelBench {
    /** XNNPACK time a block aims at when {@link #block} is 0: long enough to amortise the switch of engine. */
    static final double BLOCK_TARGET_MS = 20;
    /** At least 4, so that a block's timed inferences are not a handful. */
    static final int MIN_BLOCK = 4;
    /**
     * With more than one thread, how long each block waits for the other engine's thread pool to go idle, after which
     * {@link #WAKE_MS} of untimed inferences wake its own. XNNPACK's pthreadpool workers spin for 10-20 ms after an
     * inference (its source spins 1,000,000 rounds, {@code PTHREADPOOL_SPIN_WAIT_ITERATIONS}, before a futex wait;
     * jlite's workers yield for 1 ms, then park), and on 2 cores they took the core jlite's worker needed for the whole
     * of the next block: object_detection_3d_camera on 2 threads, jlite alone 3.97-4.04 ms against 5.39-5.58 ms right
     * after blocks of XNNPACK; XNNPACK alone 4.26-4.30 ms against 4.33-4.50 ms after blocks of jlite. After an XNNPACK
     * block and a pause, jlite took 6.1 ms (no pause), 5.2-5.4 ms (10 ms) and 4.7 ms (20 and 40 ms).
     */
    static final long SETTLE_MS = 40;
    /**
     * With more than one thread, how long each block runs its engine untimed after {@link #SETTLE_MS}: one inference
     * was not enough. After the pause, XNNPACK on face_detection_short_range (2 threads) took 2.64-3.16 ms per
     * inference in the next 4 with one untimed inference before them, 0.58-1.00 ms with 20 ms of them, against
     * 1.00 ms in 300 inferences in a row; jlite 0.58-0.66 and 0.45-0.63 ms, against 0.62-0.65. On
     * object_detection_3d_camera both ways gave about the engines' time alone.
     */
    static final double WAKE_MS = 20;
    /**
     * With more than one thread, how long the engines first run in turn without pauses before JMH's warmup: the
     * pauses leave about a third of the inferences in the warmup's seconds, and in the first table with them jlite's
     * kernels on 2 threads were still being compiled during the measurement of two models (over 64 KB allocated per
     * inference).
     */
    static final double PREWARM_SECONDS = 4;
    static final int MAX_BLOCK = 16;

    /** A name of the shared models (dev.jlite.testing.ModelFiles) or a .tflite file. */
    @Param({"face_detection_short_range", "face_detection_full_range", "hand_landmark_lite", "hand_landmark_full",
            "pose_landmark_lite", "pose_landmark_full", "selfie_segmentation", "object_detection_3d_camera",
            "object_detection_ssd_mobilenetv2_oidv4_fp16", "palm_detection_lite", "face_landmark"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    /**
     * Inferences per engine per invocation; 0: about {@link #BLOCK_TARGET_MS} of XNNPACK, 4 to 16. More than one, so
     * that the other engine's weights leave the caches once per block rather than once per inference.
     */
    @Param("0")
    public int block;

    private Engine jlite;
    private Engine xnnpack;
    /** jlite on 1 thread, on more than one thread only (else null). */
    private Engine jliteOneThread;
    /** TFLite XNNPACK on 1 thread, on more than one thread only (else null). */
    private Engine xnnpackOneThread;
    private int runsPerBlock;
    /** Which engine runs first in the next invocation: the order rotates. */
    private int first;

    /**
     * Each engine's time and runs in the current iteration, which JMH reports as secondary metrics with one raw
     * value per iteration (EVENTS: summed, not divided by the operations). Reset before every iteration, so that
     * warmup iterations do not count.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Times {
        public long jliteNanos;
        public long xnnpackNanos;
        public long jliteRuns;
        public long xnnpackRuns;
        /** jlite on 1 thread, timed on more than one thread only (else 0). */
        public long jliteOneThreadNanos;
        public long jliteOneThreadRuns;
        /** TFLite XNNPACK on 1 thread, timed on more than one thread only (else 0). */
        public long xnnpackOneThreadNanos;
        public long xnnpackOneThreadRuns;
        /** Invocations: with -prof gc's bytes per invocation, the bytes per jlite inference. */
        public long pairs;

        @Setup(Level.Iteration)
        public void reset() {
            jliteNanos = 0;
            xnnpackNanos = 0;
            jliteRuns = 0;
            xnnpackRuns = 0;
            jliteOneThreadNanos = 0;
            jliteOneThreadRuns = 0;
            xnnpackOneThreadNanos = 0;
            xnnpackOneThreadRuns = 0;
            pairs = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        SharedModel shared = SharedModel.load(model);
        jlite = shared.open(SharedModel.JLITE, threads);
        xnnpack = shared.open(SharedModel.XNNPACK, threads);
        runsPerBlock = block > 0 ? block : blockFor(xnnpack);
        if (threads > 1) {
            jliteOneThread = shared.open(SharedModel.JLITE, 1);
            xnnpackOneThread = shared.open(SharedModel.XNNPACK, 1);
            Engine.runInTurn(PREWARM_SECONDS, jlite, xnnpack, jliteOneThread, xnnpackOneThread);
        }
    }

    /**
     * Sized on XNNPACK rather than jlite: native code runs at full speed from its second run, while jlite's would
     * be timed before its kernels are compiled. The fastest of a few runs, since other processes on the machine can
     * stretch any one of them.
     */
    private static int blockFor(Engine official) {
        official.run();
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            official.run();
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        double ms = fastest / 1e6;
        return (int) Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, Math.round(BLOCK_TARGET_MS / ms)));
    }

    @Benchmark
    public void pair(Times times) {
        // Rotating the order spreads evenly whatever the first block of an invocation pays (JMH's own bookkeeping
        // between invocations, caches holding the other engine's data).
        int engines = jliteOneThread == null ? 2 : 4;
        for (int k = 0; k < engines; k++) {
            switch ((first + k) % engines) {
                case 0 -> times.jliteNanos += runBlock(jlite);
                case 1 -> times.xnnpackNanos += runBlock(xnnpack);
                case 2 -> times.jliteOneThreadNanos += runBlock(jliteOneThread);
                default -> times.xnnpackOneThreadNanos += runBlock(xnnpackOneThread);
            }
        }
        times.jliteRuns += runsPerBlock;
        times.xnnpackRuns += runsPerBlock;
        if (jliteOneThread != null) {
            times.jliteOneThreadRuns += runsPerBlock;
            times.xnnpackOneThreadRuns += runsPerBlock;
        }
        times.pairs++;
        first = (first + 1) % engines;
    }

    private long runBlock(Engine engine) {
        if (threads > 1) {
            try {
                Thread.sleep(SETTLE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.run();
            Engine.runInTurn(WAKE_MS / 1000, engine);
        }
        long start = System.nanoTime();
        for (int i = 0; i < runsPerBlock; i++) {
            engine.run();
        }
        return System.nanoTime() - start;
    }

    @TearDown(Level.Trial)
    public void close() {
        jlite.close();
        xnnpack.close();
        if (jliteOneThread != null) {
            jliteOneThread.close();
            xnnpackOneThread.close();
        }
    }
}
