package dev.jlite.cli;

import dev.jlite.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An n-dimensional array as a {@code .npy} file holds it: element type, shape (C order) and the raw element bytes
 * in native byte order, which is what {@link dev.jlite.Interpreter#setInput} reads from a {@link ByteBuffer}.
 */
record NpyArray(DataType type, int[] shape, ByteBuffer data) {
    NpyArray {
        shape = shape.clone();
        long expected = elementCount(shape) * type.byteSize();
        if (data.remaining() != expected) {
            throw new IllegalArgumentException(type + Arrays.toString(shape) + " needs " + expected + " bytes, got "
                    + data.remaining());
        }
        data = data.slice().order(ByteOrder.nativeOrder());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** A read-only view of the data, positioned at the first element. */
    @Override
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    long elementCount() {
        return elementCount(shape);
    }

    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Element {@code i} as a double (integers exactly up to 2^53; unsigned types as unsigned). */
    double valueAt(int i) {
        int at = i * type.byteSize();
        return switch (type) {
            case FLOAT32 -> data.getFloat(at);
            case FLOAT64 -> data.getDouble(at);
            case FLOAT16 -> halfToFloat(data.getShort(at));
            case INT8 -> data.get(at);
            case UINT8, BOOL -> data.get(at) & 0xff;
            case INT16 -> data.getShort(at);
            case UINT16 -> data.getShort(at) & 0xffff;
            case INT32 -> data.getInt(at);
            case UINT32 -> data.getInt(at) & 0xffffffffL;
            case INT64 -> data.getLong(at);
            case UINT64 -> {
                long l = data.getLong(at);
                yield l >= 0 ? l : (l >>> 1) * 2.0 + (l & 1);
            }
            default -> throw new IllegalStateException(type + " has no numeric value");
        };
    }

    /** Element {@code i} as text: integers in full, floats with up to 6 decimals (scientific notation when very large or small). */
    String format(int i) {
        double v = valueAt(i);
        return switch (type) {
            case FLOAT32, FLOAT64, FLOAT16 -> formatFloat(v);
            case BOOL -> v != 0 ? "true" : "false";
            case UINT64 -> Long.toUnsignedString(data.getLong(i * 8));
            case INT64 -> Long.toString(data.getLong(i * 8));
            default -> Long.toString((long) v);
        };
    }

    static String formatFloat(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        String s = a >= 1e-4 && a < 1e6 ? String.format("%.6f", v) : String.format("%.5e", v);
        if (s.contains("e")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    /** IEEE half-precision bits to float. */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal: exact in float
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
