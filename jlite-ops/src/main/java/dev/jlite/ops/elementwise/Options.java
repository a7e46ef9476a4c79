package dev.jlite.ops.elementwise;

import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;

/** Access to a node's builtin options table of one expected {@code BuiltinOptions} type. */
final class Options {
    static final int POOL_2D = 5;
    static final int SOFTMAX = 9;
    static final int ADD = 11;
    static final int L2_NORM = 12;
    static final int LOCAL_RESPONSE_NORMALIZATION = 13;
    static final int MUL = 21;
    static final int REDUCER = 27;
    static final int SUB = 28;
    static final int DIV = 29;
    static final int LEAKY_RELU = 75;

    private Options() {}

    /** The fused activation clamp range read from field {@code fieldId} of the options (NONE when absent). */
    static Activation activation(Node node, FlatTable options, int fieldId) {
        int code = options == null ? 0 : options.getByte(fieldId, (byte) 0);
        return Activation.of(code, node);
    }
}
