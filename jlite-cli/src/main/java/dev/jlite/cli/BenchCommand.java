package dev.jlite.cli;

import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jlite bench}: load time and inference latency on random input. */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Measures model open and prepare time (init), the first run, then the latency of repeated "
                + "runs on random input (seed 0): median, mean, min and 90th percentile, and the arena size."})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .tflite file or model name.")
    private String model;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Kernel threads (default 1).")
    private int threads;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10",
            description = "Runs after the first one that are not measured (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "50",
            description = "Measured runs (default ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--json", description = "Print one JSON object with the keys init_ms, first_run_ms, median_ms, "
            + "mean_ms, min_ms, p90_ms, arena_bytes, threads, runs (a --profile report then goes to stderr).")
    private boolean json;

    @Option(names = "--no-simd", description = "Use the scalar kernels only (no Vector API).")
    private boolean noSimd;

    @Option(names = "--profile", description = "Also time every operator of the measured runs, and print them in "
            + "run order, the top 10, and a summary by operator type.")
    private boolean profile;

    @Option(names = "--compare-tflite", description = "Then time the official TensorFlow Lite 2.6.2 interpreter "
            + "(XNNPACK on, and its builtin kernels) on the same input, interleaved with jlite in blocks (on more "
            + "than one thread each block first lets the other engines' threads go idle), and print the medians "
            + "side by side. Each run costs what a caller pays: jlite's copies the inputs in and the "
            + "outputs out, the official binding's copies the outputs and runs on the direct input buffers in place. "
            + "Needs the jlite-bench jar (the launcher adds it when built).")
    private boolean compareTflite;

    /** What one benchmark measured. */
    record Result(double initMs, double firstRunMs, LatencyStats stats, long arenaBytes, int threads) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("init_ms", initMs);
            m.put("first_run_ms", firstRunMs);
            m.put("median_ms", stats.medianMs());
            m.put("mean_ms", stats.meanMs());
            m.put("min_ms", stats.minMs());
            m.put("p90_ms", stats.p90Ms());
            m.put("arena_bytes", arenaBytes);
            m.put("threads", threads);
            m.put("runs", stats.runs());
            return m;
        }
    }

    @Override
    public Integer call() {
        if (runs < 1) {
            throw CliException.usage("--runs must be at least 1, got " + runs);
        }
        if (warmup < 0) {
            throw CliException.usage("--warmup must not be negative, got " + warmup);
        }
        if (threads < 1) {
            throw CliException.usage("--threads must be at least 1, got " + threads);
        }
        Path file = main.locator().resolve(model);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        long t0 = System.nanoTime();
        Model m = Models.open(file);
        try (Interpreter it = Models.interpreter(m, threads, !noSimd, main.kernels())) {
            it.allocateTensors();
            double initMs = LatencyStats.ms(System.nanoTime() - t0);
            RandomInputs.fill(it, 0);
            double firstMs = timedRun(it);

            ProgressBar bar = new ProgressBar(err, ProgressBar.stderrIsTerminal(), "bench", warmup + runs);
            for (int i = 0; i < warmup; i++) {
                bar.update(i + 1, timedRun(it));
            }
            it.setProfiling(profile);
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                it.invoke();
                nanos[i] = System.nanoTime() - s;
                bar.update(warmup + i + 1, LatencyStats.ms(nanos[i]));
            }
            bar.finish();
            Result r = new Result(initMs, firstMs, LatencyStats.of(nanos), it.arenaBytes(), threads);
            if (json) {
                out.println(Json.compact(r.toJson()));
            } else {
                out.print(text(file, r));
            }
            out.flush();
            if (profile) {
                PrintWriter report = json ? err : out;
                report.println();
                report.print(OperatorProfileReport.format(it.operatorProfile(), runs, m.subgraph(0)));
                report.flush();
            }
            if (compareTflite) {
                it.setProfiling(false);
                compare(file, m, it, json ? err : out);
            }
        }
        return 0;
    }

    /** Blocks in which the engines take turns, so a drift of a shared machine's speed affects them alike. */
    private static final int BLOCKS = 5;
    /**
     * On more than one thread, how long each block first waits for the other engines' thread pools to go idle
     * (XNNPACK's pthreadpool workers spin for 10-20 ms after an inference and, on 2 cores, took the core jlite's
     * worker needed for the whole of the next block; see jlite-bench's PairedModelBench), before {@link #WAKE_MS} of
     * untimed runs wake its own (one run was not enough for XNNPACK on the small models).
     */
    private static final long SETTLE_MS = 40;
    private static final long WAKE_MS = 20;

    private void compare(Path file, Model m, Interpreter it, PrintWriter out) {
        String unavailable = OfficialTflite.unavailableReason();
        if (unavailable != null) {
            out.println("--compare-tflite: " + unavailable);
            out.flush();
            return;
        }
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw new CliException(CliException.FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        // jlite's random inputs (seed 0), copied out of its input tensors.
        RandomInputs random = new RandomInputs(0);
        ByteBuffer[] inputs = new ByteBuffer[it.getInputTensorCount()];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = it.getInputTensor(i);
            ByteBuffer data = random.next(t, "input " + i).data();
            inputs[i] = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
            inputs[i].put(data.duplicate()).flip();
            it.setInput(i, inputs[i].duplicate().order(ByteOrder.nativeOrder()));
        }
        boolean custom = OfficialTflite.hasCustomTransposeConv(m);
        String[] names = {"jlite", "TFLite XNNPACK", "TFLite builtin"};
        Runnable[] engines = new Runnable[3];
        OfficialTflite[] official = new OfficialTflite[2];
        String[] errors = new String[3];
        // What a caller's run costs: jlite copies the inputs into its arena and the outputs out (the official binding
        // copies the outputs out and runs on the direct input buffers in place).
        ByteBuffer[] outputs = new ByteBuffer[it.getOutputTensorCount()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = ByteBuffer.allocateDirect(it.getOutputTensor(i).numBytes()).order(ByteOrder.nativeOrder());
        }
        engines[0] = () -> {
            for (int i = 0; i < inputs.length; i++) {
                it.setInput(i, inputs[i].duplicate().order(ByteOrder.nativeOrder()));
            }
            it.invoke();
            for (int i = 0; i < outputs.length; i++) {
                it.getOutput(i, outputs[i].clear());
            }
        };
        try {
            for (int k = 0; k < 2; k++) {
                try {
                    official[k] = new OfficialTflite(bytes, custom, threads, k == 0, inputs);
                    OfficialTflite o = official[k];
                    o.run();
                    engines[k + 1] = o::run;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    errors[k + 1] = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
            long[][] nanos = new long[3][runs];
            for (int e = 0; e < 3; e++) {
                for (int i = 0; engines[e] != null && i < warmup; i++) {
                    engines[e].run();
                }
            }
            for (int b = 0; b < BLOCKS; b++) {
                int from = runs * b / BLOCKS;
                int to = runs * (b + 1) / BLOCKS;
                for (int e = 0; e < 3; e++) {
                    if (engines[e] != null && threads > 1) {
                        settle();
                        long awake = System.nanoTime() + WAKE_MS * 1_000_000;
                        do {
                            engines[e].run();
                        } while (System.nanoTime() < awake);
                    }
                    for (int i = from; engines[e] != null && i < to; i++) {
                        long s = System.nanoTime();
                        engines[e].run();
                        nanos[e][i] = System.nanoTime() - s;
                    }
                }
            }
            out.printf("%nside by side, %d thread%s, %d runs each in %d interleaved blocks after %d warmup:%n", threads,
                    threads == 1 ? "" : "s", runs, BLOCKS, warmup);
            double jliteMs = LatencyStats.of(nanos[0]).medianMs();
            for (int e = 0; e < 3; e++) {
                if (engines[e] == null) {
                    out.printf("  %-15s  cannot run: %s%n", names[e], errors[e]);
                    continue;
                }
                double ms = LatencyStats.of(nanos[e]).medianMs();
                out.printf("  %-15s  median %8.3f ms%s%n", names[e], ms,
                        e == 0 ? "" : String.format("   jlite / this = %.2fx", jliteMs / ms));
            }
            out.flush();
        } finally {
            for (OfficialTflite o : official) {
                if (o != null) {
                    o.close();
                }
            }
        }
    }

    private static void settle() {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double timedRun(Interpreter it) {
        long s = System.nanoTime();
        it.invoke();
        return LatencyStats.ms(System.nanoTime() - s);
    }

    private String text(Path file, Result r) {
        LatencyStats s = r.stats();
        return String.format("model: %s (%d thread%s, SIMD %s)%n", file, threads, threads == 1 ? "" : "s",
                noSimd ? "off" : "on")
                + String.format("init (open + prepare): %.3f ms%n", r.initMs())
                + String.format("first run: %.3f ms%n", r.firstRunMs())
                + String.format("%d runs after %d warmup: median %.3f ms, mean %.3f ms, min %.3f ms, p90 %.3f ms, "
                        + "max %.3f ms%n", s.runs(), warmup, s.medianMs(), s.meanMs(), s.minMs(), s.p90Ms(),
                        s.maxMs())
                + String.format("arena: %,d bytes%n", r.arenaBytes());
    }
}
