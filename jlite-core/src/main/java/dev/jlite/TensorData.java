package dev.jlite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Allocation of storage arrays and conversion between little-endian bytes and them. */
final class TensorData {
    private TensorData() {}

    static Object allocate(DataType.Storage storage, int elements) {
        switch (storage) {
            case FLOAT: return new float[elements];
            case INT: return new int[elements];
            case LONG: return new long[elements];
            case SHORT: return new short[elements];
            case BYTE: return new byte[elements];
            case DOUBLE: return new double[elements];
            default: throw new IllegalArgumentException("no storage for " + storage);
        }
    }

    static Object fromLittleEndian(DataType type, ByteBuffer data) {
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining() / Math.max(1, type.byteSize());
        Object array = allocate(type.storage(), n);
        readInto(b, array, 0, n);
        return array;
    }

    /**
     * Reads {@code n} elements from the buffer's position into {@code array[offset..]}. The buffer's position is not
     * moved when it is a view made for the copy (typed views and absolute reads leave {@code src} itself alone).
     */
    /** A view of the buffer from its position, typed like {@code array} (a float, int, ... buffer). */
    static java.nio.Buffer view(ByteBuffer b, Object array) {
        if (array instanceof float[]) {
            return b.asFloatBuffer();
        } else if (array instanceof int[]) {
            return b.asIntBuffer();
        } else if (array instanceof long[]) {
            return b.asLongBuffer();
        } else if (array instanceof short[]) {
            return b.asShortBuffer();
        } else if (array instanceof double[]) {
            return b.asDoubleBuffer();
        }
        throw new IllegalArgumentException("unsupported storage " + array);
    }

    static void readInto(ByteBuffer src, Object array, int offset, int n) {
        ByteBuffer b = src;
        if (array instanceof float[] a) {
            b.asFloatBuffer().get(a, offset, n);
        } else if (array instanceof int[] a) {
            b.asIntBuffer().get(a, offset, n);
        } else if (array instanceof long[] a) {
            b.asLongBuffer().get(a, offset, n);
        } else if (array instanceof short[] a) {
            b.asShortBuffer().get(a, offset, n);
        } else if (array instanceof byte[] a) {
            b.get(a, offset, n);
        } else if (array instanceof double[] a) {
            b.asDoubleBuffer().get(a, offset, n);
        } else {
            throw new IllegalArgumentException("unsupported storage " + array);
        }
    }
}
