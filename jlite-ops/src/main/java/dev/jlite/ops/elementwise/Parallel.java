package dev.jlite.ops.elementwise;

import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;

/** When a loop is worth splitting across the interpreter's threads. */
public final class Parallel {
    /**
     * Below this much work (elements touched) a loop runs on the calling thread: waking workers costs a few
     * microseconds, about what a core needs for this many simple float operations.
     */
    public static final int MIN_WORK = 1 << 15;

    private Parallel() {}

    /**
     * Runs {@code task} over {@code [0, n)}, split across threads when {@code work} (elements touched in all)
     * is large enough; each slice gets at least {@link #MIN_WORK} / 2 of the work.
     */
    public static void run(Node node, int n, long work, ThreadPool.RangeTask task) {
        if (n <= 0) {
            return;
        }
        ThreadPool pool = node.threads();
        if (pool == null || pool.size() <= 1 || n == 1 || work < MIN_WORK) {
            task.run(0, n);
            return;
        }
        pool.parallelFor(n, task);
    }
}
