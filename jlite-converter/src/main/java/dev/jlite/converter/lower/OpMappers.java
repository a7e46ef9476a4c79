package dev.jlite.converter.lower;

import static dev.jlite.kernel.BuiltinOperator.*;

import dev.jlite.DataType;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.graph.TfNode;
import dev.jlite.converter.ir.ConstMath;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TensorFlow op -> TensorFlow Lite operator table. Layout conversions happen here: filters HWIO -> OHWI,
 * depthwise HWCM -> 1HW(C*M), NCHW ops wrapped in transposes (which {@code TransposeElimination} then cancels),
 * FusedBatchNorm as a per-channel MUL + ADD (which {@code BatchNormFolding} folds into the convolution).
 */
public final class OpMappers {
    private static final Map<String, OpMapper> MAPPERS = new HashMap<>();
    private static final int[] NCHW_TO_NHWC = {0, 2, 3, 1};
    private static final int[] NHWC_TO_NCHW = {0, 3, 1, 2};

    private OpMappers() {}

    /** The mapper of a TensorFlow op, or null. */
    public static OpMapper get(String op) {
        return MAPPERS.get(op);
    }

    /** The TensorFlow ops with a mapping. */
    public static java.util.Set<String> ops() {
        return java.util.Collections.unmodifiableSet(MAPPERS.keySet());
    }

    private static void unary(String tf, BuiltinOperator tfl) {
        MAPPERS.put(tf, (n, c) -> c.emitOutput(tfl, List.of(c.input(0)), Map.of()));
    }

    private static void binary(String tf, BuiltinOperator tfl) {
        MAPPERS.put(tf, (n, c) -> c.emitOutput(tfl, List.of(c.input(0), c.input(1)), Map.of()));
    }

