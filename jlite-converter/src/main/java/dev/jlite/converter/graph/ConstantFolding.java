package dev.jlite.converter.graph;

import dev.jlite.DataType;
import dev.jlite.converter.ir.ConstMath;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates nodes whose inputs are all constant (and {@code Shape}/{@code Size}/{@code Rank}/{@code ZerosLike} of
 * tensors with a static shape) with TensorFlow's semantics, turning them into constants: the shape arithmetic of
 * Keras and tf.function graphs ({@code Shape -> StridedSlice -> Pack -> Reshape}) and weight preprocessing fold away.
 * Runs after {@link ShapeInference} has set the node's output shapes.
 */
public final class ConstantFolding {
    private ConstantFolding() {}

    /** Folds {@code n} into a Const when it can; returns whether it did. */
    public static boolean fold(TfGraph g, TfNode n) {
        if (n.op.equals("Const") || n.op.equals("Placeholder") || n.shapes == null || n.shapes.length != 1
                || n.shapes[0] == null || !Shapes.isStatic(n.shapes[0]) || n.types[0] == null) {
            return false;
        }
        ShapeInference.Ctx c = new ShapeInference.Ctx(g, n);
        int[] out = n.shapes[0];
        DataType t = n.types[0];
        Constant r = switch (n.op) {
            case "Shape" -> {
                int[] s = c.inShape(0);
                yield Shapes.isStatic(s) ? ConstMath.fromLongs(t, out, toLongs(s)) : null;
            }
            case "Size" -> {
                int[] s = c.inShape(0);
                yield Shapes.isStatic(s) ? ConstMath.fromLongs(t, out, new long[] {Shapes.elements(s)}) : null;
            }
            case "Rank" -> {
                int[] s = c.inShape(0);
                yield s != null ? ConstMath.fromLongs(t, out, new long[] {s.length}) : null;
            }
            case "ZerosLike", "OnesLike" -> fill(t, out, n.op.equals("OnesLike") ? 1 : 0);
            default -> allConstant(c, n) ? evaluate(n, c, out, t) : null;
        };
        if (r == null) {
            return false;
        }
        n.makeConstant(r);
        return true;
    }

    private static boolean allConstant(ShapeInference.Ctx c, TfNode n) {
        if (n.inputs.isEmpty()) {
            return false;
        }
        for (int i = 0; i < n.inputs.size(); i++) {
            if (c.constant(i) == null) {
                return false;
            }
        }
        return true;
    }

    private static long[] toLongs(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return l;
    }

    private static Constant fill(DataType t, int[] shape, double v) {
        int n = Shapes.elements(shape);
        if (t == DataType.FLOAT32) {
            float[] a = new float[n];
            java.util.Arrays.fill(a, (float) v);
            return new Constant(t, shape, a);
        }
        long[] a = new long[n];
        java.util.Arrays.fill(a, (long) v);
        return ConstMath.fromLongs(t, shape, a);
    }

