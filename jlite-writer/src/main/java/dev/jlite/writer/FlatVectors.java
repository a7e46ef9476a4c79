package dev.jlite.writer;

import com.google.flatbuffers.FlatBufferBuilder;

/** Vectors of scalars and offsets, which flatbuffers-java has no typed helpers for (the generated code writes them). */
final class FlatVectors {
    private FlatVectors() {}

    /** A vector of int32; FlatBuffers builds back to front, so elements go in reverse. */
    static int ints(FlatBufferBuilder fbb, int[] values) {
        fbb.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            fbb.addInt(values[i]);
        }
        return fbb.endVector();
    }

    static int longs(FlatBufferBuilder fbb, long[] values) {
        fbb.startVector(8, values.length, 8);
        for (int i = values.length - 1; i >= 0; i--) {
            fbb.addLong(values[i]);
        }
        return fbb.endVector();
    }

    static int floats(FlatBufferBuilder fbb, float[] values) {
        fbb.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            fbb.addFloat(values[i]);
        }
        return fbb.endVector();
    }

    /** A vector of tables or strings. */
    static int offsets(FlatBufferBuilder fbb, int[] offsets) {
        fbb.startVector(4, offsets.length, 4);
        for (int i = offsets.length - 1; i >= 0; i--) {
            fbb.addOffset(offsets[i]);
        }
        return fbb.endVector();
    }

    /**
     * A ubyte vector whose first byte is aligned to {@code alignment} from the start of the finished file: the
     * builder aligns from the end and pads the finished buffer to its largest alignment, so both agree.
     */
    static int alignedBytes(FlatBufferBuilder fbb, byte[] data, int alignment) {
        fbb.createUnintializedVector(1, data.length, alignment).put(data);
        return fbb.endVector();
    }
}
