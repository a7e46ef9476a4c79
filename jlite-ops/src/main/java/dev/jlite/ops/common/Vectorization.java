package dev.jlite.ops.common;

import dev.jlite.kernel.Node;

/**
 * Whether the Vector API kernels may run, decided once at startup as in Lucene's {@code VectorizationProvider}:
 * they need the {@code jdk.incubator.vector} module in the boot layer (the launcher adds it with
 * {@code --add-modules}). Classes that use the Vector API are only loaded after this says yes, so a JVM without
 * the module runs the scalar kernels and never touches them. The JDK 17 JIT does not auto-vectorize loops whose
 * arrays are indexed from different offsets (every arena tensor has one), which is why the hot loops have
 * explicit SIMD variants at all.
 */
public final class Vectorization {
    /** Whether {@code jdk.incubator.vector} is resolved. */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Vectorization() {}

    /** Whether this node should run its SIMD variant. */
    public static boolean use(Node node) {
        return AVAILABLE && node.useSimd();
    }
}
