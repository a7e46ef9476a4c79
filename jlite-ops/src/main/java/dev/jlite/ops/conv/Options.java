package dev.jlite.ops.conv;

import dev.jlite.flatbuffers.FlatTable;

/** The {@code BuiltinOptions} types of this family, and reads with defaults when a node has no options. */
final class Options {
    static final int CONV_2D = 1;
    static final int DEPTHWISE_CONV_2D = 2;
    static final int FULLY_CONNECTED = 8;
    static final int TRANSPOSE_CONV = 49;

    private Options() {}

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
