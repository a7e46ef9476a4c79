package dev.jlite.ops.conv;

import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;

/** Reading a node's builtin options table the way TensorFlow Lite's parser does. */
final class Options {
    static final int CONV_2D = 1;
    static final int DEPTHWISE_CONV_2D = 2;
    static final int FULLY_CONNECTED = 8;
    static final int TRANSPOSE_CONV = 49;

    private Options() {}

    /**
     * The options table when it has the expected {@code BuiltinOptions} type, else {@code null}: TensorFlow Lite's
     * {@code builtin_options_as_X()} yields nothing for another type, and the kernel runs on defaults.
     */
    static FlatTable of(Node node, int expectedType) {
        return node.optionsType() == expectedType ? node.options() : null;
    }

    static int getInt(FlatTable t, int id, int def) {
        return t == null ? def : t.getInt(id, def);
    }

    static int getByte(FlatTable t, int id, int def) {
        return t == null ? def : t.getByte(id, (byte) def);
    }

    static boolean getBool(FlatTable t, int id, boolean def) {
        return t == null ? def : t.getBool(id, def);
    }
}
