package dev.jlite.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a second core gives this machine, for jlite and for the official interpreter with XNNPACK: each engine's
 * median time per inference on 1 thread alone; two interpreters of 1 thread each running at once on two threads of
 * the caller (their throughput, in 1-thread inferences per 1-thread inference time: 2.0 when the cores do not slow
 * each other); and one interpreter on 2 threads (its speed-up over 1 thread). When two independent interpreters reach
 * about 2.0 and one interpreter on 2 threads stays well under it, the loss is in splitting the work, not in the
 * cores, caches or memory the two threads share. The engines run one after the other, seconds apart, in this host's
 * changing speed: compare each engine's settings, not the engines (that is {@link PairedModelBench}'s job).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jlite-bench.jar dev.jlite.bench.ThreadScaling [MODEL...]
 * </pre>
 * Default: hand_landmark_full. A model is a name in the shared models or a {@code .tflite} path (LayerBench's
 * {@code --write} makes single-layer models). Each figure is the median of {@link #SECONDS} s of inferences; the
 * three settings run in turn, {@link #ROUNDS} times, after each engine's threads have gone idle.
 */
public final class ThreadScaling {
    private static final double WARM_SECONDS = 6;
    private static final double SECONDS = 1.5;
    private static final int ROUNDS = 3;

    private ThreadScaling() {}

    public static void main(String[] args) throws Exception {
        String[] models = args.length > 0 ? args : new String[] {"hand_landmark_full"};
        for (String name : models) {
            SharedModel shared = SharedModel.load(name);
            System.out.println(shared.name + ": ms per inference; two at once as throughput, one on 2 threads as"
                    + " speed-up, both against 1 thread alone");
            for (String engine : new String[] {SharedModel.JLITE, SharedModel.XNNPACK}) {
                try (Engine a = shared.open(engine, 1);
                        Engine b = shared.open(engine, 1);
                        Engine two = shared.open(engine, 2)) {
                    Engine.runInTurn(WARM_SECONDS, a, b, two);
                    for (int round = 0; round < ROUNDS; round++) {
                        settle();
                        double alone = median(a, SECONDS);
                        settle();
                        double[] both = atOnce(a, b);
                        settle();
                        double split = median(two, SECONDS);
                        System.out.printf(Locale.ROOT,
                                "  %-7s 1 thread %.3f | two at once %.3f and %.3f, throughput %.2fx"
                                        + " | one on 2 threads %.3f, speed-up %.2fx%n",
                                a.name(), alone, both[0], both[1], alone / both[0] + alone / both[1], split,
                                alone / split);
                    }
                }
            }
        }
    }

    /** Lets the previous setting's pool threads go idle (XNNPACK's spin for 10-20 ms after a run). */
    private static void settle() throws InterruptedException {
        Thread.sleep(PairedModelBench.SETTLE_MS);
    }

    /** Medians of {@code a} on this thread and {@code b} on another, run at the same time. */
    private static double[] atOnce(Engine a, Engine b) throws InterruptedException {
        double[] medians = new double[2];
        RuntimeException[] failure = new RuntimeException[1];
        Thread other = new Thread(() -> {
            try {
                medians[1] = median(b, SECONDS);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "second-interpreter");
        other.start();
        medians[0] = median(a, SECONDS);
        other.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return medians;
    }

    /** The median ms of {@code engine}'s inferences over {@code seconds}. */
    private static double median(Engine engine, double seconds) {
        List<Long> nanos = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long now;
        do {
            long start = System.nanoTime();
            engine.run();
            now = System.nanoTime();
            nanos.add(now - start);
        } while (now < end);
        Collections.sort(nanos);
        return nanos.get(nanos.size() / 2) / 1e6;
    }
}
