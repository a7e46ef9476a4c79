package dev.jlite.ops.elementwise;

import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;

/**
 * The clamp range TensorFlow Lite's arithmetic and pooling kernels apply for a fused activation
 * ({@code CalculateActivationRange}). Unlike {@link Activation#apply}, TANH and SIGN_BIT clamp nothing here
 * (TensorFlow Lite ignores them for these kernels), and NONE clamps to the finite type range, so an infinite
 * float result becomes {@code ±Float.MAX_VALUE} exactly as in TensorFlow Lite.
 */
record ActivationRange(float min, float max, int intMin, int intMax) {
    /** The schema code of SIGN_BIT, which {@link Activation} does not model. */
    private static final int SIGN_BIT = 5;

    static final ActivationRange NONE =
            new ActivationRange(-Float.MAX_VALUE, Float.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE);

    /** The range for a {@code fused_activation_function} code; unknown codes are the node's error. */
    static ActivationRange of(int code, Node node) {
        if (code == SIGN_BIT) {
            return NONE;
        }
        switch (Activation.of(code, node)) {
            case RELU:
                return new ActivationRange(0f, Float.MAX_VALUE, 0, Integer.MAX_VALUE);
            case RELU6:
                return new ActivationRange(0f, 6f, 0, 6);
            case RELU_N1_TO_1:
                return new ActivationRange(-1f, 1f, -1, 1);
            default:
                return NONE;
        }
    }
}
