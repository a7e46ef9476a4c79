package dev.jlite.bench;

import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures one core's single-precision peak: a loop of fused multiply-adds on independent accumulators that stay
 * in vector registers, with the widest vectors the JVM offers. The clock the kernel reports in /proc/cpuinfo is the
 * nominal one under a hypervisor, while the core runs its FMA loops at its boost clock (on the 2-vCPU Zen 5 of
 * this project 2.10 GHz nominal, 214-225 GFLOP/s measured: about 3.4 GHz), so a peak derived from it overstates
 * the share of peak a kernel reaches. {@code scripts/bench-table.sh} runs this before its benchmarks and gives
 * the result to {@link BenchTable}.
 *
 * <pre>PeakFlops [--runs N]</pre> prints the highest GFLOP/s of the runs on the first line, then the runs: other work
 * on the host only slows the loop (this machine's neighbours cost it up to a quarter for tens of seconds: 162.8
 * GFLOP/s in one run of the table script, 194-227 in others).
 */
public final class PeakFlops {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /**
     * Independent accumulators: at least the FMA latency times the FMA pipes (4 cycles x 2 pipes on Zen 4/5 and
     * recent Intel cores), so that the pipes never wait on a result, and few enough to stay in 16 registers.
     */
    private static final int CHAINS = 12;
    private static final long ITERATIONS = 50_000_000L;
    private static volatile float sink;

    private PeakFlops() {}

    public static void main(String[] args) {
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: PeakFlops [--runs N]");
            }
        }
        double[] gflops = measure(runs);
        double[] sorted = gflops.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%.1f%n", sorted[sorted.length - 1]);
        System.out.printf(Locale.ROOT, "%d-lane vectors, %d chains, runs: %s GFLOP/s%n", SPECIES.length(), CHAINS,
                Arrays.toString(gflops));
    }

    /** GFLOP/s of each of {@code runs} timed loops, after loops that let C2 compile the kernel. */
    static double[] measure(int runs) {
        for (int i = 0; i < 20; i++) {
            sink += fmaLoop(ITERATIONS / 100, 1f);
        }
        double[] gflops = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            sink += fmaLoop(ITERATIONS, 1f + r);
            double seconds = (System.nanoTime() - t0) / 1e9;
            gflops[r] = Math.round(2.0 * SPECIES.length() * CHAINS * ITERATIONS / seconds / 1e8) / 10.0;
        }
        return gflops;
    }

    /** {@code iterations} rounds of one FMA on each of {@link #CHAINS} accumulators; returns their sum. */
    static float fmaLoop(long iterations, float seed) {
        // Each accumulator converges to c / (1 - m) = 1: no overflow or subnormals however long the loop.
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector c = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector a0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector a1 = a0.add(1f);
        FloatVector a2 = a0.add(2f);
        FloatVector a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f);
        FloatVector a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f);
        FloatVector a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f);
        FloatVector a9 = a0.add(9f);
        FloatVector a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
