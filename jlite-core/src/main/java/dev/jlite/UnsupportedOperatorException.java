package dev.jlite;

/**
 * A model needs an operator (or operator version) that the interpreter's op resolver does not register. The
 * message names the operator, its version and the node.
 */
public class UnsupportedOperatorException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedOperatorException(String message) {
        super(message);
    }
}
