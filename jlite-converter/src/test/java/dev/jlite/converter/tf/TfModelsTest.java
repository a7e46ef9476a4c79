package dev.jlite.converter.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The oracle models export, reload and run in TensorFlow Java, with plausible outputs. */
class TfModelsTest {

    @TempDir
    Path tmp;

    /** Op types each model must hold, beyond the common ones. */
    private static final Map<String, List<String>> EXPECTED_OPS = Map.of(
            "mobilenet_v1_0.25", List.of("FusedBatchNormV3", "DepthwiseConv2dNative", "Conv2D", "Pad", "Relu6",
                    "AvgPool", "BiasAdd", "Reshape", "Softmax"),
            "mobilenet_v1_1.0", List.of("FusedBatchNormV3", "DepthwiseConv2dNative", "Pad"),
            "mobilenet_v2_1.0", List.of("FusedBatchNormV3", "DepthwiseConv2dNative", "AddV2", "Mean", "MatMul"),
            "resnet_small", List.of("FusedBatchNormV3", "Conv2D", "Add", "Relu", "Mean", "MatMul", "BiasAdd"),
            "mlp", List.of("MatMul", "BiasAdd", "Relu", "Softmax"),
            "text_classifier", List.of("GatherV2", "Mean", "MatMul", "Softmax"));

    static Stream<Arguments> models() {
        return TfModels.catalog().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void exportsReloadsAndRuns(String name, TfModels.Builder builder) throws IOException {
        long start = System.nanoTime();
        ExportedModel model = builder.build(tmp.resolve(name), 42L);
        long built = System.nanoTime();
        assertThat(model.dir().resolve("saved_model.pb")).isRegularFile();
        assertThat(model.dir().resolve("variables/variables.index")).isRegularFile();
        long graphBytes = Files.size(model.dir().resolve("saved_model.pb"));
        long weightBytes = Files.size(model.dir().resolve("variables/variables.data-00000-of-00001"));
        // The weights are in the checkpoint, not folded into the graph as constants.
        assertThat(weightBytes).isGreaterThan(graphBytes);

        try (TfRunner runner = new TfRunner(model.dir())) {
            assertThat(runner.opTypes()).contains("VariableV2", "Placeholder").containsAll(EXPECTED_OPS.get(name));
            assertThat(runner.signature().inputNames()).containsExactlyInAnyOrderElementsOf(
                    model.inputs().stream().map(ExportedModel.Input::name).toList());
            assertThat(runner.signature().outputNames()).containsExactlyInAnyOrderElementsOf(model.outputs());

            Map<String, TfRunner.Value> a = runner.run(model, model.randomExample(1));
            long ran = System.nanoTime();
            Map<String, TfRunner.Value> b = runner.run(model, model.randomExample(2));
            TfRunner.Value probabilities = a.get("probabilities");
            int classes = Math.toIntExact(probabilities.shape()[1]);
            assertThat(probabilities.shape()).containsExactly(1, classes);
            assertThat(sum(probabilities.data())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            for (TfRunner.Value v : a.values()) {
                assertThat(v.shape()).containsExactly(1, classes);
                for (float f : v.data()) {
                    assertThat(Float.isFinite(f)).as("finite output").isTrue();
                }
            }
            // Not a dead network: the scores spread out and depend on the input.
            float[] p = probabilities.data();
            assertThat(max(p) - min(p)).as("spread of probabilities").isGreaterThan(1e-3f / classes);
            assertThat(Arrays.equals(p, b.get("probabilities").data())).as("output depends on input").isFalse();
            float[] logits = a.containsKey("logits") ? a.get("logits").data() : new float[] {Float.NaN};
            System.out.printf("%s: %d weights bytes, %d graph bytes, build+export %.1f s, first run %.2f s, "
                    + "max p %.4f, logits [%.3f, %.3f]%n", name, weightBytes, graphBytes, (built - start) / 1e9,
                    (ran - built) / 1e9, max(p), min(logits), max(logits));
        }
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        ExportedModel first = TfModels.mlp(tmp.resolve("a"), 7);
        ExportedModel again = TfModels.mlp(tmp.resolve("b"), 7);
        ExportedModel other = TfModels.mlp(tmp.resolve("c"), 8);
        Object[] example = first.randomExample(3);
        float[] pa;
        float[] pb;
        float[] pc;
        try (TfRunner a = new TfRunner(first.dir()); TfRunner b = new TfRunner(again.dir());
                TfRunner c = new TfRunner(other.dir())) {
            pa = a.run(first, example).get("logits").data();
            pb = b.run(again, example).get("logits").data();
            pc = c.run(other, example).get("logits").data();
        }
        assertThat(pb).containsExactly(pa);
        assertThat(Arrays.equals(pa, pc)).isFalse();
    }

    @Test
    void trainedCnnLearnsTheBarsTask() {
        long start = System.nanoTime();
        TrainedCnn cnn = TfModels.trainedCnn(tmp.resolve("cnn"), 1);
        System.out.printf("trained CNN: %d steps, test accuracy %.4f on %d examples, %.1f s%n", cnn.trainingSteps(),
                cnn.testAccuracy(), cnn.test().count(), (System.nanoTime() - start) / 1e9);
        // Chance is 0.25.
        assertThat(cnn.testAccuracy()).isGreaterThan(0.9);
        assertThat(cnn.test().count()).isEqualTo(TrainedCnn.TEST_EXAMPLES);
        assertThat(cnn.calibration().count()).isEqualTo(TrainedCnn.CALIBRATION_EXAMPLES);
        try (TfRunner runner = new TfRunner(cnn.model().dir())) {
            assertThat(runner.opTypes()).contains("MaxPool", "ApplyAdam");
            float[] one = runner.run(cnn.model(), cnn.test().batch(0, 1)).get("probabilities").data();
            assertThat(TrainedCnn.argMax(one, 0, one.length)).isBetween(0, OrientedBars.CLASSES - 1);
        }
    }

    @Test
    void barsAreBalancedAndReproducible() {
        OrientedBars a = OrientedBars.generate(400, 5);
        OrientedBars b = OrientedBars.generate(400, 5);
        assertThat(b.images()).isEqualTo(a.images());
        assertThat(a.slice(10, 5).images()).isEqualTo(a.batch(10, 5));
        assertThat(a.slice(10, 5).labels()).containsExactly(Arrays.copyOfRange(a.labels(), 10, 15));
        int[] counts = new int[OrientedBars.CLASSES];
        for (int label : a.labels()) {
            counts[label]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(60, 140);
        }
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float f : a) {
            s += f;
        }
        return s;
    }

    private static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float f : a) {
            m = Math.max(m, f);
        }
        return m;
    }

    private static float min(float[] a) {
        float m = Float.POSITIVE_INFINITY;
        for (float f : a) {
            m = Math.min(m, f);
        }
        return m;
    }
}
