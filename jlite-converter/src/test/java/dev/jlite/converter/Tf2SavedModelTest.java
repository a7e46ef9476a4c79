package dev.jlite.converter;

import static dev.jlite.converter.GraphDefs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.converter.tf.TfRunner;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.VersionDef;

/**
 * A SavedModel laid out as TensorFlow 2 writes a Keras model: a signature wrapper function calling the model's
 * function, resource variables ({@code VarHandleOp}) passed into the calls and read inside with
 * {@code ReadVariableOp}, a restore function assigning the checkpoint to them, an object-style checkpoint. TensorFlow
 * loads and runs it (the oracle); converted, it is one CONV_2D (batch norm, bias and ReLU6 folded) computing the same.
 * Likewise a Keras embedding ({@code ResourceGather} on the table's resource) becomes a GATHER of the frozen table.
 */
class Tf2SavedModelTest {
    static final String[] VARS = {"kernel", "bias", "gamma", "beta", "mean", "variance"};
    static final long[][] SHAPES = {{3, 3, 3, 4}, {4}, {4}, {4}, {4}, {4}};

    @TempDir
    Path dir;

    static AttrValue func(String name) {
        return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
    }

    static AttrValue types(DataType... t) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (DataType x : t) {
            l.addType(x);
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    static NodeDef.Builder node(String name, String op, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(java.util.List.of(inputs));
    }

    static OpDef.ArgDef arg(String name, DataType t) {
        return OpDef.ArgDef.newBuilder().setName(name).setType(t).build();
    }

    static DataType[] resourceArgs(DataType first) {
        DataType[] t = new DataType[VARS.length + 1];
        java.util.Arrays.fill(t, DataType.DT_RESOURCE);
        t[0] = first;
        return t;
    }

    static TensorProto strings(String... s) {
        TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(shape(s.length));
        for (String x : s) {
            t.addStringVal(com.google.protobuf.ByteString.copyFromUtf8(x));
        }
        return t.build();
    }

    /** model_fn(x, kernel..variance): relu6(batchnorm(conv(x) + bias)). */
    static FunctionDef modelFunction() {
        OpDef.Builder sig = OpDef.newBuilder().setName("__inference_model_fn_10").addInputArg(arg("x", DataType.DT_FLOAT));
        for (String v : VARS) {
            sig.addInputArg(arg(v + "_resource", DataType.DT_RESOURCE));
        }
        sig.addOutputArg(arg("identity", DataType.DT_FLOAT));
        FunctionDef.Builder f = FunctionDef.newBuilder().setSignature(sig);
        AttrValue floatT = type(DataType.DT_FLOAT);
        for (String v : VARS) {
            f.addNodeDef(node("read_" + v, "ReadVariableOp", v + "_resource").putAttr("dtype", floatT));
        }
        f.addNodeDef(node("conv", "Conv2D", "x", "read_kernel:value:0").putAttr("T", floatT)
                .putAttr("strides", ints(1, 1, 1, 1)).putAttr("padding", s("SAME")).putAttr("data_format", s("NHWC"))
                .putAttr("dilations", ints(1, 1, 1, 1)).putAttr("use_cudnn_on_gpu", b(true))
                .putAttr("explicit_paddings", ints()));
        f.addNodeDef(node("biased", "BiasAdd", "conv:output:0", "read_bias:value:0").putAttr("T", floatT)
                .putAttr("data_format", s("NHWC")));
        f.addNodeDef(node("bn", "FusedBatchNormV3", "biased:output:0", "read_gamma:value:0", "read_beta:value:0",
                "read_mean:value:0", "read_variance:value:0").putAttr("T", floatT).putAttr("U", floatT)
                .putAttr("epsilon", f(0.001f)).putAttr("is_training", b(false)).putAttr("data_format", s("NHWC"))
                .putAttr("exponential_avg_factor", f(1f)));
        f.addNodeDef(node("relu6", "Relu6", "bn:y:0").putAttr("T", floatT));
        f.addNodeDef(node("Identity", "Identity", "relu6:activations:0", "^read_kernel").putAttr("T", floatT));
        return f.putRet("identity", "Identity:output:0").build();
    }

    /** The signature wrapper: calls the model function, as tf.function signatures do. */
    static FunctionDef wrapperFunction() {
        OpDef.Builder sig = OpDef.newBuilder().setName("__inference_signature_wrapper_20")
                .addInputArg(arg("x", DataType.DT_FLOAT));
        String[] inputs = new String[VARS.length + 1];
        inputs[0] = "x";
        for (int i = 0; i < VARS.length; i++) {
            sig.addInputArg(arg("unknown_" + i, DataType.DT_RESOURCE));
            inputs[i + 1] = "unknown_" + i;
        }
        sig.addOutputArg(arg("identity", DataType.DT_FLOAT));
        return FunctionDef.newBuilder().setSignature(sig)
                .addNodeDef(node("StatefulPartitionedCall", "StatefulPartitionedCall", inputs)
                        .putAttr("Tin", types(resourceArgs(DataType.DT_FLOAT))).putAttr("Tout", types(DataType.DT_FLOAT))
                        .putAttr("f", func("__inference_model_fn_10")))
                .addNodeDef(node("Identity", "Identity", "StatefulPartitionedCall:output:0")
                        .putAttr("T", type(DataType.DT_FLOAT)))
                .putRet("identity", "Identity:output:0").build();
    }

    /** The restore function: RestoreV2 of the object-style keys, each assigned to its resource. */
    static FunctionDef restoreFunction() {
        OpDef.Builder sig = OpDef.newBuilder().setName("__inference__traced_restore_30")
                .addInputArg(arg("file_prefix", DataType.DT_STRING));
        String[] keys = new String[VARS.length];
        String[] slices = new String[VARS.length];
        DataType[] dtypes = new DataType[VARS.length];
        for (int i = 0; i < VARS.length; i++) {
            sig.addInputArg(arg("assignvariableop_" + VARS[i], DataType.DT_RESOURCE));
            keys[i] = "layer/" + VARS[i] + "/.ATTRIBUTES/VARIABLE_VALUE";
            slices[i] = "";
            dtypes[i] = DataType.DT_FLOAT;
        }
        sig.addOutputArg(arg("identity_1", DataType.DT_STRING));
        FunctionDef.Builder f = FunctionDef.newBuilder().setSignature(sig)
                .addNodeDef(node("names", "Const").putAttr("dtype", type(DataType.DT_STRING))
                        .putAttr("value", AttrValue.newBuilder().setTensor(strings(keys)).build()))
                .addNodeDef(node("slices", "Const").putAttr("dtype", type(DataType.DT_STRING))
                        .putAttr("value", AttrValue.newBuilder().setTensor(strings(slices)).build()))
                .addNodeDef(node("RestoreV2", "RestoreV2", "file_prefix", "names:output:0", "slices:output:0")
                        .putAttr("dtypes", types(dtypes)));
        String[] deps = new String[VARS.length + 1];
        deps[0] = "file_prefix";
        for (int i = 0; i < VARS.length; i++) {
            f.addNodeDef(node("Identity_" + i, "Identity", "RestoreV2:tensors:" + i).putAttr("T",
                    type(DataType.DT_FLOAT)));
            f.addNodeDef(node("AssignVariableOp_" + i, "AssignVariableOp", "assignvariableop_" + VARS[i],
                    "Identity_" + i + ":output:0").putAttr("dtype", type(DataType.DT_FLOAT)));
            deps[i + 1] = "^AssignVariableOp_" + i;
        }
        f.addNodeDef(node("Identity_out", "Identity", deps).putAttr("T", type(DataType.DT_STRING)));
        return f.putRet("identity_1", "Identity_out:output:0").build();
    }

    static float[] random(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextDouble(lo, hi);
        }
        return d;
    }

