package dev.jlite.converter.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** A frozen graph computes in TensorFlow exactly what its SavedModel computes, without variables. */
class FrozenGraphsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "text_classifier", "resnet_small"})
    void frozenGraphMatchesTheSavedModel(String name) throws IOException {
        ExportedModel model = TfModels.catalog().get(name).build(tmp.resolve(name), 3);
        FrozenGraphs.Frozen frozen = FrozenGraphs.freeze(model, tmp.resolve(name + ".pb"));
        GraphDef graph = GraphDef.parseFrom(Files.readAllBytes(frozen.file()));
        assertThat(graph.getNodeList()).extracting(NodeDef::getOp).doesNotContain("VariableV2", "Assign", "SaveV2",
                "RestoreV2", "NoOp");
        assertThat(graph.getNodeList()).extracting(NodeDef::getOp).contains("Const", "Placeholder");

        Object[] example = model.randomExample(9);
        Map<String, TfRunner.Value> expected;
        try (TfRunner runner = new TfRunner(model.dir())) {
            expected = runner.run(model, example);
        }
        ExportedModel.Input input = model.inputs().get(0);
        try (Graph g = new Graph(); Session session = new Session(g);
                Tensor feed = input.vocabulary() > 0
                        ? TInt32.tensorOf(Shape.of(input.shape()), DataBuffers.of((int[]) example[0], true, false))
                        : TFloat32.tensorOf(Shape.of(input.shape()), DataBuffers.of((float[]) example[0], true, false))) {
            g.importGraphDef(graph);
            Session.Runner runner = session.runner().feed(frozen.inputs().get(0), feed);
            frozen.outputs().forEach(runner::fetch);
            try (Result result = runner.run()) {
                for (int i = 0; i < frozen.outputs().size(); i++) {
                    TFloat32 out = (TFloat32) result.get(i);
                    float[] actual = new float[Math.toIntExact(out.shape().size())];
                    out.copyTo(DataBuffers.of(actual, false, false));
                    assertThat(actual).as(model.outputs().get(i))
                            .containsExactly(expected.get(model.outputs().get(i)).data());
                }
            }
        }
    }
}
