package dev.jlite.bench;

/**
 * One interpreter of one model with its inputs fixed: each {@link #run()} copies the inputs in, runs the model and
 * copies the outputs out, so every engine pays the same copies.
 */
interface Engine extends AutoCloseable {
    /** The engine's name in reports. */
    String name();

    /** One inference. */
    void run();

    /** The outputs of the last run, as floats ({@code null} for outputs of other types). */
    float[][] floatOutputs();

    @Override
    void close();

    /** Runs one inference of each engine in turn, over and over, for {@code seconds}. */
    static void runInTurn(double seconds, Engine... engines) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (Engine e : engines) {
                e.run();
            }
        }
    }
}
