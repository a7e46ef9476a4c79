package dev.jlite.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.Interpreter;
import dev.jlite.converter.tf.ExportedModel;
import dev.jlite.converter.tf.TfModels;
import dev.jlite.converter.tf.TfRunner;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TensorFlow-built oracle models through the optimizations and the quantization modes: the operators left, and
 * jlite and the official interpreter on the .tflite against TensorFlow on the SavedModel.
 */
class OracleModelsConversionTest {
    @TempDir
    static Path tmp;
    private static final Map<String, ExportedModel> MODELS = new HashMap<>();

    /** Each oracle model is built once for the whole class (seed 42). */
    static synchronized ExportedModel model(String name) {
        return MODELS.computeIfAbsent(name, n -> TfModels.catalog().get(n).build(tmp.resolve(n), 42));
    }

    static Converter converter(ExportedModel model) {
        Converter c = Converter.fromSavedModel(model.dir());
        for (ExportedModel.Input input : model.inputs()) {
            c.inputShape(input.name(), java.util.Arrays.stream(input.shape()).mapToInt(Math::toIntExact).toArray());
        }
        return c;
    }

    static double range(float[] a) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float f : a) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        return max - min;
    }

    static double maxAbsError(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** Runs the model's signature in jlite and officially, compares each output with TensorFlow's. */
    static Map<String, Double> compare(ExportedModel model, byte[] tflite, double tolerance) {
        return compare(model, tflite, tolerance, true);
    }

    static Map<String, Double> compare(ExportedModel model, byte[] tflite, double tolerance, boolean withJlite) {
        return compare(model, tflite, tolerance, withJlite, 0);
    }

    /**
     * @param withJlite run jlite too (skipped, with a message, where it lacks a kernel yet)
     * @param absolute an absolute tolerance added to the relative one (a quantization step)
     */
    static Map<String, Double> compare(ExportedModel model, byte[] tflite, double tolerance, boolean withJlite,
            double absolute) {
        Object[] example = model.randomExample(7);
        Map<String, TfRunner.Value> expected;
        try (TfRunner tf = new TfRunner(model.dir())) {
            expected = tf.run(model, example);
        }
        ByteBuffer buf = ByteBuffer.wrap(tflite).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Double> errors = new HashMap<>();
        try (Interpreter it = new Interpreter(buf)) {
            String key = it.getSignatureKeys()[0];
            String[] ins = it.getSignatureInputs(key);
            String[] outs = it.getSignatureOutputs(key);
            Object[] ordered = new Object[ins.length];
            Map<String, Object> feed = new HashMap<>();
            for (int i = 0; i < ins.length; i++) {
                int k = model.inputs().stream().map(ExportedModel.Input::name).toList().indexOf(ins[i]);
                ordered[i] = example[k];
                feed.put(ins[i], example[k]);
            }
            // the converter writes signature inputs and outputs in the subgraph's order
            Object[] jlite = null;
            if (withJlite) {
                try {
                    jlite = JliteRunner.run(buf, ordered);
                } catch (dev.jlite.UnsupportedOperatorException e) {
                    System.out.println("jlite lacks a kernel yet: " + e.getMessage());
                }
            }
            Object[] official = OfficialInterpreter.run(buf, false, ordered);
            for (int i = 0; i < outs.length; i++) {
                float[] ref = expected.get(outs[i]).data();
                double tol = tolerance * range(ref) + absolute;
                double jl = jlite != null ? maxAbsError((float[]) jlite[i], ref) : 0;
                double of = maxAbsError((float[]) official[i], ref);
                System.out.printf("%s/%s: range %.4g, max |jlite - TF| %s, max |official - TF| %.3g%n",
                        model.name(), outs[i], range(ref), jlite != null ? String.format("%.3g", jl) : "(not run)", of);
                assertThat(jl).as("%s jlite vs TF", outs[i]).isLessThanOrEqualTo(tol);
                assertThat(of).as("%s official vs TF", outs[i]).isLessThanOrEqualTo(tol);
                errors.put(outs[i], Math.max(jl, of));
            }
        }
        return errors;
    }

    /** Expected operators after the optimizations: what TensorFlow Lite's converter makes of these models. */
    static final Map<String, Map<String, Integer>> FUSED = Map.of(
            "mobilenet_v2_1.0", Map.of("CONV_2D", 35, "DEPTHWISE_CONV_2D", 17, "ADD", 10, "MEAN", 1,
                    "FULLY_CONNECTED", 1, "SOFTMAX", 1),
            "resnet_small", Map.of("CONV_2D", 8, "ADD", 3, "MEAN", 1, "FULLY_CONNECTED", 1, "SOFTMAX", 1));

    // Float conversion of every oracle model, as SavedModel and as frozen graph, is EndToEndConversionTest's;
    // here the operators the passes leave, and that the fused model still computes what TensorFlow does.
    @ParameterizedTest
    @ValueSource(strings = {"resnet_small", "mobilenet_v2_1.0"})
    void batchNormsBiasesActivationsAndPaddingsAreFused(String name) {
        ExportedModel model = model(name);
        Converter c = converter(model);
        byte[] tflite = c.convert();
        System.out.print(c.report().format());
        assertThat(c.report().opCounts().get("serving_default")).containsExactlyInAnyOrderEntriesOf(FUSED.get(name));
        compare(model, tflite, 1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "resnet_small", "mobilenet_v1_0.25"})
    void float16WeightsStayWithinOnePercent(String name) {
        ExportedModel model = model(name);
        byte[] f32 = converter(model).convert();
        Converter c = converter(model).quantize(Quantize.FLOAT16);
        byte[] f16 = c.convert();
        System.out.printf("%s float16: %d -> %d bytes%n", name, f32.length, f16.length);
        assertThat((double) f16.length).isLessThan(0.6 * f32.length);
        assertThat(c.report().opCounts().get("serving_default")).containsKey("DEQUANTIZE");
        compare(model, f16, 1e-2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "resnet_small", "mobilenet_v1_0.25"})
    void dynamicRangeInt8WeightsRunInBothInterpreters(String name) {
        ExportedModel model = model(name);
        byte[] f32 = converter(model).convert();
        byte[] dyn = converter(model).quantize(Quantize.DYNAMIC).convert();
        System.out.printf("%s dynamic: %d -> %d bytes%n", name, f32.length, dyn.length);
        assertThat((double) dyn.length).isLessThan(0.4 * f32.length);
        compare(model, dyn, 5e-2, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "resnet_small", "mobilenet_v1_0.25"})
    void int8RunsOfficiallyCloseToTensorFlow(String name) throws Exception {
        ExportedModel model = model(name);
        Path data = java.nio.file.Files.createDirectories(tmp.resolve(name + "_data"));
        for (int k = 0; k < 8; k++) {
            Object ex = model.randomExample(100 + k)[0];
            Int8QuantizationTest.writeNpy(data.resolve(model.inputs().get(0).name() + "_" + k + ".npy"), (float[]) ex,
                    java.util.Arrays.stream(model.inputs().get(0).shape()).mapToInt(Math::toIntExact).toArray());
        }
        Converter c = converter(model).quantize(Quantize.INT8).representativeData(data);
        byte[] int8 = c.convert();
        System.out.print(c.report().format());
        // int8 keeps logits within a few percent; a softmax output's step is 1/256 by the quantization spec
        compare(model, int8, 0.05, true, 1.0 / 256);
    }
}
