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
 * kernels) on the same fixed random images: on every output, max|jlite - official| / max|official| <= 1e-3.
 * selfie_segmentation's custom op is checked against the official TRANSPOSE_CONV plus ADD on the same weights.
 *
 * <p>One output is ill-conditioned: the segmentation logits of pose_landmark_lite/full, where the official
 * interpreter's own two CPU paths (XNNPACK and builtin) differ by up to 1.2e-3 on these inputs. There the bound is
 * 1.5 times that official disagreement, measured on the same input, whenever that is larger than 1e-3.
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
        double worstOfficial = 0;
        for (long seed : SEEDS) {
            float[][] inputs = randomInputs(model, seed);
            Object[] expected = OfficialInterpreter.run(oracleModel.duplicate(), false, (Object[]) inputs);
            Object[] xnnpack = OfficialInterpreter.run(oracleModel.duplicate(), true, (Object[]) inputs);
            Object[] actual = JliteRunner.run(model.duplicate(), options, (Object[]) inputs);
            assertThat(actual).hasSameSizeAs(expected);
            for (int o = 0; o < expected.length; o++) {
                double err = Compare.maxRelativeError((float[]) actual[o], (float[]) expected[o]);
                double official = Compare.maxRelativeError((float[]) xnnpack[o], (float[]) expected[o]);
                double bound = Math.max(TOLERANCE, 1.5 * official);
                assertThat(err).as("%s output %d seed %d (official XNNPACK vs builtin: %.3g)", file, o, seed,
                        official).isLessThanOrEqualTo(bound);
                worst = Math.max(worst, err);
                worstOfficial = Math.max(worstOfficial, official);
            }
        }
        System.out.printf("conformance %s simd=%s: worst max|jlite-official|/max|official| = %.3g "
                + "(official XNNPACK vs builtin: %.3g)%n", file, simd, worst, worstOfficial);
    }

    /**
     * One random image per model input, with the values MediaPipe's normalized images take ([-1, 1]) and a natural
     * image's smoothness: a random 9x9 grid upsampled bilinearly, plus a little noise. (White noise drives the
     * models far from anything they were trained on, where their outputs amplify rounding differences.)
     */
    static float[][] randomInputs(ByteBuffer model, long seed) {
        Model m = Model.wrap(model.duplicate());
        int[] inputs = m.subgraph(0).inputs();
        float[][] out = new float[inputs.length][];
        Random random = new Random(seed);
        for (int i = 0; i < inputs.length; i++) {
            int[] shape = m.subgraph(0).tensor(inputs[i]).shape();
            out[i] = new float[(int) m.subgraph(0).tensor(inputs[i]).elementCount()];
            if (shape.length != 4) {
                for (int k = 0; k < out[i].length; k++) {
                    out[i][k] = random.nextFloat() * 2 - 1;
                }
                continue;
            }
            int h = shape[1];
            int w = shape[2];
            int c = shape[3];
            int grid = 9;
            float[] g = new float[grid * grid * c];
            for (int k = 0; k < g.length; k++) {
                g[k] = random.nextFloat() * 2 - 1;
            }
            for (int y = 0; y < h; y++) {
                float fy = y * (grid - 1f) / h;
                int y0 = (int) fy;
                float dy = fy - y0;
                for (int x = 0; x < w; x++) {
                    float fx = x * (grid - 1f) / w;
                    int x0 = (int) fx;
                    float dx = fx - x0;
                    for (int ch = 0; ch < c; ch++) {
                        int p00 = (y0 * grid + x0) * c + ch;
                        int p10 = p00 + grid * c;
                        float v = (1 - dy) * ((1 - dx) * g[p00] + dx * g[p00 + c])
                                + dy * ((1 - dx) * g[p10] + dx * g[p10 + c]);
                        v += (random.nextFloat() - 0.5f) * 0.1f;
                        out[i][(y * w + x) * c + ch] = Math.max(-1f, Math.min(1f, v));
                    }
                }
            }
        }
        return out;
    }
}
