package dev.jlite.bench;

import dev.jlite.Model;
import dev.jlite.testing.ModelFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Java heap bytes allocated per inference after warm-up, measured by the JVM's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) around {@code --runs} runs (input copied in,
 * invoke, outputs copied out, as {@link JliteEngine} does), and around as many bare invokes. Only the calling thread is counted: with
 * {@code --threads N > 1} the workers' allocations are not included.
 *
 * <pre>
 * AllocBench [--threads N] [--warmup N] [--runs N] [MODEL...]
 * </pre>
 */
public final class AllocBench {
    private AllocBench() {}

    public static void main(String[] args) throws IOException {
        int threads = 1;
        int warmup = 200;
        int runs = 100;
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> models.add(args[i]);
            }
        }
        if (models.isEmpty()) {
            models.addAll(ModelFiles.ALL);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        System.out.println("| model | bytes/inference with copies in and out | bytes/invoke |");
        System.out.println("|---|---|---|");
        for (String name : models) {
            Path file = SharedModel.locate(name);
            Model model = Model.wrap(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN));
            ByteBuffer[] inputs = CompareBench.randomInputs(model.subgraph(0), 0);
            JliteEngine engine = new JliteEngine(model, threads, true, inputs);
            try {
                for (int i = 0; i < warmup; i++) {
                    engine.run();
                }
                long before = mx.getThreadAllocatedBytes(self);
                for (int i = 0; i < runs; i++) {
                    engine.run();
                }
                long bytes = mx.getThreadAllocatedBytes(self) - before;
                before = mx.getThreadAllocatedBytes(self);
                for (int i = 0; i < runs; i++) {
                    engine.invokeOnly();
                }
                long invokeBytes = mx.getThreadAllocatedBytes(self) - before;
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", file.getFileName().toString()
                        .replaceFirst("\\.tflite$", ""), (double) bytes / runs, (double) invokeBytes / runs);
            } finally {
                engine.close();
            }
        }
    }
}
