package dev.jlite.conformance;

import java.nio.ByteBuffer;

/**
 * One generated case: a model (usually a single operator), one flat input array per model input (in the input's
 * storage type: {@code float[]}, {@code int[]}, {@code long[]}, {@code short[]}, {@code byte[]}, {@code boolean[]}),
 * and how closely the outputs must match. {@code description} says what was chosen (shapes, options), so a failure
 * is readable without replaying it.
 */
public record DiffCase(String description, ByteBuffer model, Object[] inputs, Tolerance tolerance) {
    public DiffCase(String description, OpModel model, Tolerance tolerance, Object... inputs) {
        this(description, model.build(), inputs, tolerance);
    }
}
