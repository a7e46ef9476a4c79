package dev.jlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.testing.Compare;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.ModelFiles;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.testing.SelfieOracle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared MediaPipe model, run by jlite and by the official TensorFlow Lite 2.6.2 interpreter (builtin
 * kernels) on the same fixed random inputs: on every output, max|jlite - official| / max|official| <= 1e-3.
 * selfie_segmentation's custom op is checked against the official TRANSPOSE_CONV plus ADD on the same weights.
 */
class ConformanceTest {
    private static final double TOLERANCE = 1e-3;
    private static final long[] SEEDS = {1, 2, 3};

    static Stream<Arguments> cases() {
        return ModelFiles.ALL.stream().flatMap(m -> Stream.of(Arguments.of(m, true), Arguments.of(m, false)));
    }

    @ParameterizedTest(name = "{0} simd={1}")
    @MethodSource("cases")
    void matchesTheOfficialInterpreter(String file, boolean simd) throws Exception {
        ByteBuffer model = ByteBuffer.wrap(Files.readAllBytes(ModelFiles.path(file)));
        ByteBuffer oracleModel = file.startsWith("selfie_segmentation")
                ? SelfieOracle.replaceCustomTransposeConv(model.duplicate()) : model.duplicate();
        Interpreter.Options options = new Interpreter.Options().setUseSimd(simd);
        double worst = 0;
        for (long seed : SEEDS) {
            float[][] inputs = randomInputs(model, seed);
            Object[] expected = OfficialInterpreter.run(oracleModel.duplicate(), false, (Object[]) inputs);
            Object[] actual = JliteRunner.run(model.duplicate(), options, (Object[]) inputs);
            assertThat(actual).hasSameSizeAs(expected);
            for (int o = 0; o < expected.length; o++) {
                double err = Compare.maxRelativeError((float[]) actual[o], (float[]) expected[o]);
                assertThat(err).as("%s output %d seed %d", file, o, seed).isLessThanOrEqualTo(TOLERANCE);
                worst = Math.max(worst, err);
            }
        }
        System.out.printf("conformance %s simd=%s: worst max|jlite-official|/max|official| = %.3g%n", file, simd,
                worst);
    }

    /** Uniform [-1, 1) inputs, one per model input, the values MediaPipe's normalized images take. */
    private static float[][] randomInputs(ByteBuffer model, long seed) {
        Model m = Model.wrap(model.duplicate());
        int[] inputs = m.subgraph(0).inputs();
        float[][] out = new float[inputs.length][];
        Random random = new Random(seed);
        for (int i = 0; i < inputs.length; i++) {
            out[i] = new float[(int) m.subgraph(0).tensor(inputs[i]).elementCount()];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = random.nextFloat() * 2 - 1;
            }
        }
        return out;
    }
}
