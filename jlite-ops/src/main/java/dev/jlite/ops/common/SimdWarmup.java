package dev.jlite.ops.common;

import dev.jlite.kernel.InferenceActivity;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Decides when the Vector API kernels take over from the scalar ones. Until C2 has compiled them, Vector API code
 * is far slower than scalar code (interpreted and C1-compiled vector operations allocate a box each: a cold
 * face detector's first inference took 394 ms with SIMD against 60 ms without). So kernels start on their scalar
 * loops, and a daemon thread runs each family's {@link Workload} on small dummy data, SIMD and scalar in turn,
 * until the SIMD round is {@link #SPEEDUP} times faster three rounds in a row (C2 has compiled the vector loops)
 * or {@link #MAX_MILLIS} have passed; then {@link #ready()} turns true for good and the kernels switch over. The
 * thread starts at the first prepare of a SIMD kernel but begins its rounds only after the first inference has
 * finished ({@link InferenceActivity}): run during it, it competed for the cores and the JIT compiler and made the
 * first inference slower (hand_landmark_full: about 1.2 s against 0.5 s). The scalar rounds
 * warm the scalar loops too. Results before and after the switch differ only in float rounding (summation order,
 * fused multiply-adds), within the kernels' SIMD tolerance.
 *
 * <p>The system property {@code jlite.simd.warmup=false} makes the SIMD kernels run from the first inference (the
 * behaviour before this class; the tests use it to exercise the SIMD kernels on every call).
 */
public final class SimdWarmup {
    /** Whether kernels start scalar and switch after the warm-up (else SIMD from the start). */
    public static final boolean ENABLED = !"false".equals(System.getProperty("jlite.simd.warmup"));
    /** After this long the SIMD kernels take over even if the dummy rounds never showed them faster. */
    static final long MAX_MILLIS = 10_000;
    private static final int WINS_NEEDED = 3;
    /**
     * How much faster than the scalar round the SIMD round must be: compiled by C2, the vector loops run the dummy
     * work 10 to 20 times faster than the scalar ones (AVX-512 machine, 256-bit vectors); C1-compiled, they are
     * slower or only about as fast, which a plain "faster" test would take for compiled.
     */
    private static final int SPEEDUP = 2;

    /** One family's vector and scalar loops on fixed dummy data. */
    public interface Workload {
        /** Runs the family's SIMD loops ({@code simd}) or the scalar loops on the same work. */
        void run(boolean simd);
    }

    private static final List<Workload> WORKLOADS = new CopyOnWriteArrayList<>();
    /**
     * The warm-up waits for the first inference to finish, so that it does not compete for the cores and the JIT
     * compiler with it, but not longer than this (a model whose scalar first inference takes longer gets its SIMD
     * loops sooner).
     */
    private static final long MAX_WAIT_NANOS = 3_000_000_000L;
    private static volatile boolean ready = !ENABLED;
    private static Thread thread;

    private SimdWarmup() {}

    /** Whether the SIMD kernels should run now (a volatile read: no lock, no allocation). */
    public static boolean ready() {
        return ready;
    }

    /**
     * Adds a family's workload (once per workload) and starts the warm-up thread if it is not running. Call at
     * prepare time from kernels that chose SIMD while {@link #ready()} was still false.
     */
    public static void start(Workload workload) {
        if (ready) {
            return;
        }
        synchronized (SimdWarmup.class) {
            if (!WORKLOADS.contains(workload)) {
                WORKLOADS.add(workload);
            }
            if (thread == null) {
                thread = new Thread(SimdWarmup::warmUp, "jlite-simd-warmup");
                thread.setDaemon(true);
                thread.setPriority(Thread.MIN_PRIORITY);
                thread.start();
            }
        }
    }

    /** Waits until {@link #ready()} (for tests and benchmarks that want the SIMD kernels); false on timeout. */
    public static boolean awaitReady(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        synchronized (SimdWarmup.class) {
            while (!ready) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                SimdWarmup.class.wait(left);
            }
        }
        return true;
    }

    private static void warmUp() {
        long waitStart = System.nanoTime();
        while (!InferenceActivity.anyFinished() && System.nanoTime() - waitStart < MAX_WAIT_NANOS) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                break;
            }
        }
        long start = System.nanoTime();
        int wins = 0;
        try {
            while (!Boolean.getBoolean("jlite.simd.warmup.norounds") && wins < WINS_NEEDED && System.nanoTime() - start < MAX_MILLIS * 1_000_000L) {
                long simd = round(true);
                long scalar = round(false);
                wins = SPEEDUP * simd < scalar ? wins + 1 : 0;
            }
        } finally {
            synchronized (SimdWarmup.class) {
                ready = true;
                SimdWarmup.class.notifyAll();
            }
        }
    }

    private static long round(boolean simd) {
        long t0 = System.nanoTime();
        for (Workload w : WORKLOADS) {
            w.run(simd);
        }
        return System.nanoTime() - t0;
    }
}