    static {
        binary("Add", ADD);
        binary("AddV2", ADD);
        binary("Sub", SUB);
        binary("Mul", MUL);
        binary("RealDiv", DIV);
        binary("Maximum", MAXIMUM);
        binary("Minimum", MINIMUM);
        binary("Pow", POW);
        binary("SquaredDifference", SQUARED_DIFFERENCE);
        binary("FloorDiv", FLOOR_DIV);
        binary("Less", LESS);
        binary("Greater", GREATER);
        binary("Equal", EQUAL);
        unary("Relu", RELU);
        unary("Relu6", RELU6);
        unary("Elu", ELU);
        unary("Sigmoid", LOGISTIC);
        unary("Tanh", TANH);
        unary("LogSoftmax", LOG_SOFTMAX);
        unary("Rsqrt", RSQRT);
        unary("Sqrt", SQRT);
        unary("Square", SQUARE);
        unary("Exp", EXP);
        unary("Log", LOG);
        unary("Neg", NEG);
        unary("Abs", ABS);
        unary("Floor", FLOOR);
        unary("HardSwish", HARD_SWISH);
        MAPPERS.put("Softmax", (n, c) -> c.emitOutput(SOFTMAX, List.of(c.input(0)), Map.of("beta", 1f)));
        MAPPERS.put("LeakyRelu", (n, c) -> c.emitOutput(LEAKY_RELU, List.of(c.input(0)),
                Map.of("alpha", n.floatAttr("alpha", 0.2f))));
        MAPPERS.put("AddN", (n, c) -> {
            Value acc = c.input(0);
            for (int i = 1; i < n.inputs().size(); i++) {
                Value o = i == n.inputs().size() - 1 ? c.outputValue(0) : c.temp("add" + i, acc.type(), acc.shape());
                c.emit(ADD, List.of(acc, c.input(i)), List.of(o), Map.of());
                acc = o;
            }
            c.bind(0, acc);
        });
        MAPPERS.put("BiasAdd", (n, c) -> {
            Value bias = c.input(1);
            if (nchw(n) && c.inputShape(0).length == 4) {
                nhwc(n, c, (x, out) -> new Op4(ADD, List.of(x, bias), Map.of()));
            } else if (nchw(n)) {
                int[] s = c.inputShape(0);
                int[] bs = new int[s.length - 1];
                java.util.Arrays.fill(bs, 1);
                bs[0] = s[1];
                Constant b = c.requireConstant(1, "an NCHW BiasAdd's bias");
                c.emitOutput(ADD, List.of(c.input(0), c.constant("bias_nchw", ConstMath.reshape(b, bs))), Map.of());
            } else {
                c.emitOutput(ADD, List.of(c.input(0), bias), Map.of());
            }
        });
        MAPPERS.put("Cast", (n, c) -> c.emitOutput(CAST, List.of(c.input(0)),
                Map.of("inType", c.input(0).type(), "outType", n.typeAttr("DstT"))));
        MAPPERS.put("Shape", (n, c) -> c.emitOutput(SHAPE, List.of(c.input(0)), Map.of("outType", n.type(0))));
        MAPPERS.put("Fill", (n, c) -> c.emitOutput(FILL, List.of(int32(c, 0), c.input(1)), Map.of()));
        MAPPERS.put("Conv2D", OpMappers::conv2d);
        MAPPERS.put("DepthwiseConv2dNative", OpMappers::depthwise);
        MAPPERS.put("Conv2DBackpropInput", OpMappers::transposeConv);
        MAPPERS.put("MaxPool", (n, c) -> pool(n, c, MAX_POOL_2D));
        MAPPERS.put("AvgPool", (n, c) -> pool(n, c, AVERAGE_POOL_2D));
        MAPPERS.put("MatMul", (n, c) -> c.emitOutput(BATCH_MATMUL, List.of(c.input(0), c.input(1)),
                Map.of("adjX", n.boolAttr("transpose_a", false), "adjY", n.boolAttr("transpose_b", false))));
        MAPPERS.put("BatchMatMulV2", (n, c) -> c.emitOutput(BATCH_MATMUL, List.of(c.input(0), c.input(1)),
                Map.of("adjX", n.boolAttr("adj_x", false), "adjY", n.boolAttr("adj_y", false))));
        MAPPERS.put("BatchMatMul", MAPPERS.get("BatchMatMulV2"));
        MAPPERS.put("BatchMatMulV3", MAPPERS.get("BatchMatMulV2"));
        reduction("Mean", MEAN);
        reduction("Sum", SUM);
        reduction("Max", REDUCE_MAX);
        reduction("Min", REDUCE_MIN);
        reduction("Prod", REDUCE_PROD);
        MAPPERS.put("Reshape", OpMappers::reshape);
        MAPPERS.put("Squeeze", OpMappers::reshape);
        MAPPERS.put("ExpandDims", OpMappers::reshape);
        MAPPERS.put("ConcatV2", (n, c) -> {
            int count = n.inputs().size() - 1;
            List<Value> ins = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ins.add(c.input(i));
            }
            int axis = c.requireConstant(count, "the axis").asInts()[0];
            int rank = c.inputShape(0).length;
            c.emitOutput(CONCATENATION, ins, Map.of("axis", axis < 0 ? axis + rank : axis,
                    "activation", FusedActivation.NONE));
        });
        MAPPERS.put("Pack", (n, c) -> {
            List<Value> ins = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                ins.add(c.input(i));
            }
            int axis = (int) n.intAttr("axis", 0);
            int rank = c.inputShape(0).length + 1;
            c.emitOutput(PACK, ins, Map.of("valuesCount", ins.size(), "axis", axis < 0 ? axis + rank : axis));
        });
        MAPPERS.put("Unpack", (n, c) -> {
            int num = (int) n.intAttr("num", 0);
            int axis = (int) n.intAttr("axis", 0);
            int rank = c.inputShape(0).length;
            multiOutput(c, UNPACK, List.of(c.input(0)), num,
                    Map.of("num", num, "axis", axis < 0 ? axis + rank : axis));
        });
        MAPPERS.put("Split", (n, c) -> {
            int num = (int) n.intAttr("num_split", 1);
            multiOutput(c, SPLIT, List.of(int32(c, 0), c.input(1)), num, Map.of("num", num));
        });
        MAPPERS.put("SplitV", (n, c) -> {
            int num = (int) n.intAttr("num_split", 1);
            int[] sizes = new int[num];
            for (int i = 0; i < num; i++) {
                sizes[i] = n.shape(i)[axisOf(c, 2, c.inputShape(0).length)];
            }
            multiOutput(c, SPLIT_V, List.of(c.input(0), c.constantInt(n.name() + "/sizes", sizes), int32(c, 2)), num,
                    Map.of("num", num));
        });
        MAPPERS.put("Slice", (n, c) -> {
            // the size given may hold -1 ("to the end"): the inferred output shape is the explicit size
            int[] begin = c.requireConstant(1, "the begin").asInts();
            c.emitOutput(SLICE, List.of(c.input(0), c.constantInt(n.name() + "/begin", begin),
                    c.constantInt(n.name() + "/size", n.shape(0))), Map.of());
        });
        MAPPERS.put("StridedSlice", OpMappers::stridedSlice);
        MAPPERS.put("Transpose", (n, c) -> c.emitOutput(TRANSPOSE, List.of(c.input(0), int32(c, 1)), Map.of()));
        MAPPERS.put("Pad", (n, c) -> c.emitOutput(PAD, List.of(c.input(0), pads(c)), Map.of()));
        MAPPERS.put("PadV2", (n, c) -> c.emitOutput(PADV2, List.of(c.input(0), pads(c), c.input(2)), Map.of()));
        MAPPERS.put("MirrorPad", (n, c) -> c.emitOutput(MIRROR_PAD, List.of(c.input(0), pads(c)),
                Map.of("symmetric", n.stringAttr("mode", "REFLECT").equals("SYMMETRIC"))));
        MAPPERS.put("ResizeBilinear", (n, c) -> c.emitOutput(RESIZE_BILINEAR, List.of(c.input(0), int32(c, 1)),
                Map.of("alignCorners", n.boolAttr("align_corners", false),
                        "halfPixelCenters", n.boolAttr("half_pixel_centers", false))));
        MAPPERS.put("ResizeNearestNeighbor", (n, c) -> c.emitOutput(RESIZE_NEAREST_NEIGHBOR,
                List.of(c.input(0), int32(c, 1)), Map.of("alignCorners", n.boolAttr("align_corners", false),
                        "halfPixelCenters", n.boolAttr("half_pixel_centers", false))));
        MAPPERS.put("GatherV2", (n, c) -> {
            int axis = axisOf(c, 2, c.inputShape(0).length);
            c.emitOutput(GATHER, List.of(c.input(0), indices(c, 1)),
                    Map.of("axis", axis, "batchDims", (int) n.intAttr("batch_dims", 0)));
        });
        MAPPERS.put("ResourceGatherFrozen", (n, c) -> c.emitOutput(GATHER, List.of(c.input(0), indices(c, 1)),
                Map.of("axis", 0, "batchDims", (int) n.intAttr("batch_dims", 0))));
        MAPPERS.put("ArgMax", (n, c) -> c.emitOutput(ARG_MAX, List.of(c.input(0), int32(c, 1)),
                Map.of("outType", n.type(0))));
        MAPPERS.put("FusedBatchNorm", OpMappers::batchNorm);
        MAPPERS.put("FusedBatchNormV2", OpMappers::batchNorm);
        MAPPERS.put("FusedBatchNormV3", OpMappers::batchNorm);
    }

    private static void reduction(String tf, BuiltinOperator tfl) {
        MAPPERS.put(tf, (n, c) -> {
            int rank = c.inputShape(0).length;
            int[] axes = c.requireConstant(1, "the reduction axes").asInts();
            for (int i = 0; i < axes.length; i++) {
                axes[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            }
            c.emitOutput(tfl, List.of(c.input(0), c.constantInt(n.name() + "/axes", axes)),
                    Map.of("keepDims", n.boolAttr("keep_dims", false)));
        });
    }

    private static boolean nchw(TfNode n) {
        return n.stringAttr("data_format", "NHWC").equals("NCHW");
    }

    private static int axisOf(Lowering c, int input, int rank) {
        int a = c.requireConstant(input, "the axis").asInts()[0];
        return a < 0 ? a + rank : a;
    }

    /** A constant integer input as an INT32 constant (TensorFlow Lite wants 32-bit shapes, axes and sizes). */
    private static Value int32(Lowering c, int input) {
        Constant k = c.constantInput(input);
        if (k == null) {
            return c.input(input);
        }
        return k.type() == DataType.INT32 ? c.input(input)
                : c.constant("i32_" + input, ConstMath.cast(k, DataType.INT32));
    }

    private static Value indices(Lowering c, int input) {
        Constant k = c.constantInput(input);
        if (k != null && k.type() == DataType.INT64) {
            return c.constant("indices", ConstMath.cast(k, DataType.INT32));
        }
        return c.input(input);
    }

    private static Value pads(Lowering c) {
        int[] p = c.requireConstant(1, "the paddings").asInts();
        return c.constant("paddings", new Constant(DataType.INT32, new int[] {p.length / 2, 2}, p));
    }

    private static void multiOutput(Lowering c, BuiltinOperator code, List<Value> ins, int count,
            Map<String, Object> options) {
        List<Value> outs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outs.add(c.outputValue(i));
        }
        c.emit(code, ins, outs, options);
        for (int i = 0; i < count; i++) {
            c.bind(i, outs.get(i));
        }
    }

    private static void reshape(TfNode n, Lowering c) {
        int[] shape = n.shape(0);
        c.emitOutput(RESHAPE, List.of(c.input(0), c.constantInt(n.name() + "/shape", shape)),
                Map.of("newShape", shape));
    }

    private static void stridedSlice(TfNode n, Lowering c) {
        int[] in = c.inputShape(0);
        dev.jlite.converter.graph.StridedSliceSpec spec = dev.jlite.converter.graph.StridedSliceSpec.resolve(in,
                c.requireConstant(1, "begin").asLongs(), c.requireConstant(2, "end").asLongs(),
                c.requireConstant(3, "strides").asLongs(), (int) n.intAttr("begin_mask", 0),
                (int) n.intAttr("end_mask", 0), (int) n.intAttr("ellipsis_mask", 0),
                (int) n.intAttr("new_axis_mask", 0), (int) n.intAttr("shrink_axis_mask", 0));
        int r = in.length;
        int endMask = 0;
        int shrinkMask = 0;
        int[] end = spec.end.clone();
        int[] dense = new int[r];
        int kept = 0;
        for (int d = 0; d < r; d++) {
            if (end[d] < 0) {
                endMask |= 1 << d; // "before index 0" with a negative stride: only a mask can say it
                end[d] = 0;
            }
            if (spec.shrink[d]) {
                shrinkMask |= 1 << d;
            } else {
                dense[kept++] = spec.sizes[d];
            }
        }
        int[] sliced = Arrays.copyOf(dense, kept);
        int[] outShape = n.shape(0);
        boolean needsReshape = !Arrays.equals(sliced, outShape);
        Value o = needsReshape ? c.temp("sliced", c.input(0).type(), sliced) : c.outputValue(0);
        c.emit(STRIDED_SLICE, List.of(c.input(0), c.constantInt(n.name() + "/begin", spec.begin),
                c.constantInt(n.name() + "/end", end), c.constantInt(n.name() + "/strides", spec.strides)),
                List.of(o), Map.of("endMask", endMask, "shrinkAxisMask", shrinkMask));
        if (needsReshape) {
            Value out = c.outputValue(0);
            c.emit(RESHAPE, List.of(o, c.constantInt(n.name() + "/shape", outShape)), List.of(out),
                    Map.of("newShape", outShape));
            o = out;
        }
        c.bind(0, o);
    }

    /** For an NCHW node: a TRANSPOSE of input {@code i} to NHWC. */
    private static Value toNhwc(Lowering c, Value x) {
        int[] s = x.shape();
        Value t = c.temp("to_nhwc", x.type(), new int[] {s[0], s[2], s[3], s[1]});
        c.emit(TRANSPOSE, List.of(x, c.constantInt(c.node().name() + "/perm_nhwc", NCHW_TO_NHWC)), List.of(t),
                Map.of());
        return t;
    }

    /** Emits a 4-D op in NHWC; for an NCHW node, between transposes. {@code body} gets the NHWC input. */
    private static void nhwc(TfNode n, Lowering c, java.util.function.BiFunction<Value, int[], Op4> body) {
        Value x = c.input(0);
        int[] outShape = n.shape(0);
        if (!nchw(n)) {
            Op4 op = body.apply(x, outShape);
            Value o = c.outputValue(0);
            c.emit(op.code, op.inputs, List.of(o), op.options);
            c.bind(0, o);
            return;
        }
        int[] nhwcOut = {outShape[0], outShape[2], outShape[3], outShape[1]};
        Op4 op = body.apply(toNhwc(c, x), nhwcOut);
        Value mid = c.temp("nhwc", x.type(), nhwcOut);
        c.emit(op.code, op.inputs, List.of(mid), op.options);
        Value o = c.outputValue(0);
        c.emit(TRANSPOSE, List.of(mid, c.constantInt(n.name() + "/perm_nchw", NHWC_TO_NCHW)), List.of(o), Map.of());
        c.bind(0, o);
    }

    private record Op4(BuiltinOperator code, List<Value> inputs, Map<String, Object> options) {}

    /** Strides/dilations of the H and W dimensions, in the node's data format. */
    private static int[] hw(TfNode n, String attr) {
        int[] v = n.intsAttr(attr);
        if (v.length != 4) {
            return new int[] {1, 1};
        }
        return nchw(n) ? new int[] {v[2], v[3]} : new int[] {v[1], v[2]};
    }

    /** SAME/VALID, or an explicit padding turned into a PAD before a VALID window. */
    private static Padding padding(TfNode n, Lowering c, Value[] x) {
        String p = n.stringAttr("padding", "VALID");
        if (p.equals("SAME")) {
            return Padding.SAME;
        }
        if (p.equals("EXPLICIT")) {
            int[] e = n.intsAttr("explicit_paddings");
            int[] pads = nchw(n) ? new int[] {e[0], e[1], e[4], e[5], e[6], e[7], e[2], e[3]} : e;
            int[] s = x[0].shape();
            int[] padded = {s[0] + pads[0] + pads[1], s[1] + pads[2] + pads[3], s[2] + pads[4] + pads[5],
                s[3] + pads[6] + pads[7]};
            Value t = c.temp("explicit_pad", x[0].type(), padded);
            c.emit(PAD, List.of(x[0], c.constant("explicit_paddings", new Constant(DataType.INT32,
                    new int[] {4, 2}, pads))), List.of(t), Map.of());
            x[0] = t;
        }
        return Padding.VALID;
    }

    private static Map<String, Object> window(Padding padding, int[] strides, FusedActivation act) {
        Map<String, Object> m = new HashMap<>();
        m.put("padding", padding);
        m.put("strideH", strides[0]);
        m.put("strideW", strides[1]);
        m.put("activation", act);
        return m;
    }

    private static void conv2d(TfNode n, Lowering c) {
        Constant filter = c.requireConstant(1, "the filter");
        int[] f = filter.shape(); // HWIO
        Value w = c.constant("weights", ConstMath.transpose(filter, new int[] {3, 0, 1, 2}));
        Value bias = c.constant("bias", Constant.of(new float[f[3]], f[3]));
        nhwc(n, c, (x, out) -> {
            Value[] xs = {x};
            Padding p = padding(n, c, xs);
            Map<String, Object> o = window(p, hw(n, "strides"), FusedActivation.NONE);
            int[] d = hw(n, "dilations");
            o.put("dilationH", d[0]);
            o.put("dilationW", d[1]);
            return new Op4(CONV_2D, List.of(xs[0], w, bias), o);
        });
    }

    private static void depthwise(TfNode n, Lowering c) {
        Constant filter = c.requireConstant(1, "the filter");
        int[] f = filter.shape(); // H, W, C, M
        Value w = c.constant("weights", ConstMath.reshape(filter, new int[] {1, f[0], f[1], f[2] * f[3]}));
        Value bias = c.constant("bias", Constant.of(new float[f[2] * f[3]], f[2] * f[3]));
        nhwc(n, c, (x, out) -> {
            Value[] xs = {x};
            Padding p = padding(n, c, xs);
            Map<String, Object> o = window(p, hw(n, "strides"), FusedActivation.NONE);
            int[] d = hw(n, "dilations");
            o.put("dilationH", d[0]);
            o.put("dilationW", d[1]);
            o.put("depthMultiplier", f[3]);
            return new Op4(DEPTHWISE_CONV_2D, List.of(xs[0], w, bias), o);
        });
    }

    private static void transposeConv(TfNode n, Lowering c) {
        if (nchw(n)) {
            throw new ConversionException("NCHW transposed convolutions are not supported");
        }
        Constant filter = c.requireConstant(1, "the filter"); // H, W, out, in
        Value w = c.constant("weights", ConstMath.transpose(filter, new int[] {2, 0, 1, 3}));
        Value sizes = c.constantInt(n.name() + "/output_shape", c.requireConstant(0, "input_sizes").asInts());
        String p = n.stringAttr("padding", "VALID");
        if (!p.equals("SAME") && !p.equals("VALID")) {
            throw new ConversionException("padding " + p + " is not supported for transposed convolutions");
        }
        Map<String, Object> o = window(p.equals("SAME") ? Padding.SAME : Padding.VALID, hw(n, "strides"),
                FusedActivation.NONE);
        o.remove("activation");
        c.emitOutput(TRANSPOSE_CONV, List.of(sizes, w, c.input(2)), o);
    }

    private static void pool(TfNode n, Lowering c, BuiltinOperator code) {
        nhwc(n, c, (x, out) -> {
            Value[] xs = {x};
            Padding p = padding(n, c, xs);
            Map<String, Object> o = window(p, hw(n, "strides"), FusedActivation.NONE);
            int[] k = hw(n, "ksize");
            o.put("filterH", k[0]);
            o.put("filterW", k[1]);
            return new Op4(code, List.of(xs[0]), o);
        });
    }

    private static void batchNorm(TfNode n, Lowering c) {
        if (n.boolAttr("is_training", true) && n.has("is_training")) {
            throw new ConversionException("batch normalization in training mode (is_training=true)");
        }
        float[] gamma = c.requireConstant(1, "scale").asFloats();
        float[] beta = c.requireConstant(2, "offset").asFloats();
        float[] mean = c.requireConstant(3, "mean").asFloats();
        float[] var = c.requireConstant(4, "variance").asFloats();
        float eps = n.floatAttr("epsilon", 1e-3f);
        int ch = gamma.length;
        float[] scale = new float[ch];
        float[] shift = new float[ch];
        for (int i = 0; i < ch; i++) {
            scale[i] = (float) (gamma[i] / Math.sqrt(var[i] + eps));
            shift[i] = beta[i] - mean[i] * scale[i];
        }
        int[] vshape = nchw(n) ? new int[] {ch, 1, 1} : new int[] {ch};
        Value x = c.input(0);
        Value scaled = c.temp("scaled", x.type(), x.shape());
        c.emit(MUL, List.of(x, c.constant("bn_scale", Constant.of(scale, vshape))), List.of(scaled), Map.of());
        c.emitOutput(ADD, List.of(scaled, c.constant("bn_offset", Constant.of(shift, vshape))), Map.of());
    }
}
