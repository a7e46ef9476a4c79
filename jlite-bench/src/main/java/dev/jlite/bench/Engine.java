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
}
