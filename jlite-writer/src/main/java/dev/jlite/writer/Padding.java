package dev.jlite.writer;

/** TensorFlow Lite's {@code Padding} enum, as written into convolution and pooling options. */
public enum Padding {
    SAME,
    VALID;

    /** The schema code. */
    public byte code() {
        return (byte) ordinal();
    }
}
