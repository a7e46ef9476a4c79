package dev.jlite.model;

import dev.jlite.kernel.BuiltinOperator;

/**
 * An entry of the model's operator_codes table: a builtin code, or {@link BuiltinOperator#CUSTOM} with a custom
 * name, and the operator version the model was written for.
 *
 * @param builtinCode the effective builtin code (the larger of the deprecated byte field and the int field,
 *     as TensorFlow Lite reads it)
 * @param customCode the custom operator's name, or {@code null}
 * @param version the operator version, at least 1
 */
public record OperatorCode(int builtinCode, String customCode, int version) {
    public boolean isCustom() {
        return builtinCode == BuiltinOperator.CUSTOM.code();
    }

    /** The builtin name, or the custom name. */
    public String displayName() {
        return isCustom() ? customCode : BuiltinOperator.nameOf(builtinCode);
    }

    @Override
    public String toString() {
        return displayName() + " v" + version;
    }
}
