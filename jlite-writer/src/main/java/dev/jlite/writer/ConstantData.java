package dev.jlite.writer;

import dev.jlite.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Encodes a flat Java array as the little-endian bytes of a constant tensor of a given type and element count. */
final class ConstantData {
    private ConstantData() {}

    /**
     * The bytes of a constant. Accepted arrays: {@code float[]} (FLOAT32), {@code double[]} (FLOAT64),
     * {@code int[]} (INT32, UINT32), {@code long[]} (INT64, UINT64), {@code short[]} (INT16, UINT16, and FLOAT16 as
     * raw half-precision bits), {@code byte[]} (INT8, UINT8, BOOL), {@code boolean[]} (BOOL), and for STRING
     * {@code String[]} (one element each) or {@code byte[]} already in TensorFlow Lite's string-buffer format.
     */
    static byte[] encode(String where, DataType type, long elements, Object data) {
        if (data == null) {
            throw new IllegalArgumentException(where + ": constant data is null");
        }
        if (type == DataType.STRING) {
            if (data instanceof String[] strings) {
                check(where, type, elements, strings.length);
                return strings(strings);
            }
            if (data instanceof byte[] bytes) {
                return bytes.clone();
            }
            throw mismatch(where, type, data);
        }
        int length;
        ByteBuffer out;
        switch (type.storage()) {
            case FLOAT -> {
                float[] a = cast(where, type, data, float[].class);
                length = a.length;
                out = allocate(length, 4);
                out.asFloatBuffer().put(a);
            }
            case DOUBLE -> {
                double[] a = cast(where, type, data, double[].class);
                length = a.length;
                out = allocate(length, 8);
                out.asDoubleBuffer().put(a);
            }
            case INT -> {
                int[] a = cast(where, type, data, int[].class);
                length = a.length;
                out = allocate(length, 4);
                out.asIntBuffer().put(a);
            }
            case LONG -> {
                long[] a = cast(where, type, data, long[].class);
                length = a.length;
                out = allocate(length, 8);
                out.asLongBuffer().put(a);
            }
            case SHORT -> {
                short[] a = cast(where, type, data, short[].class);
                length = a.length;
                out = allocate(length, 2);
                out.asShortBuffer().put(a);
            }
            case BYTE -> {
                if (type == DataType.BOOL && data instanceof boolean[] a) {
                    length = a.length;
                    out = allocate(length, 1);
                    for (boolean b : a) {
                        out.put((byte) (b ? 1 : 0));
                    }
                } else {
                    byte[] a = cast(where, type, data, byte[].class);
                    length = a.length;
                    out = allocate(length, 1);
                    out.put(a);
                }
            }
            default -> throw new IllegalArgumentException(where + ": " + type + " tensors cannot be constants");
        }
        check(where, type, elements, length);
        return out.array();
    }

    private static ByteBuffer allocate(int length, int width) {
        return ByteBuffer.allocate(Math.multiplyExact(length, width)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static <T> T cast(String where, DataType type, Object data, Class<T> expected) {
        if (!expected.isInstance(data)) {
            throw mismatch(where, type, data);
        }
        return expected.cast(data);
    }

    private static IllegalArgumentException mismatch(String where, DataType type, Object data) {
        return new IllegalArgumentException(where + ": " + data.getClass().getSimpleName()
                + " cannot hold the data of a " + type + " tensor");
    }

    private static void check(String where, DataType type, long elements, int length) {
        if (length != elements) {
            throw new IllegalArgumentException(where + ": " + length + " values given, but the " + type
                    + " shape holds " + elements);
        }
    }

    /** TensorFlow Lite's string buffer: count, count + 1 byte offsets from the start, then the UTF-8 bytes. */
    private static byte[] strings(String[] strings) {
        byte[][] utf8 = new byte[strings.length][];
        int total = 4 * (strings.length + 2);
        for (int i = 0; i < strings.length; i++) {
            utf8[i] = strings[i].getBytes(StandardCharsets.UTF_8);
            total += utf8[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(strings.length);
        int offset = 4 * (strings.length + 2);
        for (byte[] s : utf8) {
            out.putInt(offset);
            offset += s.length;
        }
        out.putInt(offset);
        for (byte[] s : utf8) {
            out.put(s);
        }
        return out.array();
    }
}
