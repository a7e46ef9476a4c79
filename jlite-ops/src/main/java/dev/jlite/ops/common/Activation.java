package dev.jlite.ops.common;

import dev.jlite.kernel.Node;

/**
 * TensorFlow Lite's fused activation functions ({@code ActivationFunctionType}) as the clamp range float kernels
 * apply after their arithmetic. SIGN_BIT is not supported by any float kernel and is rejected.
 */
public enum Activation {
    NONE(0, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
    RELU(1, 0f, Float.POSITIVE_INFINITY),
    RELU_N1_TO_1(2, -1f, 1f),
    RELU6(3, 0f, 6f),
    TANH(4, Float.NaN, Float.NaN);

    private final int code;
    /** Lower clamp bound. */
    public final float min;
    /** Upper clamp bound. */
    public final float max;

    Activation(int code, float min, float max) {
        this.code = code;
        this.min = min;
        this.max = max;
    }

    public int code() {
        return code;
    }

    /** The activation with this schema code; an unknown or unsupported code is the node's error. */
    public static Activation of(int code, Node node) {
        for (Activation a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw node.error("unsupported fused activation function " + code);
    }

    /** Whether the activation is a clamp to [{@link #min}, {@link #max}] (all but TANH). */
    public boolean isClamp() {
        return this != TANH;
    }

    /** Applies the activation to one value, as TensorFlow Lite's {@code ActivationFunctionWithMinMax}. */
    public float apply(float x) {
        if (this == TANH) {
            return (float) Math.tanh(x);
        }
        return Math.min(Math.max(x, min), max);
    }

    /** Applies the activation in place to {@code a[from..to)}. */
    public void apply(float[] a, int from, int to) {
        switch (this) {
            case NONE:
                return;
            case TANH:
                for (int i = from; i < to; i++) {
                    a[i] = (float) Math.tanh(a[i]);
                }
                return;
            default:
                float lo = min;
                float hi = max;
                for (int i = from; i < to; i++) {
                    a[i] = Math.min(Math.max(a[i], lo), hi);
                }
        }
    }
}