    private static Constant evaluate(TfNode n, ShapeInference.Ctx c, int[] out, DataType t) {
        Constant a = c.constant(0);
        Constant b = n.inputs.size() > 1 ? c.constant(1) : null;
        boolean isFloat = a.type() == DataType.FLOAT32 || a.type() == DataType.FLOAT64;
        return switch (n.op) {
            case "Add", "AddV2" -> ConstMath.binary(a, b, (x, y) -> x + y, null);
            case "Sub" -> ConstMath.binary(a, b, new ConstMath.Binary() {
                public double apply(double x, double y) {
                    return x - y;
                }

                public long applyLong(long x, long y) {
                    return x - y;
                }
            }, null);
            case "Mul" -> ConstMath.binary(a, b, new ConstMath.Binary() {
                public double apply(double x, double y) {
                    return x * y;
                }

                public long applyLong(long x, long y) {
                    return x * y;
                }
            }, null);
            case "RealDiv", "Div" -> ConstMath.binary(a, b, new ConstMath.Binary() {
                public double apply(double x, double y) {
                    return x / y;
                }

                public long applyLong(long x, long y) {
                    return x / y; // TensorFlow's Div on integers truncates
                }
            }, null);
            case "FloorDiv" -> ConstMath.binary(a, b, new ConstMath.Binary() {
                public double apply(double x, double y) {
                    return Math.floor(x / y);
                }

                public long applyLong(long x, long y) {
                    return Math.floorDiv(x, y);
                }
            }, null);
            case "FloorMod" -> ConstMath.binary(a, b, new ConstMath.Binary() {
                public double apply(double x, double y) {
                    return x - Math.floor(x / y) * y;
                }

                public long applyLong(long x, long y) {
                    return Math.floorMod(x, y);
                }
            }, null);
            case "Maximum" -> ConstMath.binary(a, b, new ConstMath.Binary() {
                public double apply(double x, double y) {
                    return Math.max(x, y);
                }

                public long applyLong(long x, long y) {
                    return Math.max(x, y);
                }
            }, null);
            case "Minimum" -> ConstMath.binary(a, b, new ConstMath.Binary() {
                public double apply(double x, double y) {
                    return Math.min(x, y);
                }

                public long applyLong(long x, long y) {
                    return Math.min(x, y);
                }
            }, null);
            case "Pow" -> isFloat ? ConstMath.binary(a, b, Math::pow, null) : null;
            case "SquaredDifference" -> ConstMath.binary(a, b, (x, y) -> (x - y) * (x - y), null);
            case "Neg" -> unary(a, x -> -x);
            case "Rsqrt" -> isFloat ? unary(a, x -> 1 / Math.sqrt(x)) : null;
            case "Sqrt" -> isFloat ? unary(a, Math::sqrt) : null;
            case "Square" -> unary(a, x -> x * x);
            case "Exp" -> isFloat ? unary(a, Math::exp) : null;
            case "Log" -> isFloat ? unary(a, Math::log) : null;
            case "Reciprocal" -> isFloat ? unary(a, x -> 1 / x) : null;
            case "Cast" -> ConstMath.cast(a, t);
            case "Reshape", "ExpandDims", "Squeeze" -> ConstMath.reshape(a, out);
            case "Transpose" -> ConstMath.transpose(a, b.asInts());
            case "Fill" -> ConstMath.gather(b, out, i -> 0);
            case "StridedSlice" -> {
                StridedSliceSpec spec = ShapeInference.stridedSlice(n, c);
                yield slice(a, spec.begin, spec.strides, spec.sizes, out);
            }
            case "Slice" -> {
                int[] begin = b.asInts();
                int[] ones = new int[begin.length];
                java.util.Arrays.fill(ones, 1);
                yield slice(a, begin, ones, out, out);
            }
            case "Pack" -> {
                int axis = (int) n.intAttr("axis", 0);
                axis = axis < 0 ? axis + out.length : axis;
                List<Constant> parts = new ArrayList<>();
                for (int i = 0; i < n.inputs.size(); i++) {
                    int[] s = out.clone();
                    s[axis] = 1;
                    parts.add(ConstMath.reshape(c.constant(i), s));
                }
                yield concat(parts, axis, out);
            }
            case "ConcatV2" -> {
                int count = n.inputs.size() - 1;
                int axis = c.constant(count).asInts()[0];
                axis = axis < 0 ? axis + out.length : axis;
                List<Constant> parts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    parts.add(c.constant(i));
                }
                yield concat(parts, axis, out);
            }
            case "GatherV2" -> {
                int axis = c.constant(2).asInts()[0];
                int[] in = a.shape();
                axis = axis < 0 ? axis + in.length : axis;
                if (n.intAttr("batch_dims", 0) != 0) {
                    yield null;
                }
                int[] idx = b.asInts();
                int outer = 1;
                for (int i = 0; i < axis; i++) {
                    outer *= in[i];
                }
                int inner = 1;
                for (int i = axis + 1; i < in.length; i++) {
                    inner *= in[i];
                }
                int axisSize = in[axis];
                int innerF = inner;
                int count = idx.length;
                yield ConstMath.gather(a, out, i -> {
                    int o = i / (count * innerF);
                    int rest = i % (count * innerF);
                    int k = rest / innerF;
                    int j = rest % innerF;
                    return (o * axisSize + idx[k]) * innerF + j;
                });
            }
            case "Range" -> {
                double start = a.asFloats()[0];
                double delta = c.constant(2).asFloats()[0];
                int count = out[0];
                if (t == DataType.FLOAT32) {
                    float[] v = new float[count];
                    for (int i = 0; i < count; i++) {
                        v[i] = (float) (start + i * delta);
                    }
                    yield new Constant(t, out, v);
                }
                long[] v = new long[count];
                for (int i = 0; i < count; i++) {
                    v[i] = (long) (start + i * delta);
                }
                yield ConstMath.fromLongs(t, out, v);
            }
            case "Sum", "Prod", "Max", "Min", "Mean" -> reduce(n.op, a, b.asInts(), out);
            default -> null;
        };
    }

    private interface Unary {
        double apply(double x);
    }

    private static Constant unary(Constant a, Unary f) {
        if (a.type() == DataType.FLOAT32 || a.type() == DataType.FLOAT64) {
            float[] x = a.asFloats();
            float[] o = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                o[i] = (float) f.apply(x[i]);
            }
            return new Constant(DataType.FLOAT32, a.shape(), o);
        }
        long[] x = a.asLongs();
        long[] o = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            o[i] = (long) f.apply(x[i]);
        }
        return ConstMath.fromLongs(a.type(), a.shape(), o);
    }

    /** Elements {@code begin + k * stride} for k < sizes per dimension, reshaped to {@code out}. */
    static Constant slice(Constant a, int[] begin, int[] strides, int[] sizes, int[] out) {
        int[] inStrides = ConstMath.strides(a.shape());
        int[] denseStrides = ConstMath.strides(sizes);
        int r = sizes.length;
        return ConstMath.gather(a, out, i -> {
            int rem = i;
            int src = 0;
            for (int d = 0; d < r; d++) {
                int k = rem / denseStrides[d];
                rem -= k * denseStrides[d];
                src += (begin[d] + k * strides[d]) * inStrides[d];
            }
            return src;
        });
    }

    static Constant concat(List<Constant> parts, int axis, int[] out) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= out[i];
        }
        int[] widths = new int[parts.size()];
        int total = 0;
        for (int p = 0; p < parts.size(); p++) {
            widths[p] = parts.get(p).elementCount() / Math.max(1, outer);
            total += widths[p];
        }
        Object[] datas = parts.stream().map(Constant::data).toArray();
        int n = Shapes.elements(out);
        Object dst = java.lang.reflect.Array.newInstance(datas[0].getClass().getComponentType(), n);
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < datas.length; p++) {
                System.arraycopy(datas[p], o * widths[p], dst, pos, widths[p]);
                pos += widths[p];
            }
        }
        if (pos != n || total * outer != n) {
            throw new IllegalStateException("concat size mismatch");
        }
        return new Constant(parts.get(0).type(), out, dst);
    }

    private static Constant reduce(String op, Constant a, int[] axes, int[] out) {
        int[] in = a.shape();
        boolean[] reduced = new boolean[in.length];
        for (int ax : axes) {
            reduced[ax < 0 ? ax + in.length : ax] = true;
        }
        int[] keptShape = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            keptShape[i] = reduced[i] ? 1 : in[i];
        }
        int[] ks = ConstMath.strides(keptShape);
        int[] is = ConstMath.strides(in);
        int m = Shapes.elements(keptShape);
        double[] acc = new double[m];
        double init = switch (op) {
            case "Prod" -> 1;
            case "Max" -> Double.NEGATIVE_INFINITY;
            case "Min" -> Double.POSITIVE_INFINITY;
            default -> 0;
        };
        java.util.Arrays.fill(acc, init);
        float[] x = a.asFloats();
        for (int i = 0; i < x.length; i++) {
            int rem = i;
            int dst = 0;
            for (int d = 0; d < in.length; d++) {
                int k = rem / is[d];
                rem -= k * is[d];
                if (!reduced[d]) {
                    dst += k * ks[d];
                }
            }
            acc[dst] = switch (op) {
                case "Prod" -> acc[dst] * x[i];
                case "Max" -> Math.max(acc[dst], x[i]);
                case "Min" -> Math.min(acc[dst], x[i]);
                default -> acc[dst] + x[i];
            };
        }
        if (op.equals("Mean")) {
            int count = x.length / Math.max(1, m);
            for (int i = 0; i < m; i++) {
                acc[i] /= count;
            }
        }
        if (a.type() == DataType.FLOAT32) {
            float[] o = new float[m];
            for (int i = 0; i < m; i++) {
                o[i] = (float) acc[i];
            }
            return new Constant(DataType.FLOAT32, out, o);
        }
        long[] o = new long[m];
        for (int i = 0; i < m; i++) {
            o[i] = (long) acc[i];
        }
        return ConstMath.fromLongs(a.type(), out, o);
    }
}
