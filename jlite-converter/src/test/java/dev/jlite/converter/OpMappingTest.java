package dev.jlite.converter;

import static dev.jlite.converter.GraphDefs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.Model;
import dev.jlite.UnsupportedOperatorException;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;

/**
 * TensorFlow ops mapped to TensorFlow Lite: small GraphDefs run in TensorFlow (the oracle) and, converted, in the
 * official interpreter and in jlite (where jlite has the kernels yet), within 1e-4 of each output's range.
 */
class OpMappingTest {
    @TempDir
    Path tmp;

    static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextDouble(-1, 1);
        }
        return d;
    }

    /** Converts {@code def} (input x of {@code shape}), runs it every way, compares; returns the model. */
    byte[] check(GraphDefs graph, long[] shape, String... outputs) throws Exception {
        GraphDef def = graph.build();
        Path pb = tmp.resolve("g.pb");
        Files.write(pb, def.toByteArray());
        byte[] model = Converter.fromGraphDef(pb, List.of("x"), List.of(outputs)).convert();
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] x = random(shape.length * 31L + n, n);
        float[][] expected = runTensorFlow(def, Map.of("x", x), Map.of("x", shape), outputs);
        ByteBuffer buf = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        Object[] official = OfficialInterpreter.run(buf, false, x);
        Object[] jlite = null;
        try {
            jlite = JliteRunner.run(buf, x);
        } catch (UnsupportedOperatorException e) {
            System.out.println("jlite lacks a kernel yet: " + e.getMessage());
        }
        for (int k = 0; k < outputs.length; k++) {
            float[] ref = expected[k];
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float f : ref) {
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
            double tol = 1e-4 * Math.max(max - min, 1e-3);
            assertClose(outputs[k] + " official", (float[]) official[k], ref, tol);
            if (jlite != null) {
                assertClose(outputs[k] + " jlite", (float[]) jlite[k], ref, tol);
            }
        }
        return model;
    }

    static void assertClose(String what, float[] actual, float[] expected, double tol) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as(what + " [" + i + "]").isLessThanOrEqualTo(tol);
        }
    }

    static int count(byte[] model, String op) {
        Model m = Model.wrap(ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN));
        return (int) m.subgraph(0).operators().stream()
                .filter(o -> m.operatorCodes().get(o.opcodeIndex()).displayName().equals(op)).count();
    }

    @Test
    void elementwiseOps() throws Exception {
        GraphDefs g = new GraphDefs().placeholder("x", 2, 3).constant("c", random(1, 3), 3)
                .op("abs", "Abs", in("x")).constant("one", new float[] {1}, 1)
                .op("pos", "AddV2", in("abs", "one"))
                .op("sub", "Sub", in("x", "c")).op("div", "RealDiv", in("x", "pos"))
                .op("max", "Maximum", in("x", "c")).op("min", "Minimum", in("x", "c"))
                .op("pow", "Pow", in("pos", "c")).op("sqd", "SquaredDifference", in("x", "c"))
                .op("rsqrt", "Rsqrt", in("pos")).op("sqrt", "Sqrt", in("pos")).op("sq", "Square", in("x"))
                .op("exp", "Exp", in("x")).op("log", "Log", in("pos")).op("elu", "Elu", in("x"))
                .op("leaky", "LeakyRelu", in("x"), "alpha", f(0.3f)).op("sig", "Sigmoid", in("x"))
                .op("tanh", "Tanh", in("x")).op("relu6", "Relu6", in("sub")).op("mul", "Mul", in("x", "x"));
        check(g, new long[] {2, 3}, "sub", "div", "max", "min", "pow", "sqd", "rsqrt", "sqrt", "sq", "exp", "log",
                "elu", "leaky", "sig", "tanh", "relu6", "mul");
    }

    @Test
    void shapeOps() throws Exception {
        GraphDefs g = new GraphDefs().placeholder("x", 2, 3, 4)
                .ints("b", new int[] {0, 1, -1}, 3).ints("e", new int[] {0, 3, -5}, 3).ints("s", new int[] {1, 1, -1}, 3)
                // x[0, 1:, ::-1] with shrink of axis 0 and a new axis: shape [2, 1, 4] -> via masks
                .op("ss", "StridedSlice", in("x", "b", "e", "s"), "Index", type(DataType.DT_INT32),
                        "shrink_axis_mask", i(1), "end_mask", i(4))
                .ints("axis1", new int[] {1}).ints("axis2", new int[] {2})
                .op("cat", "ConcatV2", in("x", "x", "axis2"), "N", i(2), "Tidx", type(DataType.DT_INT32))
                .op("pack", "Pack", in("x", "x"), "N", i(2), "axis", i(1))
                .op("unpack", "Unpack", in("x"), "num", i(3), "axis", i(1))
                .op("split", "Split", in("axis2", "x"), "num_split", i(2))
                .ints("sizes", new int[] {1, -1}, 2)
                .op("splitv", "SplitV", in("x", "sizes", "axis2"), "num_split", i(2), "Tlen", type(DataType.DT_INT32))
                .ints("perm", new int[] {2, 0, 1}, 3)
                .op("tr", "Transpose", in("x", "perm"), "Tperm", type(DataType.DT_INT32))
                .ints("begin", new int[] {1, 0, 1}, 3).ints("size", new int[] {1, -1, 2}, 3)
                .op("slice", "Slice", in("x", "begin", "size"), "Index", type(DataType.DT_INT32))
                .ints("shape", new int[] {4, -1}, 2)
                .op("rs", "Reshape", in("x", "shape"), "Tshape", type(DataType.DT_INT32))
                .op("ed", "ExpandDims", in("x", "axis1"), "Tdim", type(DataType.DT_INT32))
                .op("sq", "Squeeze", in("ed"), "squeeze_dims", ints(1))
                .ints("gidx", new int[] {2, 0}, 2)
                .op("gather", "GatherV2", in("x", "gidx", "axis2"), "Tparams", type(DataType.DT_FLOAT),
                        "Tindices", type(DataType.DT_INT32), "Taxis", type(DataType.DT_INT32), "T", null)
                .ints("pads", new int[] {0, 0, 1, 2, 2, 1}, 3, 2)
                .op("pad", "Pad", in("x", "pads"), "Tpaddings", type(DataType.DT_INT32))
                .op("mpad", "MirrorPad", in("x", "pads"), "Tpaddings", type(DataType.DT_INT32), "mode", s("REFLECT"))
                .constant("cv", new float[] {-3})
                .op("pad2", "PadV2", in("x", "pads", "cv"), "Tpaddings", type(DataType.DT_INT32));
        check(g, new long[] {2, 3, 4}, "ss", "cat", "pack", "unpack:1", "split:1", "splitv:1", "tr", "slice", "rs",
                "sq", "gather", "pad", "mpad", "pad2");
    }

    @Test
    void reductionsAndSoftmax() throws Exception {
        GraphDefs g = new GraphDefs().placeholder("x", 2, 3, 4).ints("ax", new int[] {1, -1}, 2)
                .ints("last", new int[] {-1}, 1)
                .op("mean", "Mean", in("x", "ax"), "Tidx", type(DataType.DT_INT32), "keep_dims", b(true))
                .op("sum", "Sum", in("x", "last"), "Tidx", type(DataType.DT_INT32))
                .op("max", "Max", in("x", "ax"), "Tidx", type(DataType.DT_INT32))
                .op("sm", "Softmax", in("x")).op("lsm", "LogSoftmax", in("x"));
        check(g, new long[] {2, 3, 4}, "mean", "sum", "max", "sm", "lsm");
    }

    @Test
    void foldedShapeArithmeticAndFill() throws Exception {
        // Keras' Flatten: Reshape(x, Pack(StridedSlice(Shape(x), 0, 1), -1)) folds into a constant shape
        GraphDefs g = new GraphDefs().placeholder("x", 2, 3, 4)
                .op("shape", "Shape", in("x"), "out_type", type(DataType.DT_INT32))
                .ints("b0", new int[] {0}, 1).ints("b1", new int[] {1}, 1)
                .op("batch", "StridedSlice", in("shape", "b0", "b1", "b1"), "T", type(DataType.DT_INT32),
                        "Index", type(DataType.DT_INT32), "shrink_axis_mask", i(1))
                .ints("minus1", new int[] {-1})
                .op("newshape", "Pack", in("batch", "minus1"), "T", type(DataType.DT_INT32), "N", i(2), "axis", i(0))
                .op("flat", "Reshape", in("x", "newshape"), "Tshape", type(DataType.DT_INT32))
                .constant("half", new float[] {0.5f})
                .op("fill", "Fill", in("shape", "half"), "index_type", type(DataType.DT_INT32))
                .op("y", "Mul", in("x", "fill"));
        byte[] m = check(g, new long[] {2, 3, 4}, "flat", "y");
        assertThat(count(m, "SHAPE") + count(m, "STRIDED_SLICE") + count(m, "PACK") + count(m, "FILL")).isZero();
    }

    @Test
    void nchwConvolutionsRunInNhwcBetweenTwoTransposes() throws Exception {
        GraphDefs g = new GraphDefs().placeholder("x", 1, 3, 8, 8)
                .constant("w1", random(2, 3 * 3 * 3 * 4), 3, 3, 3, 4).constant("b1", random(3, 4), 4)
                .constant("w2", random(4, 3 * 3 * 4 * 4), 3, 3, 4, 4)
                .op("c1", "Conv2D", in("x", "w1"), "strides", ints(1, 1, 1, 1), "padding", s("SAME"),
                        "data_format", s("NCHW"))
                .op("bias", "BiasAdd", in("c1", "b1"), "data_format", s("NCHW")).op("relu", "Relu", in("bias"))
                .op("c2", "Conv2D", in("relu", "w2"), "strides", ints(1, 1, 2, 2), "padding", s("VALID"),
                        "data_format", s("NCHW"))
                .op("pool", "MaxPool", in("c2"), "ksize", ints(1, 1, 2, 2), "strides", ints(1, 1, 1, 1),
                        "padding", s("VALID"), "data_format", s("NCHW"));
        // TensorFlow's CPU kernels lack NCHW convolutions: the oracle runs the same graph converted to NHWC by
        // hand; the converted model must agree with it
        byte[] m = checkAgainst(g, nhwcTwin(), new long[] {1, 3, 8, 8}, "pool");
        assertThat(count(m, "TRANSPOSE")).isEqualTo(2);
        assertThat(count(m, "CONV_2D")).isEqualTo(2);
    }

    private GraphDefs nhwcTwin() {
        return new GraphDefs().placeholder("xn", 1, 3, 8, 8).ints("p", new int[] {0, 2, 3, 1}, 4)
                .op("x", "Transpose", in("xn", "p"), "Tperm", type(DataType.DT_INT32))
                .constant("w1", random(2, 3 * 3 * 3 * 4), 3, 3, 3, 4).constant("b1", random(3, 4), 4)
                .constant("w2", random(4, 3 * 3 * 4 * 4), 3, 3, 4, 4)
                .op("c1", "Conv2D", in("x", "w1"), "strides", ints(1, 1, 1, 1), "padding", s("SAME"))
                .op("bias", "BiasAdd", in("c1", "b1")).op("relu", "Relu", in("bias"))
                .op("c2", "Conv2D", in("relu", "w2"), "strides", ints(1, 2, 2, 1), "padding", s("VALID"))
                .op("p2", "MaxPool", in("c2"), "ksize", ints(1, 2, 2, 1), "strides", ints(1, 1, 1, 1),
                        "padding", s("VALID"))
                .ints("q", new int[] {0, 3, 1, 2}, 4)
                .op("pool", "Transpose", in("p2", "q"), "Tperm", type(DataType.DT_INT32));
    }

    private byte[] checkAgainst(GraphDefs graph, GraphDefs oracle, long[] shape, String output) throws Exception {
        Path pb = tmp.resolve("n.pb");
        Files.write(pb, graph.build().toByteArray());
        byte[] model = Converter.fromGraphDef(pb, List.of("x"), List.of(output)).convert();
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] x = random(99, n);
        float[] expected = runTensorFlow(oracle.build(), Map.of("xn", x), Map.of("xn", shape), output)[0];
        ByteBuffer buf = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        assertClose("official", (float[]) OfficialInterpreter.run(buf, false, x)[0], expected, 1e-4);
        assertClose("jlite", (float[]) JliteRunner.run(buf, x)[0], expected, 1e-4);
        return model;
    }

    @Test
    void convolutionsPoolsAndResizes() throws Exception {
        GraphDefs g = new GraphDefs().placeholder("x", 1, 7, 7, 4)
                .constant("dw", random(5, 3 * 3 * 4 * 2), 3, 3, 4, 2)
                .op("dwc", "DepthwiseConv2dNative", in("x", "dw"), "strides", ints(1, 2, 2, 1), "padding", s("SAME"))
                .constant("tw", random(6, 3 * 3 * 5 * 4), 3, 3, 5, 4).ints("osize", new int[] {1, 14, 14, 5}, 4)
                .op("tconv", "Conv2DBackpropInput", in("osize", "tw", "x"), "strides", ints(1, 2, 2, 1),
                        "padding", s("SAME"))
                .op("avg", "AvgPool", in("x"), "ksize", ints(1, 3, 3, 1), "strides", ints(1, 2, 2, 1),
                        "padding", s("SAME"))
                .ints("k", new int[] {1, 2, 2, 1}, 4).ints("st", new int[] {1, 1, 2, 1}, 4)
                .op("maxv2", "MaxPoolV2", in("x", "k", "st"), "padding", s("VALID"))
                .ints("size", new int[] {5, 9}, 2)
                .op("bil", "ResizeBilinear", in("x", "size"), "half_pixel_centers", b(true))
                .op("nn", "ResizeNearestNeighbor", in("x", "size"))
                .constant("fb_s", random(7, 8), 8).constant("fb_o", random(8, 8), 8).constant("fb_m", random(9, 8), 8)
                .constant("fb_v", new float[] {1, 2, 0.5f, 1, 1.5f, 1, 2, 3}, 8)
                .op("bn", "FusedBatchNormV3", in("dwc", "fb_s", "fb_o", "fb_m", "fb_v"), "U", type(DataType.DT_FLOAT),
                        "is_training", b(false), "epsilon", f(0.001f))
                .constant("mw", random(10, 8 * 3), 8, 3)
                .ints("flat", new int[] {16, 8}, 2)
                .op("f", "Reshape", in("bn", "flat"), "Tshape", type(DataType.DT_INT32))
                .op("mm", "MatMul", in("f", "mw"));
        byte[] m = check(g, new long[] {1, 7, 7, 4}, "dwc", "tconv", "avg", "maxv2", "bil", "nn", "bn", "mm");
        assertThat(count(m, "FULLY_CONNECTED")).isEqualTo(1);
    }

    @Test
    void argMaxCastAndBatchMatMul() throws Exception {
        GraphDefs g = new GraphDefs().placeholder("x", 2, 3, 4).ints("ax", new int[] {2})
                .op("am", "ArgMax", in("x", "ax"), "Tidx", type(DataType.DT_INT32), "output_type",
                        type(DataType.DT_INT32))
                .op("amf", "Cast", in("am"), "SrcT", type(DataType.DT_INT32), "DstT", type(DataType.DT_FLOAT), "T",
                        null)
                .op("bmm", "BatchMatMulV2", in("x", "x"), "adj_y", b(true))
                .op("neg", "Neg", in("x")).op("mx", "Maximum", in("x", "neg"))
                .constant("one", new float[] {1}).op("clip", "Minimum", in("mx", "one"));
        byte[] m = check(g, new long[] {2, 3, 4}, "amf", "bmm", "clip");
        assertThat(count(m, "ARG_MAX")).isEqualTo(1);
        assertThat(count(m, "BATCH_MATMUL")).isEqualTo(1);
    }

    @Test
    void everyUnmappableOpIsReportedWithItsFunctionAndNothingIsWritten() throws Exception {
        org.tensorflow.proto.OpDef.ArgDef arg = org.tensorflow.proto.OpDef.ArgDef.newBuilder().setName("a").build();
        org.tensorflow.proto.FunctionDef f = org.tensorflow.proto.FunctionDef.newBuilder()
                .setSignature(org.tensorflow.proto.OpDef.newBuilder().setName("body").addInputArg(arg)
                        .addOutputArg(org.tensorflow.proto.OpDef.ArgDef.newBuilder().setName("out")))
                .addNodeDef(org.tensorflow.proto.NodeDef.newBuilder().setName("odd").setOp("Erfinv").addInput("a")
                        .putAttr("T", type(DataType.DT_FLOAT)))
                .putRet("out", "odd:y:0").build();
        GraphDef def = new GraphDefs().placeholder("x", 2).op("cos", "Cosh", in("x"))
                .op("call", "PartitionedCall", in("cos"), "T", null, "f", org.tensorflow.proto.AttrValue.newBuilder()
                        .setFunc(org.tensorflow.proto.NameAttrList.newBuilder().setName("body")).build())
                .op("y", "Relu", in("call")).build().toBuilder()
                .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(f)).build();
        Path pb = tmp.resolve("bad.pb");
        Files.write(pb, def.toByteArray());
        Path out = tmp.resolve("bad.tflite");
        ConversionException e = org.junit.jupiter.api.Assertions.assertThrows(ConversionException.class,
                () -> Converter.fromGraphDef(pb, List.of("x"), List.of("y")).convert(out));
        assertThat(e.problems()).containsExactly(
                "[serving_default] node 'cos' (op Cosh): no TensorFlow Lite mapping",
                "[serving_default] node 'call/odd' (op Erfinv, in function body): no TensorFlow Lite mapping");
        assertThat(out).doesNotExist();
    }

    @Test
    void int8ConcatenationRequantizesItsInputs() throws Exception {
        GraphDefs g = new GraphDefs().placeholder("x", 1, 6, 6, 3)
                .constant("w1", random(21, 27 * 4), 3, 3, 3, 4).constant("w2", random(22, 27 * 2), 3, 3, 3, 2)
                .constant("w3", random(23, 6 * 5), 1, 1, 6, 5).constant("three", new float[] {3f})
                .op("a", "Conv2D", in("x", "w1"), "strides", ints(1, 1, 1, 1), "padding", s("SAME"))
                .op("b0", "Conv2D", in("x", "w2"), "strides", ints(1, 1, 1, 1), "padding", s("SAME"))
                .op("b", "Mul", in("b0", "three"))
                .ints("axis", new int[] {3})
                .op("cat", "ConcatV2", in("a", "b", "axis"), "N", i(2), "Tidx", type(DataType.DT_INT32))
                .op("y", "Conv2D", in("cat", "w3"), "strides", ints(1, 1, 1, 1), "padding", s("VALID"));
        GraphDef def = g.build();
        Path pb = tmp.resolve("cat.pb");
        Files.write(pb, def.toByteArray());
        Path data = Files.createDirectories(tmp.resolve("cat_data"));
        float[] examples = random(5, 8 * 108);
        Int8QuantizationTest.writeNpy(data.resolve("x.npy"), examples, 8, 6, 6, 3);
        Converter c = Converter.fromGraphDef(pb, List.of("x"), List.of("y")).quantize(Quantize.INT8)
                .representativeData(data);
        byte[] model = c.convert();
        // the Mul folds into its convolution; that branch spans the concatenation's whole range, so only the
        // other branch needs requantizing: one QUANTIZE for the input, one int8 -> int8
        assertThat(c.report().opCounts().get("serving_default")).containsEntry("CONCATENATION", 1)
                .containsEntry("CONV_2D", 3).containsEntry("QUANTIZE", 2).containsEntry("DEQUANTIZE", 1);
        float[] x = java.util.Arrays.copyOf(examples, 108);
        float[] expected = runTensorFlow(def, Map.of("x", x), Map.of("x", new long[] {1, 6, 6, 3}), "y")[0];
        ByteBuffer buf = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        float[] official = (float[]) OfficialInterpreter.run(buf, false, x)[0];
        float[] jlite = (float[]) JliteRunner.run(buf, x)[0];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float f : expected) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertClose("int8 official vs TensorFlow", official, expected, 0.05 * (max - min));
        assertClose("int8 jlite vs official", jlite, official, 1e-6);
    }

    /** A residual block in a given layout: conv, relu, conv, add of the two branches, relu. */
    private static GraphDefs residual(GraphDefs g, String in, String format, String prefix) {
        long[] strides = {1, 1, 1, 1};
        return g.constant(prefix + "w1", random(31, 3 * 3 * 3 * 4), 3, 3, 3, 4)
                .constant(prefix + "w2", random(32, 3 * 3 * 4 * 4), 3, 3, 4, 4)
                .op(prefix + "c1", "Conv2D", in(in, prefix + "w1"), "strides", ints(strides), "padding", s("SAME"),
                        "data_format", s(format))
                .op(prefix + "r1", "Relu", in(prefix + "c1"))
                .op(prefix + "c2", "Conv2D", in(prefix + "r1", prefix + "w2"), "strides", ints(strides),
                        "padding", s("SAME"), "data_format", s(format))
                .op(prefix + "sum", "AddV2", in(prefix + "c2", prefix + "c1"))
                .op(prefix + "out", "Relu", in(prefix + "sum"));
    }

    @Test
    void nchwResidualAddRunsInNhwcAndLeavesTwoTransposes() throws Exception {
        GraphDefs nchw = residual(new GraphDefs().placeholder("x", 1, 3, 6, 6), "x", "NCHW", "");
        GraphDefs twin = residual(new GraphDefs().placeholder("xn", 1, 3, 6, 6).ints("p", new int[] {0, 2, 3, 1}, 4)
                .op("xt", "Transpose", in("xn", "p"), "Tperm", type(DataType.DT_INT32)), "xt", "NHWC", "")
                .ints("q", new int[] {0, 3, 1, 2}, 4)
                .op("res", "Transpose", in("out", "q"), "Tperm", type(DataType.DT_INT32));
        byte[] m = checkAgainst(nchw.op("res", "Identity", in("out")), twin, new long[] {1, 3, 6, 6}, "res");
        assertThat(count(m, "TRANSPOSE")).isEqualTo(2);
        assertThat(count(m, "ADD")).isEqualTo(1);
    }
}
