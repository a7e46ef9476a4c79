package dev.jlite.converter.ir;

import dev.jlite.DataType;
import java.util.Arrays;

/**
 * The value of a constant tensor: type, shape and the elements in row-major order as the Java array jlite-writer
 * takes ({@code float[]} FLOAT32, {@code int[]} INT32, {@code long[]} INT64, {@code byte[]} INT8/UINT8/BOOL,
 * {@code short[]} FLOAT16/INT16, {@code double[]} FLOAT64, {@code String[]} STRING).
 */
public record Constant(DataType type, int[] shape, Object data) {
    public Constant {
        shape = shape.clone();
    }

    /** A FLOAT32 constant. */
    public static Constant of(float[] data, int... shape) {
        return new Constant(DataType.FLOAT32, shape, data);
    }

    /** An INT32 constant. */
    public static Constant of(int[] data, int... shape) {
        return new Constant(DataType.INT32, shape, data);
    }

    /** A rank-1 INT32 constant. */
    public static Constant vector(int... values) {
        return new Constant(DataType.INT32, new int[] {values.length}, values.clone());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int elementCount() {
        return Shapes.elements(shape);
    }

    public float[] floats() {
        return (float[]) data;
    }

    public int[] ints() {
        return (int[]) data;
    }

    /** The elements as longs, for any integer type (shape vectors, axes, indices). */
    public long[] asLongs() {
        if (data instanceof int[] a) {
            return Arrays.stream(a).asLongStream().toArray();
        }
        if (data instanceof long[] a) {
            return a.clone();
        }
        if (data instanceof byte[] a) {
            long[] r = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = a[i];
            }
            return r;
        }
        if (data instanceof short[] a && type != DataType.FLOAT16) {
            long[] r = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = a[i];
            }
            return r;
        }
        throw new IllegalStateException("a " + type + " constant has no integer values");
    }

    /** The elements as ints, for any integer type. */
    public int[] asInts() {
        return Arrays.stream(asLongs()).mapToInt(Math::toIntExact).toArray();
    }

    /** The elements as floats, for FLOAT32, FLOAT64 and the integer types. */
    public float[] asFloats() {
        if (data instanceof float[] a) {
            return a;
        }
        if (data instanceof double[] a) {
            float[] r = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = (float) a[i];
            }
            return r;
        }
        long[] l = asLongs();
        float[] r = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            r[i] = l[i];
        }
        return r;
    }

    /** Bytes this constant takes in a .tflite buffer. */
    public long byteSize() {
        return (long) elementCount() * type.byteSize();
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
