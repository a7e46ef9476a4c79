package dev.jlite.ops.elementwise;

import dev.jlite.kernel.Node;

/**
 * Whether the Vector API kernels ({@link SimdLoops}) may run. The JDK 17 JIT does not auto-vectorize loops whose
 * arrays are indexed from different offsets (every arena tensor has one), so the hot loops have explicit SIMD
 * variants; {@link SimdLoops} is only loaded when the {@code jdk.incubator.vector} module is in the boot layer.
 */
final class VectorSupport {
    /** Whether {@code jdk.incubator.vector} is resolved (for instance with {@code --add-modules}). */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {}

    /** Whether this node should run its SIMD variant. */
    static boolean use(Node node) {
        return AVAILABLE && node.useSimd();
    }
}
