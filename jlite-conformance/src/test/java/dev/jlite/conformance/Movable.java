package dev.jlite.conformance;

import dev.jlite.DataType;

/**
 * Tensor data and quantization for the data-movement generators: random values of any element type, and one
 * quantization shared by a kernel's input and output (so moving a value needs no requantization).
 */
final class Movable {
    private Movable() {}

    /** {@code n} random values spanning the type's range (floats in [-10, 10)), in the type's storage. */
    static Object values(CaseRandom r, DataType type, int n) {
        switch (type) {
            case FLOAT32: return r.floats(n, -10, 10);
            case INT32: return r.ints(n, -1_000_000_000, 1_000_000_000);
            case INT64: {
                long[] v = r.longs(n, -1_000_000_000, 1_000_000_000);
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] * 3_000_017L + r.between(0, 1000);
                }
                return v;
            }
            case UINT8: return r.bytes(n, 0, 255);
            case INT8: return r.bytes(n, -128, 127);
            case INT16: return r.shorts(n, Short.MIN_VALUE, Short.MAX_VALUE);
            case BOOL: return r.bools(n);
            default: throw new IllegalArgumentException("no values for " + type);
        }
    }

    /** Values with few distinct ones, so that ties and equal neighbours are common (top-k, arg max, ...). */
    static Object fewValues(CaseRandom r, DataType type, int n) {
        switch (type) {
            case FLOAT32: {
                float[] v = r.floats(n, -4, 4);
                for (int i = 0; i < n; i++) {
                    v[i] = Math.round(v[i] * 2) / 2f;
                }
                return v;
            }
            case INT32: return r.ints(n, -5, 5);
            case INT64: return r.longs(n, -5, 5);
            case UINT8: return r.bytes(n, 0, 8);
            case INT8: return r.bytes(n, -5, 5);
            case INT16: return r.shorts(n, -5, 5);
            case BOOL: return r.bools(n);
            default: throw new IllegalArgumentException("no values for " + type);
        }
    }

    /**
     * Gives the tensors (a kernel's input and output) one random quantization when the type is quantized (INT8,
     * UINT8, INT16 with zero point 0, as TensorFlow Lite's 16-bit kernels expect); other types stay unquantized.
     */
    static void sameQuantization(CaseRandom r, OpModel m, DataType type, int... tensors) {
        float scale = r.uniform(0.01f, 0.5f);
        long zeroPoint;
        switch (type) {
            case INT8: zeroPoint = r.between(-20, 20); break;
            case UINT8: zeroPoint = r.between(100, 150); break;
            case INT16: zeroPoint = 0; break;
            default: return;
        }
        for (int t : tensors) {
            m.quantize(t, scale, zeroPoint);
        }
    }

    /** An int32 or int64 index tensor's data in its storage type. */
    static Object indices(DataType type, int[] values) {
        if (type == DataType.INT32) {
            return values.clone();
        }
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return v;
    }

    /**
     * Adds an INT32 or INT64 tensor holding {@code values} as the operator's next input: a constant, or else a model
     * input whose data is appended to {@code feeds} (then shapes that depend on it are only known while running).
     */
    static void indexInput(OpModel m, java.util.List<Object> feeds, boolean constant, DataType type, int[] shape,
            int... values) {
        Object data = indices(type, values);
        if (constant) {
            m.constant(type, shape, data);
        } else {
            m.input(type, shape);
            feeds.add(data);
        }
    }

    /** Adds a tensor of data as the operator's next input: a constant, or a model input fed from {@code feeds}. */
    static int dataInput(OpModel m, java.util.List<Object> feeds, boolean constant, DataType type, int[] shape,
            Object data) {
        if (constant) {
            return m.constant(type, shape, data);
        }
        feeds.add(data);
        return m.input(type, shape);
    }
}
