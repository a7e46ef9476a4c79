package dev.jlite.ops.shape;

import dev.jlite.kernel.MutableOpResolver;

/** Registers the kernels of this family: operators that move data without arithmetic: reshaping, slicing, padding, concatenation, gathering and resizing. */
public final class ShapeOps {
    private ShapeOps() {}

    public static void register(MutableOpResolver resolver) {
    }
}
