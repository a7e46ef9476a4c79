package dev.jlite.converter.graph;

import dev.jlite.DataType;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.ConstMath;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.savedmodel.TfTypes;
import java.util.Arrays;

/**
 * Infers the type and static shape of every output of a node, with TensorFlow's shape functions for the ops the
 * converter maps. Unknown dimensions are -1; an unknown shape is null (the op is then reported if lowering needs it).
 * {@link Propagation} runs it node by node with {@link ConstantFolding}, since shapes need folded constants (a
 * Reshape's shape) and folding needs shapes (a Shape op).
 */
public final class ShapeInference {
    private ShapeInference() {}

    /** Sets {@code n}'s output types and shapes from its inputs'. */
    public static void infer(TfGraph g, TfNode n) {
        if (n.op.equals("Placeholder") && n.types != null) {
            return; // shape given by the signature (and the user)
        }
        if (n.value() != null) {
            n.setOutputs(new DataType[] {n.value().type()}, new int[][] {n.value().shape()});
            return;
        }
        Ctx c = new Ctx(g, n);
        DataType t = n.has("T") ? n.typeAttr("T") : c.inType(0);
        int[] s0 = c.inShape(0);
        int[][] shapes;
        DataType[] types = null;
        switch (n.op) {
            case "Placeholder", "PlaceholderV2" -> {
                t = n.typeAttr("dtype");
                shapes = one(n.has("shape") ? TfTypes.dims(n.attr("shape").getShape()) : null);
            }
            case "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Rsqrt",
                    "Sqrt", "Square", "Exp", "Log", "Neg", "Abs", "Floor", "Ceil", "Round", "Sin", "Cos", "Softplus",
                    "BiasAdd", "ZerosLike", "OnesLike", "Reciprocal", "Sign", "LogicalNot", "Erf", "HardSwish" ->
                    shapes = one(s0);
            case "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "Pow", "SquaredDifference",
                    "FloorDiv", "FloorMod", "DivNoNan", "MulNoNan" -> shapes = one(broadcast(s0, c.inShape(1)));
            case "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr" -> {
                t = DataType.BOOL;
                shapes = one(broadcast(s0, c.inShape(1)));
            }
            case "AddN" -> shapes = one(s0);
            case "Cast" -> {
                t = n.typeAttr("DstT");
                shapes = one(s0);
            }
            case "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3" -> {
                int ch = s0 == null ? -1 : s0[isNchw(n) ? 1 : s0.length - 1];
                shapes = new int[][] {s0, {ch}, {ch}, {ch}, {ch}, {ch}};
                types = new DataType[] {t, DataType.FLOAT32, DataType.FLOAT32, DataType.FLOAT32, DataType.FLOAT32,
                    DataType.FLOAT32};
            }
            case "Conv2D", "DepthwiseConv2dNative" -> shapes = one(conv(n, s0, c.inShape(1)));
            case "Conv2DBackpropInput" -> {
                Constant sizes = c.constant(0);
                t = c.inType(2);
                shapes = one(sizes == null ? null : sizes.asInts());
            }
            case "MaxPool", "AvgPool" -> shapes = one(pool(n, s0));
            case "MatMul" -> {
                int[] b = c.inShape(1);
                if (s0 == null || b == null) {
                    shapes = one(null);
                } else {
                    int m = n.boolAttr("transpose_a", false) ? s0[1] : s0[0];
                    int k = n.boolAttr("transpose_b", false) ? b[0] : b[1];
                    shapes = one(new int[] {m, k});
                }
            }
            case "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3" -> shapes = one(batchMatMul(n, s0, c.inShape(1)));
            case "Mean", "Sum", "Max", "Min", "Prod", "All", "Any" -> shapes = one(reduce(n, s0, c.constant(1)));
            case "ArgMax", "ArgMin" -> {
                t = n.has("output_type") ? n.typeAttr("output_type") : DataType.INT64;
                Constant axis = c.constant(1);
                shapes = one(s0 == null || axis == null ? null : remove(s0, norm(axis.asInts()[0], s0.length)));
            }
            case "Reshape" -> shapes = one(reshape(s0, c.constant(1)));
            case "Squeeze" -> shapes = one(squeeze(s0, n.intsAttr("squeeze_dims")));
            case "ExpandDims" -> {
                Constant axis = c.constant(1);
                if (s0 == null || axis == null) {
                    shapes = one(null);
                } else {
                    int a = axis.asInts()[0];
                    a = a < 0 ? a + s0.length + 1 : a;
                    int[] out = new int[s0.length + 1];
                    for (int i = 0, j = 0; i < out.length; i++) {
                        out[i] = i == a ? 1 : s0[j++];
                    }
                    shapes = one(out);
                }
            }
            case "ConcatV2" -> shapes = one(concat(c, n.inputs.size() - 1));
            case "Pack" -> {
                int count = n.inputs.size();
                if (s0 == null) {
                    shapes = one(null);
                } else {
                    int a = (int) n.intAttr("axis", 0);
                    a = a < 0 ? a + s0.length + 1 : a;
                    int[] out = new int[s0.length + 1];
                    for (int i = 0, j = 0; i < out.length; i++) {
                        out[i] = i == a ? count : s0[j++];
                    }
                    shapes = one(out);
                }
            }
            case "Unpack" -> {
                int num = (int) n.intAttr("num", 0);
                int[] each = s0 == null ? null : remove(s0, norm((int) n.intAttr("axis", 0), s0.length));
                shapes = repeat(each, num);
            }
            case "Split" -> {
                int num = (int) n.intAttr("num_split", 1);
                int[] x = c.inShape(1);
                t = c.inType(1);
                Constant axis = c.constant(0);
                int[] each = null;
                if (x != null && axis != null) {
                    each = x.clone();
                    int a = norm(axis.asInts()[0], x.length);
                    each[a] = x[a] < 0 ? -1 : x[a] / num;
                }
                shapes = repeat(each, num);
            }
            case "SplitV" -> {
                int num = (int) n.intAttr("num_split", 1);
                Constant sizes = c.constant(1);
                Constant axis = c.constant(2);
                shapes = new int[num][];
                if (s0 != null && sizes != null && axis != null) {
                    int a = norm(axis.asInts()[0], s0.length);
                    int[] sz = sizes.asInts();
                    int known = 0;
                    int unknown = -1;
                    for (int i = 0; i < sz.length; i++) {
                        if (sz[i] < 0) {
                            unknown = i;
                        } else {
                            known += sz[i];
                        }
                    }
                    if (unknown >= 0) {
                        sz[unknown] = s0[a] - known;
                    }
                    for (int i = 0; i < num; i++) {
                        shapes[i] = s0.clone();
                        shapes[i][a] = sz[i];
                    }
                }
            }
            case "Slice" -> {
                Constant begin = c.constant(1);
                Constant size = c.constant(2);
                if (s0 == null || begin == null || size == null) {
                    shapes = one(null);
                } else {
                    int[] b = begin.asInts();
                    int[] sz = size.asInts();
                    int[] out = new int[s0.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = sz[i] == -1 ? s0[i] - b[i] : sz[i];
                    }
                    shapes = one(out);
                }
            }
            case "StridedSlice" -> {
                StridedSliceSpec spec = stridedSlice(n, c);
                shapes = one(spec == null ? null : spec.outputShape);
            }
            case "Transpose" -> {
                Constant perm = c.constant(1);
                if (s0 == null || perm == null) {
                    shapes = one(null);
                } else {
                    int[] p = perm.asInts();
                    int[] out = new int[p.length];
                    for (int i = 0; i < p.length; i++) {
                        out[i] = s0[p[i]];
                    }
                    shapes = one(out);
                }
            }
            case "Pad", "PadV2", "MirrorPad" -> {
                Constant pads = c.constant(1);
                if (s0 == null || pads == null) {
                    shapes = one(null);
                } else {
                    int[] p = pads.asInts();
                    int[] out = s0.clone();
                    for (int i = 0; i < out.length; i++) {
                        out[i] = s0[i] < 0 ? -1 : s0[i] + p[2 * i] + p[2 * i + 1];
                    }
                    shapes = one(out);
                }
            }
            case "ResizeBilinear", "ResizeNearestNeighbor" -> {
                Constant size = c.constant(1);
                if (s0 == null || size == null) {
                    shapes = one(null);
                } else {
                    int[] sz = size.asInts();
                    shapes = one(new int[] {s0[0], sz[0], sz[1], s0[3]});
                }
                if (n.op.equals("ResizeBilinear")) {
                    t = DataType.FLOAT32;
                }
            }
            case "Shape" -> {
                t = n.has("out_type") ? n.typeAttr("out_type") : DataType.INT32;
                shapes = one(s0 == null ? null : new int[] {s0.length});
            }
            case "Size", "Rank" -> {
                t = n.has("out_type") ? n.typeAttr("out_type") : DataType.INT32;
                shapes = one(new int[0]);
            }
            case "Fill" -> {
                Constant dims = c.constant(0);
                t = c.inType(1);
                shapes = one(dims == null ? null : dims.asInts());
            }
            case "Range" -> {
                Constant a = c.constant(0);
                Constant b = c.constant(1);
                Constant d = c.constant(2);
                t = n.has("Tidx") ? n.typeAttr("Tidx") : c.inType(0);
                shapes = one(a == null || b == null || d == null ? null : new int[] {(int) Math.max(0,
                        Math.ceil((b.asFloats()[0] - a.asFloats()[0]) / d.asFloats()[0]))});
            }
            case "Tile" -> {
                Constant m = c.constant(1);
                if (s0 == null || m == null) {
                    shapes = one(null);
                } else {
                    int[] mult = m.asInts();
                    int[] out = new int[s0.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = s0[i] < 0 ? -1 : s0[i] * mult[i];
                    }
                    shapes = one(out);
                }
            }
            case "GatherV2", "ResourceGatherFrozen" -> {
                t = c.inType(0);
                int[] idx = c.inShape(1);
                Constant axisC = n.op.equals("GatherV2") ? c.constant(2) : Constant.vector(0);
                if (s0 == null || idx == null || axisC == null) {
                    shapes = one(null);
                } else {
                    int axis = norm(axisC.asInts()[0], s0.length);
                    int batch = (int) n.intAttr("batch_dims", 0);
                    int[] out = new int[s0.length - 1 + idx.length - batch];
                    int j = 0;
                    for (int i = 0; i < axis; i++) {
                        out[j++] = s0[i];
                    }
                    for (int i = batch; i < idx.length; i++) {
                        out[j++] = idx[i];
                    }
                    for (int i = axis + 1; i < s0.length; i++) {
                        out[j++] = s0[i];
                    }
                    shapes = one(out);
                }
            }
            default -> shapes = null;
        }
        if (shapes == null) {
            n.setOutputs(null, null);
            return;
        }
        if (types == null) {
            types = new DataType[shapes.length];
            Arrays.fill(types, t);
        }
        n.setOutputs(types, shapes);
    }