    void writeSavedModel() throws Exception {
        GraphDef.Builder g = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(1087));
        g.addNode(node("serving_default_x", "Placeholder").putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("shape", AttrValue.newBuilder().setShape(shape(-1, 6, 6, 3)).build()));
        String[] call = new String[VARS.length + 1];
        String[] restore = new String[VARS.length + 1];
        call[0] = "serving_default_x";
        restore[0] = "saver_filename";
        for (int i = 0; i < VARS.length; i++) {
            g.addNode(node("layer/" + VARS[i], "VarHandleOp").putAttr("dtype", type(DataType.DT_FLOAT))
                    .putAttr("shape", AttrValue.newBuilder().setShape(shape(SHAPES[i])).build())
                    .putAttr("shared_name", s("layer/" + VARS[i])).putAttr("container", s("")));
            call[i + 1] = "layer/" + VARS[i];
            restore[i + 1] = "layer/" + VARS[i];
        }
        g.addNode(node("StatefulPartitionedCall", "StatefulPartitionedCall", call)
                .putAttr("Tin", types(resourceArgs(DataType.DT_FLOAT))).putAttr("Tout", types(DataType.DT_FLOAT))
                .putAttr("f", func("__inference_signature_wrapper_20")));
        g.addNode(node("saver_filename", "Placeholder").putAttr("dtype", type(DataType.DT_STRING))
                .putAttr("shape", AttrValue.newBuilder().setShape(shape()).build()));
        g.addNode(node("StatefulPartitionedCall_1", "StatefulPartitionedCall", restore)
                .putAttr("Tin", types(resourceArgs(DataType.DT_STRING))).putAttr("Tout", types(DataType.DT_STRING))
                .putAttr("f", func("__inference__traced_restore_30")));
        g.setLibrary(FunctionDefLibrary.newBuilder().addFunction(modelFunction()).addFunction(wrapperFunction())
                .addFunction(restoreFunction()));
        SignatureDef sig = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
                .putInputs("x", TensorInfo.newBuilder().setName("serving_default_x:0").setDtype(DataType.DT_FLOAT)
                        .setTensorShape(shape(-1, 6, 6, 3)).build())
                .putOutputs("out", TensorInfo.newBuilder().setName("StatefulPartitionedCall:0")
                        .setDtype(DataType.DT_FLOAT).setTensorShape(shape(-1, 6, 6, 4)).build())
                .build();
        MetaGraphDef meta = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
                .setGraphDef(g)
                .setSaverDef(SaverDef.newBuilder().setFilenameTensorName("saver_filename:0")
                        .setRestoreOpName("StatefulPartitionedCall_1").setVersion(SaverDef.CheckpointFormatVersion.V2))
                .putSignatureDef("serving_default", sig).build();
        Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().setSavedModelSchemaVersion(1)
                .addMetaGraphs(meta).build().toByteArray());
        CheckpointWriter ckpt = new CheckpointWriter();
        for (int i = 0; i < VARS.length; i++) {
            int n = (int) java.util.Arrays.stream(SHAPES[i]).reduce(1, (a, c) -> a * c);
            float[] v = VARS[i].equals("variance") ? random(i, n, 0.5, 2) : random(i, n, -1, 1);
            ckpt.put("layer/" + VARS[i] + "/.ATTRIBUTES/VARIABLE_VALUE", v, SHAPES[i]);
        }
        Files.createDirectories(dir.resolve("variables"));
        ckpt.write(dir.resolve("variables").resolve("variables"));
    }

    @Test
    void kerasStyleTf2SavedModelConvertsToOneFusedConvolution() throws Exception {
        writeSavedModel();
        float[] x = random(99, 6 * 6 * 3, -2, 2);
        float[] expected;
        try (TfRunner tf = new TfRunner(dir)) {
            expected = tf.run(Map.of("x", new TfRunner.Feed(x, 1, 6, 6, 3))).get("out").data();
        }
        Converter c = Converter.fromSavedModel(dir);
        byte[] model = c.convert();
        System.out.print(c.report().format());
        assertThat(c.report().opCounts().get("serving_default")).containsExactly(Map.entry("CONV_2D", 1));
        ByteBuffer buf = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        float[] jlite = (float[]) JliteRunner.run(buf, x)[0];
        float[] official = (float[]) OfficialInterpreter.run(buf, false, x)[0];
        float range = 0;
        for (float e : expected) {
            range = Math.max(range, e);
        }
        assertThat(range).isGreaterThan(1f); // ReLU6 leaves real values, not all zeros
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(jlite[i] - expected[i])).as("jlite %d", i).isLessThanOrEqualTo(1e-4f * range);
            assertThat(Math.abs(official[i] - expected[i])).as("official %d", i).isLessThanOrEqualTo(1e-4f * range);
        }
    }

    /** An embedding as Keras writes it in TF2: ResourceGather on the table's resource, inside the model function. */
    void writeEmbeddingSavedModel() throws Exception {
        AttrValue floatT = type(DataType.DT_FLOAT);
        FunctionDef body = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("__inference_embed_5").addInputArg(arg("ids", DataType.DT_INT32))
                        .addInputArg(arg("table_resource", DataType.DT_RESOURCE))
                        .addOutputArg(arg("identity", DataType.DT_FLOAT)))
                .addNodeDef(node("lookup", "ResourceGather", "table_resource", "ids").putAttr("dtype", floatT)
                        .putAttr("Tindices", type(DataType.DT_INT32)).putAttr("batch_dims", i(0))
                        .putAttr("validate_indices", b(true)))
                .addNodeDef(node("axis", "Const").putAttr("dtype", type(DataType.DT_INT32)).putAttr("value",
                        AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                                .setTensorShape(shape()).addIntVal(1)).build()))
                .addNodeDef(node("mean", "Mean", "lookup:output:0", "axis:output:0").putAttr("T", floatT)
                        .putAttr("Tidx", type(DataType.DT_INT32)).putAttr("keep_dims", b(false)))
                .addNodeDef(node("Identity", "Identity", "mean:output:0").putAttr("T", floatT))
                .putRet("identity", "Identity:output:0").build();
        FunctionDef restore = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("__inference__traced_restore_6")
                        .addInputArg(arg("file_prefix", DataType.DT_STRING))
                        .addInputArg(arg("assignvariableop_table", DataType.DT_RESOURCE))
                        .addOutputArg(arg("identity_1", DataType.DT_STRING)))
                .addNodeDef(node("names", "Const").putAttr("dtype", type(DataType.DT_STRING)).putAttr("value",
                        AttrValue.newBuilder().setTensor(strings("embedding/embeddings/.ATTRIBUTES/VARIABLE_VALUE"))
                                .build()))
                .addNodeDef(node("slices", "Const").putAttr("dtype", type(DataType.DT_STRING))
                        .putAttr("value", AttrValue.newBuilder().setTensor(strings("")).build()))
                .addNodeDef(node("RestoreV2", "RestoreV2", "file_prefix", "names:output:0", "slices:output:0")
                        .putAttr("dtypes", types(DataType.DT_FLOAT)))
                .addNodeDef(node("Identity", "Identity", "RestoreV2:tensors:0").putAttr("T", floatT))
                .addNodeDef(node("assign", "AssignVariableOp", "assignvariableop_table", "Identity:output:0")
                        .putAttr("dtype", floatT))
                .addNodeDef(node("Identity_1", "Identity", "file_prefix", "^assign").putAttr("T",
                        type(DataType.DT_STRING)))
                .putRet("identity_1", "Identity_1:output:0").build();
        GraphDef.Builder g = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(1087))
                .addNode(node("serving_default_ids", "Placeholder").putAttr("dtype", type(DataType.DT_INT32))
                        .putAttr("shape", AttrValue.newBuilder().setShape(shape(-1, 5)).build()))
                .addNode(node("embedding/embeddings", "VarHandleOp").putAttr("dtype", floatT)
                        .putAttr("shape", AttrValue.newBuilder().setShape(shape(10, 3)).build())
                        .putAttr("shared_name", s("embedding/embeddings")).putAttr("container", s("")))
                .addNode(node("StatefulPartitionedCall", "StatefulPartitionedCall", "serving_default_ids",
                        "embedding/embeddings").putAttr("Tin", types(DataType.DT_INT32, DataType.DT_RESOURCE))
                        .putAttr("Tout", types(DataType.DT_FLOAT)).putAttr("f", func("__inference_embed_5")))
                .addNode(node("saver_filename", "Placeholder").putAttr("dtype", type(DataType.DT_STRING))
                        .putAttr("shape", AttrValue.newBuilder().setShape(shape()).build()))
                .addNode(node("StatefulPartitionedCall_1", "StatefulPartitionedCall", "saver_filename",
                        "embedding/embeddings").putAttr("Tin", types(DataType.DT_STRING, DataType.DT_RESOURCE))
                        .putAttr("Tout", types(DataType.DT_STRING)).putAttr("f", func("__inference__traced_restore_6")))
                .setLibrary(FunctionDefLibrary.newBuilder().addFunction(body).addFunction(restore));
        SignatureDef sig = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
                .putInputs("ids", TensorInfo.newBuilder().setName("serving_default_ids:0").setDtype(DataType.DT_INT32)
                        .setTensorShape(shape(-1, 5)).build())
                .putOutputs("pooled", TensorInfo.newBuilder().setName("StatefulPartitionedCall:0")
                        .setDtype(DataType.DT_FLOAT).setTensorShape(shape(-1, 3)).build())
                .build();
        MetaGraphDef meta = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve")).setGraphDef(g)
                .setSaverDef(SaverDef.newBuilder().setFilenameTensorName("saver_filename:0")
                        .setRestoreOpName("StatefulPartitionedCall_1").setVersion(SaverDef.CheckpointFormatVersion.V2))
                .putSignatureDef("serving_default", sig).build();
        Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().setSavedModelSchemaVersion(1)
                .addMetaGraphs(meta).build().toByteArray());
        Files.createDirectories(dir.resolve("variables"));
        new CheckpointWriter().put("embedding/embeddings/.ATTRIBUTES/VARIABLE_VALUE", random(7, 30, -1, 1), 10, 3)
                .write(dir.resolve("variables").resolve("variables"));
    }

    @Test
    void embeddingLookupOnAResourceVariableBecomesAGatherOfTheFrozenTable() throws Exception {
        writeEmbeddingSavedModel();
        int[] ids = {3, 0, 9, 3, 5};
        float[] expected;
        try (TfRunner tf = new TfRunner(dir)) {
            expected = tf.run(Map.of("ids", new TfRunner.Feed(ids, 1, 5))).get("pooled").data();
        }
        Converter c = Converter.fromSavedModel(dir);
        byte[] model = c.convert();
        assertThat(c.report().opCounts().get("serving_default")).containsExactly(Map.entry("GATHER", 1),
                Map.entry("MEAN", 1));
        ByteBuffer buf = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        float[] jlite = (float[]) JliteRunner.run(buf, (Object) ids)[0];
        float[] official = (float[]) OfficialInterpreter.run(buf, false, (Object) ids)[0];
        assertThat(jlite).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(official).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
