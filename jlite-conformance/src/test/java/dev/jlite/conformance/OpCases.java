package dev.jlite.conformance;

import dev.jlite.DataType;
import java.util.function.Function;

/**
 * The case generator of one operator for one data type (the type of the operator's first input, as kernels are
 * registered). {@code op} is the builtin operator's name (or a custom op's name). Every case it makes must be one
 * the official interpreter accepts: a case it rejects is a failing case, not a skipped one. {@code variant}, when
 * not empty, names a second generator of the same operator and type that proves a different kernel path the same
 * registration dispatches to (hybrid weights behind a FLOAT32 input, say).
 */
public record OpCases(String op, DataType type, String variant, Function<CaseRandom, DiffCase> generator) {
    /** The one generator of an operator and type. */
    public OpCases(String op, DataType type, Function<CaseRandom, DiffCase> generator) {
        this(op, type, "", generator);
    }

    /** "ADD/FLOAT32", or "FULLY_CONNECTED/FLOAT32/HYBRID" for a variant: how the suite names and filters generators. */
    public String key() {
        return registrationKey() + (variant.isEmpty() ? "" : "/" + variant);
    }

    /** "ADD/FLOAT32": the registered (operator, type) this generator proves. */
    public String registrationKey() {
        return op + "/" + type.name();
    }
}
