package dev.jlite.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of persistent worker threads for splitting a kernel's loop. Nothing is spawned per inference: the
 * workers wait (briefly spinning, then parked) for the next loop. One interpreter drives its pool from one thread
 * at a time.
 */
public final class ThreadPool implements AutoCloseable {
    /** A slice {@code [from, to)} of a loop's iterations. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private RangeTask task;
    private int count;
    private int parts;
    private volatile Throwable failure;

    /** A pool running loops on {@code threads} threads in all, the calling thread included. */
    public ThreadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = new Worker(() -> work(part), "jlite-worker-" + part);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    public int size() {
        return threads;
    }

    /** Runs {@code task} over {@code [0, n)}, split into contiguous slices, one per thread. */
    public void parallelFor(int n, RangeTask task) {
        int p = Math.min(threads, n);
        // A loop started from inside a worker's slice runs inline: the pool runs one loop at a time.
        if (p <= 1 || closed || Thread.currentThread() instanceof Worker) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        this.task = task;
        this.count = n;
        this.parts = p;
        this.failure = null;
        this.caller = Thread.currentThread();
        pending.set(p - 1);
        generation++;
        for (int i = 0; i < p - 1; i++) {
            LockSupport.unpark(workers[i]);
        }
        task.run(0, n / p);
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        this.task = null;
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

    private void work(int part) {
        long seen = 0;
        while (!closed) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            if (part < parts) {
                try {
                    long from = (long) count * part / parts;
                    long to = (long) count * (part + 1) / parts;
                    task.run((int) from, (int) to);
                } catch (Throwable t) {
                    failure = t;
                }
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
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
