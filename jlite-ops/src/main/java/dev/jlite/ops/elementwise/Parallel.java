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

    /**
     * Parts per thread for a loop cut into parts ahead of time ({@link #parts}); no more than the pool's own
     * chunks per thread, so that each part stays a chunk that a thread claims on its own.
     */
    public static final int PARTS_PER_THREAD = 4;

    /**
     * How many parts to cut {@code units} equal pieces of work, {@code unitWork} each, into for the threads of
     * {@code pool}: a few per thread, so that when a thread starts late or is descheduled mid-loop the others take
     * its remaining parts, but each part at least {@code minPartWork}; and 1, the calling thread alone, when the
     * work does not fill two such parts, as handing a small loop over costs more than it saves. Where there are
     * enough units the count is a multiple of the thread count, so that equal parts deal out evenly.
     */
    public static int parts(ThreadPool pool, int units, long unitWork, long minPartWork) {
        int threads = pool == null ? 1 : pool.size();
        if (threads <= 1 || units <= 1) {
            return 1;
        }
        long byWork = (long) units * unitWork / Math.max(1, minPartWork);
        if (byWork < 2) {
            return 1;
        }
        int most = (int) Math.min(Math.min(units, byWork), (long) threads * PARTS_PER_THREAD);
        return most >= threads ? most - most % threads : most;
    }
}
