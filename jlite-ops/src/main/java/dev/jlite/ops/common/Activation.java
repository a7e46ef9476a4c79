package dev.jlite.ops.common;

import dev.jlite.kernel.Node;

/**
 * TensorFlow Lite's fused activation functions ({@code ActivationFunctionType}) as the clamp range that its float
 * and int32 kernels apply after their arithmetic ({@code CalculateActivationRange}): only the RELU family clamps;
 * NONE, TANH and SIGN_BIT clamp to the finite type range (TensorFlow Lite ignores TANH and SIGN_BIT in these
 * kernels), so an infinite float result becomes {@code ±Float.MAX_VALUE} exactly as in TensorFlow Lite.
 */
public enum Activation {
    NONE(0, -Float.MAX_VALUE, Float.MAX_VALUE),
    RELU(1, 0f, Float.MAX_VALUE),
    RELU_N1_TO_1(2, -1f, 1f),
    RELU6(3, 0f, 6f),
    TANH(4, -Float.MAX_VALUE, Float.MAX_VALUE),
    SIGN_BIT(5, -Float.MAX_VALUE, Float.MAX_VALUE);

    private final int code;
    private final float min;
    private final float max;

    Activation(int code, float min, float max) {
        this.code = code;
        this.min = min;
        this.max = max;
    }

    public int code() {
        return code;
    }

    /** The activation with this schema code; an unknown code is the node's error. */
    public static Activation of(int code, Node node) {
        for (Activation a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw node.error("unknown fused activation function " + code);
    }

    /** Lower clamp bound for float results. */
    public float min() {
        return min;
    }

    /** Upper clamp bound for float results. */
    public float max() {
        return max;
    }

    /** Lower clamp bound for int32 results. */
    public int intMin() {
        return this == RELU || this == RELU6 ? 0 : this == RELU_N1_TO_1 ? -1 : Integer.MIN_VALUE;
    }

    /** Upper clamp bound for int32 results. */
    public int intMax() {
        return this == RELU6 ? 6 : this == RELU_N1_TO_1 ? 1 : Integer.MAX_VALUE;
    }

    /** Whether this is a real clamp activation (NONE or the RELU family), not one TensorFlow Lite ignores. */
    public boolean isClamp() {
        return this != TANH && this != SIGN_BIT;
    }

    /** Clamps {@code a[from..to)} in place. */
    public void apply(float[] a, int from, int to) {
        float lo = min;
        float hi = max;
        for (int i = from; i < to; i++) {
            a[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }
}