    static StridedSliceSpec stridedSlice(TfNode n, Ctx c) {
        int[] s0 = c.inShape(0);
        Constant b = c.constant(1);
        Constant e = c.constant(2);
        Constant s = c.constant(3);
        if (s0 == null || b == null || e == null || s == null || !dev.jlite.converter.ir.Shapes.isStatic(s0)) {
            return null;
        }
        return StridedSliceSpec.resolve(s0, b.asLongs(), e.asLongs(), s.asLongs(), (int) n.intAttr("begin_mask", 0),
                (int) n.intAttr("end_mask", 0), (int) n.intAttr("ellipsis_mask", 0),
                (int) n.intAttr("new_axis_mask", 0), (int) n.intAttr("shrink_axis_mask", 0));
    }

    /** Inputs of a node: their producers' inferred types, shapes and constant values. */
    static final class Ctx {
        final TfGraph g;
        final TfNode n;

        Ctx(TfGraph g, TfNode n) {
            this.g = g;
            this.n = n;
        }

        DataType inType(int i) {
            if (i >= n.inputs.size()) {
                return null;
            }
            String r = n.inputs.get(i);
            return g.producer(r).type(TfGraph.port(r));
        }

        int[] inShape(int i) {
            if (i >= n.inputs.size()) {
                return null;
            }
            String r = n.inputs.get(i);
            return g.producer(r).shape(TfGraph.port(r));
        }

