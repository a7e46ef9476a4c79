package dev.jlite.converter.ir;

import dev.jlite.DataType;
import java.lang.reflect.Array;
import java.util.function.IntUnaryOperator;

/** Computations on constants used by constant folding and by passes that rewrite weights. */
public final class ConstMath {
    private ConstMath() {}

    /** Row-major strides of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** A constant of {@code outShape} whose element i is the source element {@code sourceIndex(i)}. */
    public static Constant gather(Constant src, int[] outShape, IntUnaryOperator sourceIndex) {
        int n = Shapes.elements(outShape);
        Object in = src.data();
        Object out = Array.newInstance(in.getClass().getComponentType(), n);
        if (in instanceof float[] a) {
            float[] o = (float[]) out;
            for (int i = 0; i < n; i++) {
                o[i] = a[sourceIndex.applyAsInt(i)];
            }
        } else if (in instanceof int[] a) {
            int[] o = (int[]) out;
            for (int i = 0; i < n; i++) {
                o[i] = a[sourceIndex.applyAsInt(i)];
            }
        } else {
            for (int i = 0; i < n; i++) {
                Array.set(out, i, Array.get(in, sourceIndex.applyAsInt(i)));
            }
        }
        return new Constant(src.type(), outShape, out);
    }

    /** The same elements under another shape. */
    public static Constant reshape(Constant c, int[] shape) {
        if (Shapes.elements(shape) != c.elementCount()) {
            throw new IllegalArgumentException("cannot reshape " + c + " to " + Shapes.format(shape));
        }
        return new Constant(c.type(), shape, c.data());
    }

    /** Transposes: output dimension i is input dimension {@code perm[i]}. */
    public static Constant transpose(Constant c, int[] perm) {
        int[] in = c.shape();
        int r = in.length;
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = in[perm[i]];
        }
        int[] inStrides = strides(in);
        int n = Shapes.elements(out);
        // source index of each output element, walking the output in order with an odometer
        int[] src = new int[n];
        int[] idx = new int[r];
        int s = 0;
        for (int i = 0; i < n; i++) {
            src[i] = s;
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                s += inStrides[perm[d]];
                if (idx[d] < out[d]) {
                    break;
                }
                s -= idx[d] * inStrides[perm[d]];
                idx[d] = 0;
            }
        }
        return gather(c, out, i -> src[i]);
    }

    /** The broadcast shape of two shapes (NumPy rules), or null when they do not broadcast. */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else if (da < 0 || db < 0) {
                out[i] = -1;
            } else {
                return null;
            }
        }
        return out;
    }

    /** For each element of a broadcast output, the index of the element of {@code in} it reads. */
    public static int[] broadcastIndex(int[] in, int[] out) {
        int n = Shapes.elements(out);
        int[] idx = new int[n];
        int r = out.length;
        int[] os = strides(out);
        int[] padded = new int[r];
        for (int i = 0; i < r; i++) {
            padded[i] = i - (r - in.length) >= 0 ? in[i - (r - in.length)] : 1;
        }
        int[] is = strides(padded);
        for (int i = 0; i < n; i++) {
            int rem = i;
            int src = 0;
            for (int d = 0; d < r; d++) {
                int x = rem / os[d];
                rem -= x * os[d];
                if (padded[d] != 1) {
                    src += x * is[d];
                }
            }
            idx[i] = src;
        }
        return idx;
    }

    /** A binary element-wise operation on doubles (floats) and longs (integers). */
    public interface Binary {
        double apply(double a, double b);

        default long applyLong(long a, long b) {
            return (long) apply(a, b);
        }
    }

    /** Applies a broadcasting binary op; the result has the inputs' type (or {@code resultType} when given). */
    public static Constant binary(Constant a, Constant b, Binary f, DataType resultType) {
        int[] shape = broadcast(a.shape(), b.shape());
        if (shape == null) {
            throw new IllegalArgumentException("shapes " + Shapes.format(a.shape()) + " and "
                    + Shapes.format(b.shape()) + " do not broadcast");
        }
        int[] ia = broadcastIndex(a.shape(), shape);
        int[] ib = broadcastIndex(b.shape(), shape);
        int n = ia.length;
        DataType t = resultType != null ? resultType : a.type();
        if (a.type() == DataType.FLOAT32 || a.type() == DataType.FLOAT64) {
            float[] x = a.asFloats();
            float[] y = b.asFloats();
            if (t == DataType.BOOL) {
                byte[] o = new byte[n];
                for (int i = 0; i < n; i++) {
                    o[i] = (byte) f.apply(x[ia[i]], y[ib[i]]);
                }
                return new Constant(t, shape, o);
            }
            float[] o = new float[n];
            for (int i = 0; i < n; i++) {
                o[i] = (float) f.apply(x[ia[i]], y[ib[i]]);
            }
            return new Constant(DataType.FLOAT32, shape, o);
        }
        long[] x = a.asLongs();
        long[] y = b.asLongs();
        long[] o = new long[n];
        for (int i = 0; i < n; i++) {
            o[i] = f.applyLong(x[ia[i]], y[ib[i]]);
        }
        return fromLongs(t, shape, o);
    }

    /** An integer constant of the given type from longs. */
    public static Constant fromLongs(DataType t, int[] shape, long[] v) {
        return switch (t) {
            case INT64, UINT64 -> new Constant(t, shape, v);
            case INT32, UINT32 -> {
                int[] o = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    o[i] = (int) v[i];
                }
                yield new Constant(t, shape, o);
            }
            case INT8, UINT8, BOOL -> {
                byte[] o = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    o[i] = (byte) v[i];
                }
                yield new Constant(t, shape, o);
            }
            case INT16, UINT16 -> {
                short[] o = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    o[i] = (short) v[i];
                }
                yield new Constant(t, shape, o);
            }
            case FLOAT32 -> {
                float[] o = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    o[i] = v[i];
                }
                yield new Constant(t, shape, o);
            }
            default -> throw new IllegalArgumentException("cannot make a " + t + " constant from integers");
        };
    }

    /** Converts a constant to another type (TensorFlow's Cast: float to int truncates). */
    public static Constant cast(Constant c, DataType to) {
        if (c.type() == to) {
            return c;
        }
        if (to == DataType.FLOAT32) {
            return new Constant(to, c.shape(), c.asFloats().clone());
        }
        if (c.type() == DataType.FLOAT32 || c.type() == DataType.FLOAT64) {
            float[] f = c.asFloats();
            long[] l = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                l[i] = to == DataType.BOOL ? (f[i] != 0 ? 1 : 0) : (long) f[i];
            }
            return fromLongs(to, c.shape(), l);
        }
        long[] l = c.asLongs();
        if (to == DataType.BOOL) {
            for (int i = 0; i < l.length; i++) {
                l[i] = l[i] != 0 ? 1 : 0;
            }
        }
        return fromLongs(to, c.shape(), l);
    }
}
