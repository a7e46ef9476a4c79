package dev.jlite.converter;

import java.util.List;

/**
 * A model that cannot be converted. When the reason is operators without a TensorFlow Lite mapping, {@link #problems()}
 * lists every one of them (node, op, the function it sits in), not only the first.
 */
public final class ConversionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConversionException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** One exception for several problems; the message lists them all, one per line. */
    public ConversionException(String summary, List<String> problems) {
        super(summary + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one line each. */
    public List<String> problems() {
        return problems;
    }
}
