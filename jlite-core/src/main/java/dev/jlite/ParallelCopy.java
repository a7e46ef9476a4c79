package dev.jlite;

import dev.jlite.kernel.ThreadPool;
import java.nio.FloatBuffer;

/**
 * Copies a float tensor's data in or out of a caller's buffer on the interpreter's threads, each thread a contiguous
 * share, the calling thread the first. Besides halving the copy, the share each thread copies in is, where the first
 * operator splits its rows the same way, the share it then reads, in its own core's cache rather than the caller's
 * (on this 2-vCPU host data written by one core costs the other about 0.1 ns a byte to read). hand_landmark_full's
 * 224x224x3 stem as a one-operator model, 2 threads, the copy in and the operator, fresh JVMs of the old and new
 * build alternated 3 times (OperatorScaling): 0.167-0.170 -> 0.104-0.112 ms, the operator alone 0.124-0.128 ->
 * 0.106-0.109 ms. One per tensor, made on its first large copy; one interpreter drives its pool from one thread at a
 * time.
 */
final class ParallelCopy implements ThreadPool.RangeTask {
    /** Elements below which one thread copies: the loop's hand-over costs a few microseconds. */
    static final int MIN_ELEMENTS = 1 << 15;
    /** Chunks per thread, as the pool's kernels: a late worker leaves a small remainder to the others. */
    private static final int CHUNKS_PER_THREAD = 4;

    private FloatBuffer buffer;
    private float[] array;
    private int offset;
    private int position;
    private int length;
    private int chunks;
    private boolean in;

    /**
     * Copies {@code length} floats between {@code buffer} from {@code position} (absolute: its position is not
     * moved) and {@code array} from {@code offset}: into the array when {@code in}, else out of it.
     */
    void run(ThreadPool pool, FloatBuffer buffer, int position, float[] array, int offset, int length, boolean in) {
        this.buffer = buffer;
        this.array = array;
        this.offset = offset;
        this.position = position;
        this.length = length;
        this.in = in;
        this.chunks = pool.size() * CHUNKS_PER_THREAD;
        try {
            pool.parallelFor(chunks, this);
        } finally {
            this.buffer = null;
            this.array = null;
        }
    }

    @Override
    public void run(int from, int to) {
        int start = (int) ((long) length * from / chunks);
        int end = (int) ((long) length * to / chunks);
        if (in) {
            buffer.get(position + start, array, offset + start, end - start);
        } else {
            buffer.put(position + start, array, offset + start, end - start);
        }
    }
}
