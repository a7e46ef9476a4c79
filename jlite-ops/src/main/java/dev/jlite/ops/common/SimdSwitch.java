package dev.jlite.ops.common;

import dev.jlite.kernel.InferenceActivity;

/**
 * Keeps the Vector API loops out of the JVM's first inference. Until C2 has compiled them, Vector API loops are far
 * slower than scalar ones (interpreted and C1-compiled vector operations allocate a box each: face_detection_short_range's
 * cold first inference took about 1 s with SIMD against 0.1 s without, on a loaded 2-core machine). So kernels that
 * chose SIMD at prepare time run their scalar loops until an inference has finished in this JVM
 * ({@link InferenceActivity}), and their vector loops from then on; the next inferences warm the vector loops up as
 * before. Results of the first inference and of later ones differ only in float rounding (summation order, fused
 * multiply-adds), within the kernels' SIMD tolerance.
 *
 * <p>Measured and rejected: warming the vector loops up on dummy data in a background thread and switching once
 * they ran faster than the scalar ones. Started with the first inference, the thread competed with it for the cores
 * and the JIT compiler (hand_landmark_full about 1.2 s against 0.5 s); started after it, the switch came 2 to 8 s
 * later on a loaded 2-core machine, and the first 150 inferences of face_landmark took 4.4 to 9.5 s in all against
 * about 3.0 to 4.0 s with this switch or with SIMD from the start.
 *
 * <p>The system property {@code jlite.simd.scalarFirst=false} runs the vector loops from the first inference (the
 * tests use it so that every test exercises them).
 */
public final class SimdSwitch {
    /** Whether the first inference runs the scalar loops. */
    public static final boolean SCALAR_FIRST = !"false".equals(System.getProperty("jlite.simd.scalarFirst"));

    private SimdSwitch() {}

    /** Whether kernels that chose SIMD should run it now (a constant, or one volatile read: no lock, no allocation). */
    public static boolean on() {
        return !SCALAR_FIRST || InferenceActivity.anyFinished();
    }
}
