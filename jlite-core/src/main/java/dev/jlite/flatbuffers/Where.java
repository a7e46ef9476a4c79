package dev.jlite.flatbuffers;

/**
 * Names a place in a model file for error messages, such as {@code subgraph 0 / tensor 12 'conv/weights'
 * quantization}. The text is put together only when a message is built: a model has hundreds of tables, and
 * concatenating each one's name up front, in code that runs once per model and so stays in the bytecode
 * interpreter, took 40% of {@code Model.open} there ({@code -Xint}: 25 -> 14 ms for face_detection_short_range).
 */
public final class Where {
    private final Where parent;
    private final String open;
    private final Object label;
    /** The element's index after the label, or -1. */
    private final int index;
    private final String close;

    private Where(Where parent, String open, Object label, int index, String close) {
        this.parent = parent;
        this.open = open;
        this.label = label;
        this.index = index;
        this.close = close;
    }

    /** A place named by {@code label} alone. */
    public static Where of(String label) {
        return new Where(null, "", label, -1, "");
    }

    /** Element {@code index} of something, e.g. {@code subgraph 0}. */
    public static Where of(String label, int index) {
        return new Where(null, "", label, index, "");
    }

    /** Element {@code index} inside this place, e.g. {@code subgraph 0 / tensor 12}. */
    public Where child(String label, int index) {
        return new Where(this, " / ", label, index, "");
    }

    /** A part of this place, e.g. {@code ... quantization} or {@code ... inputs}. */
    public Where part(String label) {
        return new Where(this, " ", label, -1, "");
    }

    /** This place with its name in quotes; itself when there is no name. */
    public Where named(String name) {
        return name == null ? this : new Where(this, " '", name, -1, "'");
    }

    /** This place with a detail in parentheses, rendered with {@code toString()} when a message needs it. */
    public Where detail(Object detail) {
        return new Where(this, " (", detail, -1, ")");
    }

    @Override
    public String toString() {
        return (parent == null ? "" : parent.toString()) + open + label + (index < 0 ? "" : " " + index) + close;
    }
}
