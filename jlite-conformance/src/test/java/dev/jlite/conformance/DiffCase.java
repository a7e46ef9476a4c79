package dev.jlite.conformance;

import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

/**
 * One generated case: a model (usually a single operator), one flat input array per model input (in the input's
 * storage type: {@code float[]}, {@code int[]}, {@code long[]}, {@code short[]}, {@code byte[]}, {@code boolean[]}),
 * and how closely the outputs must match. {@code description} says what was chosen (shapes, options), so a failure
 * is readable without replaying it. {@code undefinedMask}, when not null, returns copies of the outputs with the elements whose values
 * TensorFlow Lite leaves undefined (rows past a detection count, say) cleared; both runs pass through it before they
 * are compared, and it must not modify its argument.
 */
public record DiffCase(String description, ByteBuffer model, Object[] inputs, Tolerance tolerance,
        UnaryOperator<Object[]> undefinedMask) {
    public DiffCase(String description, ByteBuffer model, Object[] inputs, Tolerance tolerance) {
        this(description, model, inputs, tolerance, null);
    }

    public DiffCase(String description, OpModel model, Tolerance tolerance, Object... inputs) {
        this(description, model.build(), inputs, tolerance, null);
    }

    /** This case with outputs masked before comparison (see the class comment). */
    public DiffCase withUndefinedMask(UnaryOperator<Object[]> mask) {
        return new DiffCase(description, model, inputs, tolerance, mask);
    }
}
