package dev.jlite.tasks;

/**
 * Where the time of a task's last call went.
 *
 * @param totalNanos     from the call's start (image already decoded) to its result
 * @param inferenceNanos inside the interpreter, summed over every model run of the call
 */
public record Timings(long totalNanos, long inferenceNanos) {

    /** Everything but inference: image conversion, pre- and post-processing. */
    public long prePostNanos() {
        return totalNanos - inferenceNanos;
    }
}
