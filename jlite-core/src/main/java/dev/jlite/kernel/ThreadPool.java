package dev.jlite.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of persistent worker threads for splitting a kernel's loop. Nothing is spawned per inference: the
 * workers wait (spinning briefly, then yielding, then parked) for the next loop. One interpreter drives its pool
 * from one thread at a time.
 *
 * <p>A loop is cut into chunks that the calling thread and the workers claim one at a time, the caller first. The
 * caller therefore never waits for a worker that has not started: when a worker wakes late, or is descheduled
 * because the cores are shared with other processes, the caller takes its chunks and the loop ends as on one
 * thread instead of stalling for a scheduler time slice. The caller waits only for chunks a worker already runs.
 */
public final class ThreadPool implements AutoCloseable {
    /** A slice {@code [from, to)} of a loop's iterations. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Chunks per thread for a loop longer than the thread count: a few, so that a worker's late start or a
     * descheduled thread leaves a small remainder, not half the loop, while the per-chunk cost stays negligible.
     */
    private static final int CHUNKS_PER_THREAD = 4;
    /** How long an idle worker keeps polling before parking: longer than the gap between a model's loops. */
    private static final long IDLE_POLL_NANOS = 1_000_000;
    /**
     * Busy-wait rounds before polling with {@link Thread#yield()}, which lets another thread have the core. On cores
     * shared with other processes a worker that only spins takes time from the caller it waits for: measured with
     * 2-thread interpreters at load average 6 on 2 cores, pure spinning made models 1.5-1.8x slower than on one
     * thread; yielding keeps them at about the one-thread time.
     */
    private static final int SPINS = 1_000;

    private final int threads;
    private final Thread[] workers;
    /**
     * The current loop's claim state: generation (bits 32-63), chunk count (bits 16-31), next unclaimed chunk
     * (bits 0-15). One word, so that a claim can never take a chunk of a loop that has already ended.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile boolean callerParked;
    private RangeTask task;
    private int count;
    private int generation;
    /** Whether the driving thread is inside a loop; only that thread reads it. */
    private boolean running;
    private volatile Throwable failure;

    /** A pool running loops on {@code threads} threads in all, the calling thread included. */
    public ThreadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(this::work, "jlite-worker-" + (i + 1));
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    public int size() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code [0, n)} in contiguous slices, each index exactly once, on up to
     * {@link #size()} threads. A loop of at most {@code size()} iterations runs one iteration per slice, so a
     * kernel may split its work into per-thread parts with their own buffers, indexed by the iteration.
     */
    public void parallelFor(int n, RangeTask task) {
        // A loop started from inside a slice (the caller's or a worker's) runs inline: the pool runs one loop at a
        // time.
        if (Math.min(threads, n) <= 1 || closed || running || Thread.currentThread() instanceof Worker) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        int chunks = n <= threads ? n : (int) Math.min(n, Math.min(0xFFFF, (long) threads * CHUNKS_PER_THREAD));
        this.task = task;
        this.count = n;
        this.failure = null;
        this.caller = Thread.currentThread();
        finished.set(0);
        generation++;
        // Publishing the claim word releases the fields above to any worker whose claim succeeds.
        claims.set(((long) generation << 32) | ((long) chunks << 16));
        for (int i = 0; i < Math.min(workers.length, chunks - 1); i++) {
            LockSupport.unpark(workers[i]);
        }
        running = true;
        try {
            runChunks(generation, task, n);
            awaitChunks(chunks);
        } finally {
            running = false;
            this.task = null;
        }
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(f);
        }
    }

    /** Claims and runs chunks of loop {@code gen} until none is left. */
    private void runChunks(int gen, RangeTask task, int n) {
        while (true) {
            long c = claims.get();
            int chunk = (int) (c & 0xFFFF);
            int chunks = (int) ((c >>> 16) & 0xFFFF);
            if ((int) (c >>> 32) != gen || chunk >= chunks) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                task.run((int) ((long) n * chunk / chunks), (int) ((long) n * (chunk + 1) / chunks));
            } catch (Throwable t) {
                failure = t;
            }
            if (finished.incrementAndGet() == chunks && Thread.currentThread() != caller && callerParked) {
                LockSupport.unpark(caller);
            }
        }
    }

    /**
     * Waits until the workers have finished the chunks they claimed. The caller spins rather than yields: the
     * worker it waits for is running on the other core, and a yielded core can go to another process for a
     * whole time slice.
     */
    private void awaitChunks(int chunks) {
        int spins = 0;
        long start = 0;
        while (finished.get() != chunks) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else if (start == 0) {
                start = System.nanoTime();
            } else if (System.nanoTime() - start < IDLE_POLL_NANOS) {
                Thread.onSpinWait();
            } else {
                callerParked = true;
                if (finished.get() != chunks) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }
    }

    private void work() {
        int seen = 0;
        while (!closed) {
            int spins = 0;
            long start = 0;
            long c;
            while ((int) ((c = claims.get()) >>> 32) == seen && !closed) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else if (start == 0) {
                    start = System.nanoTime();
                } else if (System.nanoTime() - start < IDLE_POLL_NANOS) {
                    Thread.yield();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = (int) (c >>> 32);
            // task and count are read after the claim word (a volatile read) that announced this generation;
            // runChunks only runs them once a claim of this very generation succeeds, i.e. while the caller is
            // still inside that loop, so they cannot belong to a later loop.
            RangeTask t = task;
            int n = count;
            if (t != null && (int) (claims.get() >>> 32) == seen) {
                runChunks(seen, t, n);
            }
        }
    }

    /** The pool's own threads, told apart from callers without looking at names. */
    private static final class Worker extends Thread {
        Worker(Runnable body, String name) {
            super(body, name);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
