package dev.jlite.conformance;

import dev.jlite.DataType;
import dev.jlite.writer.BuiltinOptions;

/**
 * Options tables of the shape, index and data-movement operators that jlite-writer's {@link BuiltinOptions} has no
 * factory for, written with {@link BuiltinOptions#raw}. Union type codes and field ids follow schema.fbs.
 */
final class ShapeOptions {
    static final int SPACE_TO_DEPTH = 19, GATHER = 23, BATCH_TO_SPACE_ND = 24, SPACE_TO_BATCH_ND = 25, TOPK_V2 = 34,
            SPLIT = 35, ARG_MAX = 40, PADV2 = 43, SLICE = 48, TILE = 51, EXPAND_DIMS = 52, SHAPE = 55, ARG_MIN = 57,
            PACK = 59, ONE_HOT = 61, UNPACK = 64, RANGE = 73, MIRROR_PAD = 77, SPLIT_V = 79, REVERSE_V2 = 81,
            GATHER_ND = 83, WHERE = 85, DEPTH_TO_SPACE = 94, CUMSUM = 102, BROADCAST_TO = 104;

    private ShapeOptions() {}

    /** A table without fields. */
    static BuiltinOptions empty(int unionType) {
        return BuiltinOptions.raw(unionType, fbb -> {
            fbb.startTable(0);
            return fbb.endTable();
        });
    }

    /** A table of int fields (ids 0, 1, ...), each left out when 0 (the schema default). */
    static BuiltinOptions ints(int unionType, int... fields) {
        int[] values = fields.clone();
        return BuiltinOptions.raw(unionType, fbb -> {
            fbb.startTable(values.length);
            for (int i = 0; i < values.length; i++) {
                fbb.addInt(i, values[i], 0);
            }
            return fbb.endTable();
        });
    }

    /** {@code ArgMaxOptions}/{@code ArgMinOptions}/{@code ShapeOptions}: one TensorType field. */
    static BuiltinOptions outputType(int unionType, DataType type) {
        return BuiltinOptions.raw(unionType, fbb -> {
            fbb.startTable(1);
            fbb.addByte(0, (byte) type.code(), 0);
            return fbb.endTable();
        });
    }

    /** {@code MirrorPadOptions}: mode 0 REFLECT, 1 SYMMETRIC. */
    static BuiltinOptions mirrorPad(boolean symmetric) {
        return BuiltinOptions.raw(MIRROR_PAD, fbb -> {
            fbb.startTable(1);
            fbb.addByte(0, (byte) (symmetric ? 1 : 0), 0);
            return fbb.endTable();
        });
    }

    /** {@code CumsumOptions}. */
    static BuiltinOptions cumsum(boolean exclusive, boolean reverse) {
        return BuiltinOptions.raw(CUMSUM, fbb -> {
            fbb.startTable(2);
            fbb.addBoolean(0, exclusive, false);
            fbb.addBoolean(1, reverse, false);
            return fbb.endTable();
        });
    }
}
