package dev.jlite.conformance;

import dev.jlite.DataType;
import java.util.function.Function;

/**
 * The case generator of one operator for one data type (the type of the operator's first input, as kernels are
 * registered). {@code op} is the builtin operator's name (or a custom op's name). Every case it makes must be one
 * the official interpreter accepts: a case it rejects is a failing case, not a skipped one.
 */
public record OpCases(String op, DataType type, Function<CaseRandom, DiffCase> generator) {
    /** "ADD/FLOAT32": how the suite names and filters generators. */
    public String key() {
        return op + "/" + type.name();
    }
}
