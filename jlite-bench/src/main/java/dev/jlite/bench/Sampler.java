package dev.jlite.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times several engines of one model side by side. Each engine is warmed up (at least {@code warmupRuns} runs and
 * {@code warmupSeconds}), then the measured runs are taken in {@value #BLOCKS} interleaved blocks, so that a slow
 * drift of the shared machine's speed affects every engine alike.
 */
final class Sampler {
    static final int BLOCKS = 5;

    /**
     * With {@code -Djlite.bench.cpuTime=true}, runs are timed by the calling thread's CPU time instead of the wall
     * clock: on a machine shared with other work the time the thread waits for a core then does not count. Only
     * meaningful for engines that run on the calling thread alone (1 thread).
     */
    static final boolean CPU_TIME = Boolean.getBoolean("jlite.bench.cpuTime");
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** How much to run: a fixed number of measured runs, or (runs <= 0) as many as fit the time target. */
    record Plan(int warmupRuns, double warmupSeconds, int runs, double targetSeconds, int minRuns, int maxRuns) {}

    private Sampler() {}

    /** The run times in nanoseconds of each engine, in the engines' order. */
    static long[][] sample(List<Engine> engines, Plan plan) {
        int[] runs = new int[engines.size()];
        for (int e = 0; e < engines.size(); e++) {
            double msPerRun = warmUp(engines.get(e), plan);
            runs[e] = plan.runs() > 0 ? plan.runs()
                    : (int) Math.max(plan.minRuns(), Math.min(plan.maxRuns(), plan.targetSeconds() * 1e3 / msPerRun));
        }
        List<List<Long>> times = new ArrayList<>();
        engines.forEach(e -> times.add(new ArrayList<>()));
        for (int b = 0; b < BLOCKS; b++) {
            for (int e = 0; e < engines.size(); e++) {
                int inBlock = runs[e] / BLOCKS + (b < runs[e] % BLOCKS ? 1 : 0);
                Engine engine = engines.get(e);
                for (int r = 0; r < inBlock; r++) {
                    long t0 = now();
                    engine.run();
                    times.get(e).add(now() - t0);
                }
            }
        }
        long[][] out = new long[engines.size()][];
        for (int e = 0; e < out.length; e++) {
            out[e] = times.get(e).stream().mapToLong(Long::longValue).toArray();
        }
        return out;
    }

    /** Runs the warmup; returns the median time of its runs in milliseconds. */
    private static double warmUp(Engine engine, Plan plan) {
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < plan.warmupRuns() || System.nanoTime() - start < plan.warmupSeconds() * 1e9) {
            long t0 = now();
            engine.run();
            times.add(now() - t0);
            if (times.size() >= 10_000) {
                break;
            }
        }
        // later warmup runs reflect the compiled code better than the first ones
        List<Long> tail = times.subList(times.size() / 2, times.size());
        return medianMs(tail.stream().mapToLong(Long::longValue).toArray());
    }

    /** Nanoseconds of the wall clock, or of this thread's CPU time with {@link #CPU_TIME}. */
    static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static double medianMs(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        double m = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        return m / 1e6;
    }
}
