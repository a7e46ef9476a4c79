package dev.jlite.bench;

/**
 * How much one engine's thread pool slows the other when both run in one process, as in {@link PairedModelBench}:
 * each engine's time per inference alone (after a pause in which the other's threads went idle), and right after
 * blocks of the other engine, with pauses of 0 to {@link PairedModelBench#SETTLE_MS} ms and more between them.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jlite-bench.jar dev.jlite.bench.PoolInterference [MODEL] [THREADS]
 * </pre>
 * Defaults: object_detection_3d_camera, 2 threads. Each figure is the mean of 20 blocks of 3 timed inferences, each
 * block after one untimed inference of the same engine.
 */
public final class PoolInterference {
    private static final int BLOCKS = 20;
    private static final int TIMED = 3;
    private static final long[] PAUSES_MS = {0, 1, 2, 5, 10, 20, 40, 200};
    /** Both engines in turn before the first figure, so that jlite's kernels are compiled. */
    private static final double WARM_SECONDS = 8;

    private PoolInterference() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "object_detection_3d_camera";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        SharedModel shared = SharedModel.load(model);
        try (Engine jlite = shared.open(SharedModel.JLITE, threads);
                Engine xnnpack = shared.open(SharedModel.XNNPACK, threads)) {
            Engine.runInTurn(WARM_SECONDS, jlite, xnnpack);
            System.out.printf("%s, %d thread(s): ms per inference after a block of the other engine and a pause of"
                    + " (ms)%n", model, threads);
            for (int round = 0; round < 2; round++) {
                StringBuilder j = new StringBuilder("  jlite  ");
                StringBuilder x = new StringBuilder("  XNNPACK");
                for (long pause : PAUSES_MS) {
                    j.append(String.format(" %d:%.2f", pause, after(xnnpack, jlite, pause)));
                    x.append(String.format(" %d:%.2f", pause, after(jlite, xnnpack, pause)));
                }
                System.out.println(j);
                System.out.println(x);
            }
        }
    }

    /** Mean ms of {@code timed}'s inferences, each block after 4 of {@code other}'s, a pause and one untimed run. */
    private static double after(Engine other, Engine timed, long pauseMs) throws InterruptedException {
        long nanos = 0;
        for (int b = 0; b < BLOCKS; b++) {
            for (int i = 0; i < 4; i++) {
                other.run();
            }
            if (pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
            timed.run();
            long start = System.nanoTime();
            for (int i = 0; i < TIMED; i++) {
                timed.run();
            }
            nanos += System.nanoTime() - start;
        }
        return nanos / 1e6 / (BLOCKS * TIMED);
    }
}
