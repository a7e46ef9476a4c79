package dev.jlite.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of persistent worker threads for splitting a kernel's loop. Nothing is spawned per inference: the
 * workers wait (spinning briefly, then yielding, then parked) for the next loop. One interpreter drives its pool
 * from one thread at a time.
 *
 * <p>A loop is cut into chunks, and each thread owns a contiguous share of them, the caller the first: a thread runs
 * its own share front to back, then takes chunks from the back of the others' shares. The caller therefore never
 * waits for a worker that has not started: when a worker wakes late, or is descheduled because the cores are shared
 * with other processes, the caller takes its chunks and the loop ends as on one thread instead of stalling for a
 * scheduler time slice. The caller waits only for chunks a worker already runs. Owned shares keep each thread on
 * the same part of consecutive operators' tensors, which it wrote itself and still has in its core's cache (chunks
 * claimed in turn from one counter dealt the parts out alternately, and MobileNetV2's depthwise layers ran slower on
 * 2 threads than on 1).
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
    /** The bits of a generation kept in a share word. */
    private static final int GENERATION_MASK = 0xFFFFFF;
    /** The bits of a chunk index in a share word. */
    private static final long CHUNK_MASK = 0xFFFFF;

    private final int threads;
    private final Thread[] workers;
    /**
     * Each thread's share of the current loop (the caller's first, then each worker's): generation (low 24 bits of
     * it, bits 40-63), end (bits 20-39) and next unclaimed chunk (bits 0-19). One word per share, so that a claim can
     * never take a chunk of a loop that has already ended.
     */
    private final AtomicLongArray shares;
    /** The generation of the loop the workers are to join. */
    private final AtomicInteger announced = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile boolean callerParked;
    private RangeTask task;
    private int count;
    private int chunkCount;
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
        this.shares = new AtomicLongArray(threads);
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int self = i + 1;
            workers[i] = new Worker(() -> work(self), "jlite-worker-" + self);
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
        this.chunkCount = chunks;
        this.failure = null;
        this.caller = Thread.currentThread();
        finished.set(0);
        generation++;
        int gen = generation & GENERATION_MASK;
        for (int i = 0; i < threads; i++) {
            // Fewer chunks than threads: one each to the caller and the first workers (the ones woken below).
            long start = chunks < threads ? Math.min(i, chunks) : (long) chunks * i / threads;
            long end = chunks < threads ? Math.min(i + 1, chunks) : (long) chunks * (i + 1) / threads;
            shares.set(i, ((long) gen << 40) | (end << 20) | start);
        }
        // Announcing the generation releases the fields above to the workers.
        announced.set(generation);
        for (int i = 0; i < Math.min(workers.length, chunks - 1); i++) {
            LockSupport.unpark(workers[i]);
        }
        running = true;
        try {
            runChunks(0, gen, task, n, chunks);
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

    /**
     * Runs the chunks of loop {@code gen} left in share {@code self}, front to back, then those left at the back of
     * the other shares, until none is left.
     */
    private void runChunks(int self, int gen, RangeTask task, int n, int chunks) {
        for (int k = 0; k < threads; k++) {
            int share = (self + k) % threads;
            while (true) {
                long c = shares.get(share);
                if ((int) (c >>> 40) != gen) {
                    return;
                }
                int next = (int) (c & CHUNK_MASK);
                int end = (int) ((c >>> 20) & CHUNK_MASK);
                if (next >= end) {
                    break;
                }
                boolean own = k == 0;
                if (!shares.compareAndSet(share, c, own ? c + 1 : c - (1L << 20))) {
                    continue;
                }
                int chunk = own ? next : end - 1;
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

    private void work(int self) {
        int seen = 0;
        while (!closed) {
            int spins = 0;
            long start = 0;
            int g;
            while ((g = announced.get()) == seen && !closed) {
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
            seen = g;
            // task, count and chunkCount are read after the volatile read that announced this generation;
            // runChunks only runs them once a claim of this very generation succeeds, i.e. while the caller is
            // still inside that loop (it waits for every chunk), so they cannot belong to a later loop.
            RangeTask t = task;
            int n = count;
            int chunks = chunkCount;
            if (t != null && announced.get() == seen) {
                runChunks(self, seen & GENERATION_MASK, t, n, chunks);
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
