package dev.jlite.writer;

/** TensorFlow Lite's {@code ActivationFunctionType} enum, the activation an operator applies to its output. */
public enum FusedActivation {
    NONE,
    RELU,
    RELU_N1_TO_1,
    RELU6,
    TANH,
    SIGN_BIT;

    /** The schema code. */
    public byte code() {
        return (byte) ordinal();
    }
}
