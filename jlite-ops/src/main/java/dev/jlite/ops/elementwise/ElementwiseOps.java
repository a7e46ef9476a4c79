package dev.jlite.ops.elementwise;

import dev.jlite.kernel.MutableOpResolver;

/** Registers the kernels of this family: arithmetic, activations, pooling, reductions, softmax, DEQUANTIZE and DENSIFY. */
public final class ElementwiseOps {
    private ElementwiseOps() {}

    public static void register(MutableOpResolver resolver) {
    }
}
