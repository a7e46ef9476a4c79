package dev.jlite;

/**
 * A model file is malformed: truncated, out-of-range offsets or indices, impossible shapes, buffers of the
 * wrong size, unknown types, cycles. The message names the subgraph, operator, tensor or byte offset at fault.
 */
public class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
