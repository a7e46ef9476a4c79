package dev.jlite.kernel;

/**
 * Whether any interpreter of this JVM has finished an inference yet, for kernels' background work that must not
 * compete with the first inference for the cores and the JIT compiler (jlite-ops warms its Vector API loops up
 * after it). The interpreter reports each finished inference; nothing is counted on the way in, so the steady
 * state pays one volatile read and, at most once, one volatile write per inference.
 */
public final class InferenceActivity {
    private static volatile boolean finishedOne;

    private InferenceActivity() {}

    /** Whether an inference has finished in this JVM. */
    public static boolean anyFinished() {
        return finishedOne;
    }

    /** Called by the interpreter after each inference. */
    public static void finished() {
        if (!finishedOne) {
            finishedOne = true;
        }
    }
}
