package dev.jlite.converter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;

/** tf.function calls are inlined, nested calls too, and outputs named {@code node:arg:index} find their port. */
class FunctionInlinerTest {
    static final Path TF2 = Path.of(System.getProperty("jlite.savedmodels", "/work/shared/savedmodels"))
            .resolve("python_tf2_signatures");

    @Test
    void tf2SavedModelHasNoCallsLeftAndItsVariableIsRestoredFromTheCheckpoint() throws Exception {
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(TF2.resolve("saved_model.pb")));
        TfGraph g = TfGraph.of(sm.getMetaGraphs(0).getGraphDef());
        int calls = FunctionInliner.inline(g);
        // 7 top-level calls (5 signatures, save, restore); the 5 signature wrappers each call the function
        assertThat(calls).isEqualTo(12);
        assertThat(g.nodes()).noneMatch(n -> n.op().endsWith("PartitionedCall"));
        // the restore function's AssignVariableOp now targets the top-level VarHandleOp
        assertThat(VariableResolver.restoreKeys(g)).containsEntry("Variable", "variable/.ATTRIBUTES/VARIABLE_VALUE");
        // get_variable: StatefulPartitionedCall -> signature wrapper -> get_variable body's ReadVariableOp
        TfNode read = g.node("StatefulPartitionedCall/StatefulPartitionedCall/ReadVariableOp");
        assertThat(read.op()).isEqualTo("ReadVariableOp");
        assertThat(read.inputs()).containsExactly("Variable:0");
        assertThat(read.function()).isEqualTo("__inference_get_variable_85");
    }

    @Test
    void outputArgumentsOfMultiOutputOpsMapToTheirPorts() {
        OpDef.ArgDef x = OpDef.ArgDef.newBuilder().setName("x").build();
        FunctionDef f = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("f").addInputArg(x)
                        .addOutputArg(OpDef.ArgDef.newBuilder().setName("mean")))
                .addNodeDef(NodeDef.newBuilder().setName("bn").setOp("FusedBatchNormV3").addInput("x")
                        .addInput("x").addInput("x").addInput("x").addInput("x"))
                .putRet("mean", "bn:batch_mean:0").build();
        GraphDef def = GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("in").setOp("Placeholder"))
                .addNode(NodeDef.newBuilder().setName("call").setOp("PartitionedCall").addInput("in")
                        .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName("f")).build()))
                .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(f)).build();
        TfGraph g = TfGraph.of(def);
        assertThat(FunctionInliner.inline(g)).isEqualTo(1);
        assertThat(g.node("call").op()).isEqualTo("IdentityN");
        assertThat(g.node("call").inputs()).containsExactly("call/bn:1");
        assertThat(g.node("call/bn").inputs()).containsOnly("in:0");
        IdentityRemoval.run(g);
        assertThat(g.node("call")).isNull();
    }
}
