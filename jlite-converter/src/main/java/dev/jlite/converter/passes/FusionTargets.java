package dev.jlite.converter.passes;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.kernel.BuiltinOperator;

/** Which operators take fused biases and activations, and how a fused op takes over its follower's output. */
final class FusionTargets {
    private FusionTargets() {}

    /** CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: weights in input 1, bias in input 2, per output channel. */
    static boolean hasWeights(Op op) {
        return op.code() == BuiltinOperator.CONV_2D || op.code() == BuiltinOperator.DEPTHWISE_CONV_2D
                || op.code() == BuiltinOperator.FULLY_CONNECTED;
    }

    /**
     * Operators with a fused_activation_function option that TensorFlow Lite's kernels apply. (CONCATENATION has
     * the option too, but TensorFlow Lite 2.6 refuses any value but NONE.)
     */
    static boolean takesActivation(Op op) {
        return hasWeights(op) || op.code() == BuiltinOperator.ADD || op.code() == BuiltinOperator.MUL
                || op.code() == BuiltinOperator.SUB || op.code() == BuiltinOperator.DIV
                || op.code() == BuiltinOperator.AVERAGE_POOL_2D || op.code() == BuiltinOperator.MAX_POOL_2D;
    }

    /**
     * {@code fused} now computes what {@code follower} did: it writes the follower's output value (keeping its
     * name, which may be a graph output) and the follower is removed.
     */
    static void replaceOutput(TflGraph g, Op fused, Op follower) {
        fused.setOutput(0, follower.output(0));
        g.ops().remove(follower);
    }
}
