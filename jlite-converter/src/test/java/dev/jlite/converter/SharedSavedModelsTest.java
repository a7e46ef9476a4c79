package dev.jlite.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.Interpreter;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SavedModels written by real TensorFlow releases in /work/shared/savedmodels (TF 1.1 graph mode with
 * VariableV2; TF 2.4 tf.function signatures with a resource variable) convert, and every convertible signature gives
 * the values SAVEDMODELS.md states, in jlite and in the official TensorFlow Lite interpreter.
 */
class SharedSavedModelsTest {
    static final Path DIR = Path.of(System.getProperty("jlite.savedmodels", "/work/shared/savedmodels"));
    static final Path TF1 = DIR.resolve("tf1_half_plus_two");
    static final Path TF2 = DIR.resolve("python_tf2_signatures");

    static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Runs a single-signature model in jlite and officially; checks both give {@code expected}. */
    static void check(byte[] model, float[] expected, Object... inputs) {
        float[] jlite = (float[]) JliteRunner.run(buffer(model), inputs)[0];
        assertThat(jlite).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-6f));
        float[] official = (float[]) OfficialInterpreter.run(buffer(model), false, inputs)[0];
        assertThat(official).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void tf1HalfPlusTwoServingDefault() {
        byte[] m = Converter.fromSavedModel(TF1).convert();
        // y = 0.5 x + 2, batch of 3 given as input shape
        byte[] m3 = Converter.fromSavedModel(TF1).inputShape("x", 3, 1).convert();
        check(m, new float[] {2.5f}, (Object) new float[] {1f});
        check(m3, new float[] {2f, 3f, 4.5f}, (Object) new float[] {0f, 2f, 5f});
    }

    @Test
    void tf1RegressAndClassifyX2ToY3() {
        // y3 = a * x2 + c with c = 3 (the checkpoint's value)
        for (String sig : new String[] {"regress_x2_to_y3", "classify_x2_to_y3"}) {
            byte[] m = Converter.fromSavedModel(TF1).signatures(sig).inputShape("inputs", 2, 1).convert();
            check(m, new float[] {3.5f, 4f}, (Object) new float[] {1f, 2f});
        }
    }

    @Test
    void tf1ExampleParsingSignaturesAreReportedNotWritten() {
        assertThatThrownBy(() -> Converter.fromSavedModel(TF1).signatures("regress_x_to_y", "classify_x_to_y2")
                .convert()).isInstanceOf(ConversionException.class);
        ConversionException e = org.junit.jupiter.api.Assertions.assertThrows(ConversionException.class,
                () -> Converter.fromSavedModel(TF1).signatures("regress_x_to_y", "classify_x_to_y").convert());
        // each signature: its string input has no shape, and ParseExample has no TensorFlow Lite builtin
        assertThat(e.problems()).containsExactly(
                "[regress_x_to_y] input 'inputs' (tf_example:0) has unknown shape [?]: give it with --input-shape"
                        + " inputs=...",
                "[regress_x_to_y] node 'ParseExample/ParseExample' (op ParseExample): no TensorFlow Lite mapping",
                "[classify_x_to_y] input 'inputs' (tf_example:0) has unknown shape [?]: give it with --input-shape"
                        + " inputs=...",
                "[classify_x_to_y] node 'ParseExample/ParseExample' (op ParseExample): no TensorFlow Lite mapping");
    }

    @Test
    void tf2Signatures() {
        byte[] add = Converter.fromSavedModel(TF2).signatures("add").inputShape("a", 2).inputShape("b", 2).convert();
        check(add, new float[] {4f, 6f}, new float[] {1f, 2f}, new float[] {3f, 4f});
        byte[] variable = Converter.fromSavedModel(TF2).signatures("get_variable").inputShape("dummy", 1).convert();
        check(variable, new float[] {2f}, (Object) new float[] {0f});
    }

    @Test
    void tf2ConstantSignaturesAddTheirConstant() {
        // the constants are zeros of shape [], [3] and [2, 3]: the output is the input broadcast to that shape
        byte[] scalar = Converter.fromSavedModel(TF2).signatures("get_const_scalar").inputShape("input", 2)
                .convert();
        check(scalar, new float[] {5f, -1f}, (Object) new float[] {5f, -1f});
        byte[] vector = Converter.fromSavedModel(TF2).signatures("get_const_vector").inputShape("input", 1)
                .convert();
        check(vector, new float[] {7f, 7f, 7f}, (Object) new float[] {7f});
        byte[] matrix = Converter.fromSavedModel(TF2).signatures("get_const_matrix").inputShape("input", 3)
                .convert();
        check(matrix, new float[] {1f, 2f, 3f, 1f, 2f, 3f}, (Object) new float[] {1f, 2f, 3f});
    }

    @Test
    void allTf2SignaturesInOneModel() {
        byte[] m = Converter.fromSavedModel(TF2).signatures("add", "get_variable").inputShape("a", 1)
                .inputShape("b", 1).inputShape("dummy", 1).convert();
        try (Interpreter it = new Interpreter(buffer(m))) {
            assertThat(it.getSignatureKeys()).containsExactly("add", "get_variable");
            assertThat(it.getSignatureInputs("add")).containsExactly("a", "b");
            Map<String, Object> in = new HashMap<>();
            in.put("a", new float[] {1.5f});
            in.put("b", new float[] {2f});
            float[] o = new float[1];
            it.runSignature(in, Map.of("output_0", o), "add");
            assertThat(o[0]).isEqualTo(3.5f);
            float[] v = new float[1];
            it.runSignature(Map.of("dummy", new float[] {7f}), Map.of("output_0", v), "get_variable");
            assertThat(v[0]).isEqualTo(2f);
        }
    }

    @Test
    void unknownSignatureAndMissingShapesAreExplained() {
        assertThatThrownBy(() -> Converter.fromSavedModel(TF2).signatures("nope").convert())
                .isInstanceOf(ConversionException.class).hasMessageContaining("no signature 'nope'")
                .hasMessageContaining("get_variable");
        // without serving_default every signature is converted; their inputs have no shape
        ConversionException e = org.junit.jupiter.api.Assertions.assertThrows(ConversionException.class,
                () -> Converter.fromSavedModel(TF2).convert());
        assertThat(e.problems()).hasSize(6).allMatch(p -> p.contains("has unknown shape [?]: give it with "
                + "--input-shape"));
    }
}