        Constant constant(int i) {
            if (i >= n.inputs.size()) {
                return null;
            }
            String r = n.inputs.get(i);
            TfNode p = g.producer(r);
            return TfGraph.port(r) == 0 ? p.value() : null;
        }
    }

    static boolean isNchw(TfNode n) {
        return n.stringAttr("data_format", "NHWC").equals("NCHW");
    }

    private static int[][] one(int[] s) {
        return new int[][] {s};
    }

    private static int[][] repeat(int[] s, int count) {
        int[][] r = new int[count][];
        for (int i = 0; i < count; i++) {
            r[i] = s;
        }
        return r;
    }

    private static int norm(int axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }

    private static int[] remove(int[] s, int axis) {
        int[] out = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != axis) {
                out[j++] = s[i];
            }
        }
        return out;
    }

    private static int[] broadcast(int[] a, int[] b) {
        if (a == null || b == null) {
            return null;
        }
        int[] r = ConstMath.broadcast(a, b);
        if (r == null) {
            throw new ConversionException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                    + " do not broadcast");
        }
        return r;
    }

    /** Output size of a convolution or pooling window along one dimension. */
    static int windowOut(int in, int k, int stride, int dilation, String padding, int padBefore, int padAfter) {
        if (in < 0) {
            return -1;
        }
        int effective = (k - 1) * dilation + 1;
        return switch (padding) {
            case "SAME" -> (in + stride - 1) / stride;
            case "VALID" -> (in - effective + stride) / stride;
            default -> (in + padBefore + padAfter - effective) / stride + 1;
        };
    }

    private static int[] conv(TfNode n, int[] x, int[] f) {
        if (x == null || f == null) {
            return null;
        }
        boolean nchw = isNchw(n);
        int[] st = n.intsAttr("strides");
        int[] dil = n.intsAttr("dilations");
        int hA = nchw ? 2 : 1;
        int wA = nchw ? 3 : 2;
        String padding = n.stringAttr("padding", "VALID");
        int[] ex = n.intsAttr("explicit_paddings");
        int oh = windowOut(x[hA], f[0], st[hA], dil.length == 4 ? dil[hA] : 1, padding,
                ex.length == 8 ? ex[2 * hA] : 0, ex.length == 8 ? ex[2 * hA + 1] : 0);
        int ow = windowOut(x[wA], f[1], st[wA], dil.length == 4 ? dil[wA] : 1, padding,
                ex.length == 8 ? ex[2 * wA] : 0, ex.length == 8 ? ex[2 * wA + 1] : 0);
        int oc = n.op.equals("Conv2D") ? f[3] : f[2] * f[3];
        return nchw ? new int[] {x[0], oc, oh, ow} : new int[] {x[0], oh, ow, oc};
    }

    private static int[] pool(TfNode n, int[] x) {
        if (x == null) {
            return null;
        }
        boolean nchw = isNchw(n);
        int[] k = n.intsAttr("ksize");
        int[] st = n.intsAttr("strides");
        int hA = nchw ? 2 : 1;
        int wA = nchw ? 3 : 2;
        String padding = n.stringAttr("padding", "VALID");
        int[] out = x.clone();
        out[hA] = windowOut(x[hA], k[hA], st[hA], 1, padding, 0, 0);
        out[wA] = windowOut(x[wA], k[wA], st[wA], 1, padding, 0, 0);
        return out;
    }

    private static int[] batchMatMul(TfNode n, int[] a, int[] b) {
        if (a == null || b == null) {
            return null;
        }
        boolean adjX = n.boolAttr("adj_x", false);
        boolean adjY = n.boolAttr("adj_y", false);
        int m = adjX ? a[a.length - 1] : a[a.length - 2];
        int k = adjY ? b[b.length - 2] : b[b.length - 1];
        int[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = k;
        return out;
    }

    private static int[] reduce(TfNode n, int[] x, Constant axes) {
        if (x == null || axes == null) {
            return null;
        }
        boolean keep = n.boolAttr("keep_dims", false);
        boolean[] reduced = new boolean[x.length];
        for (int a : axes.asInts()) {
            reduced[norm(a, x.length)] = true;
        }
        int[] out = new int[x.length];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (!reduced[i]) {
                out[j++] = x[i];
            } else if (keep) {
                out[j++] = 1;
            }
        }
        return Arrays.copyOf(out, j);
    }

    static int[] reshape(int[] x, Constant shape) {
        if (shape == null) {
            return null;
        }
        int[] out = shape.asInts();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (x == null || !dev.jlite.converter.ir.Shapes.isStatic(x)) {
                return out; // stays -1
            }
            out[unknown] = known == 0 ? 0 : (int) (dev.jlite.converter.ir.Shapes.elements(x) / known);
        }
        return out;
    }

    private static int[] squeeze(int[] x, int[] dims) {
        if (x == null) {
            return null;
        }
        boolean[] drop = new boolean[x.length];
        if (dims.length == 0) {
            for (int i = 0; i < x.length; i++) {
                drop[i] = x[i] == 1;
            }
        } else {
            for (int d : dims) {
                drop[norm(d, x.length)] = true;
            }
        }
        int[] out = new int[x.length];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (!drop[i]) {
                out[j++] = x[i];
            }
        }
        return Arrays.copyOf(out, j);
    }

    private static int[] concat(Ctx c, int count) {
        Constant axisC = c.constant(count);
        int[] first = c.inShape(0);
        if (axisC == null || first == null) {
            return null;
        }
        int axis = norm(axisC.asInts()[0], first.length);
        int[] out = first.clone();
        for (int i = 1; i < count; i++) {
            int[] s = c.inShape(i);
            if (s == null) {
                return null;
            }
            out[axis] = out[axis] < 0 || s[axis] < 0 ? -1 : out[axis] + s[axis];
        }
        return out;
    }
}
