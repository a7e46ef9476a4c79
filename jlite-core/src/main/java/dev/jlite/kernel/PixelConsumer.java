package dev.jlite.kernel;

/**
 * The next node as its producer runs it ({@link Node#pixelConsumer}): {@link #begin} once per inference, {@link #run}
 * for each piece of pixels the producer has written (from any of the pool's threads, for disjoint pieces), then
 * {@link #end}.
 */
public interface PixelConsumer {
    void begin();

    /** Runs the consumer on pixels {@code [from, to)} of its input 0, which the producer has written. */
    void run(int from, int to);

    void end();
}
