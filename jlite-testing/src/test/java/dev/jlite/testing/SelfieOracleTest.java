package dev.jlite.testing;

import static dev.jlite.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.Model;

class SelfieOracleTest {

    private static final int SAME = 1;
    private static final int VALID = 2;

    @Test
    void rewrittenSelfieSegmentationRunsInTheOfficialInterpreter() {
        ByteBuffer rewritten = SelfieOracle.replaceCustomTransposeConv(ModelFiles.load("selfie_segmentation.tflite"));
        Model model = Model.getRootAsModel(rewritten.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        for (int i = 0; i < model.operatorCodesLength(); i++) {
            assertThat(model.operatorCodes(i).customCode()).isNull();
        }

        float[] image = portrait();
        float[] builtin;
        try (OfficialInterpreter official = new OfficialInterpreter(rewritten, 1, false)) {
            assertThat(official.outputShape(0)).containsExactly(1, 256, 256, 1);
            ByteBuffer in = direct(official.inputByteSize(0));
            in.asFloatBuffer().put(image);
            ByteBuffer out = direct(official.outputByteSize(0));
            official.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            builtin = new float[256 * 256];
            out.asFloatBuffer().get(builtin);
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : builtin) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0);
        assertThat(max).isLessThanOrEqualTo(1);
        // Random noise gives an all-background mask (max ~1e-7); the cartoon portrait gives a real one (max ~0.5).
        assertThat(max - min).as("a mask, not a constant").isGreaterThan(0.2f);

        float[] xnnpack = (float[]) OfficialInterpreter.run(rewritten, true, (Object) image)[0];
        Compare.assertClose("selfie mask, XNNPACK vs builtin", xnnpack, builtin, 1e-3);
    }

    /** Small models of the custom op, rewritten, against a transcription of MediaPipe's kernel loop. */
    @ParameterizedTest
    @CsvSource({
        // inH, inW, inC, outC, kH, kW, padding, strideW, strideH
        "3, 3, 2, 2, 3, 3, 1, 2, 2", // SAME with leading padding 1
        "4, 3, 3, 2, 4, 2, 1, 2, 2",
        "4, 4, 2, 3, 3, 3, 1, 2, 2", // SAME with padding 1 that only trims the end
        "3, 5, 1, 2, 2, 3, 2, 2, 1", // VALID, different strides
        "5, 4, 3, 1, 3, 3, 2, 1, 1",
        "2, 2, 16, 1, 2, 2, 1, 2, 2", // the selfie op's geometry, smaller
    })
    void rewriteComputesMediaPipesTransposeConvBias(int inH, int inW, int inC, int outC, int kH, int kW, int padding,
            int strideW, int strideH) {
        float[] input = random(inH * inW * inC, 1, -1, 1);
        float[] weights = random(outC * kH * kW * inC, 2, -1, 1);
        float[] bias = random(outC, 3, -1, 1);
        int[] outShape = SelfieOracle.outputShape(new int[] {1, inH, inW, inC}, new int[] {outC, kH, kW, inC},
                padding, strideW, strideH);
        OpModelBuilder b = OpModelBuilder.custom(SelfieOracle.CUSTOM_OP, options(padding, strideW, strideH));
        b.input(FLOAT32, 1, inH, inW, inC);
        b.constant(FLOAT32, new int[] {outC, kH, kW, inC}, weights);
        b.constant(FLOAT32, new int[] {outC}, bias);
        b.output(FLOAT32, outShape);
        ByteBuffer rewritten = SelfieOracle.replaceCustomTransposeConv(b.build());

        float[] expected = mediapipeTransposeConvBias(input, inH, inW, inC, weights, kH, kW, bias, outShape, padding,
                strideW, strideH);
        for (boolean xnnpack : new boolean[] {false, true}) {
            Object[] out = OfficialInterpreter.run(rewritten, xnnpack, (Object) input);
            Compare.assertClose("xnnpack=" + xnnpack, (float[]) out[0], expected, 1e-6);
        }
    }

    @Test
    void rejectsModelsWithoutTheCustomOpOrWithBadOptions() {
        assertThatThrownBy(() -> SelfieOracle.replaceCustomTransposeConv(
                ModelFiles.load("face_detection_short_range.tflite")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no " + SelfieOracle.CUSTOM_OP);

        OpModelBuilder b = OpModelBuilder.custom(SelfieOracle.CUSTOM_OP, options(0, 2, 2));
        b.input(FLOAT32, 1, 2, 2, 1);
        b.constant(FLOAT32, new int[] {1, 2, 2, 1}, new float[4]);
        b.constant(FLOAT32, new int[] {1}, new float[1]);
        b.output(FLOAT32, 1, 4, 4, 1);
        assertThatThrownBy(() -> SelfieOracle.replaceCustomTransposeConv(b.build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("padding=0");
    }

    /** MediaPipe's Convolution2DTransposeBias: bias, then every input pixel scattered through the OHWI filter. */
    private static float[] mediapipeTransposeConvBias(float[] input, int inH, int inW, int inC, float[] weights,
            int kH, int kW, float[] bias, int[] outShape, int padding, int strideW, int strideH) {
        int outH = outShape[1];
        int outW = outShape[2];
        int outC = outShape[3];
        int padH = padding == SAME ? Math.max(0, kH - (inH - 1) % strideH - 1) / 2 : 0;
        int padW = padding == SAME ? Math.max(0, kW - (inW - 1) % strideW - 1) / 2 : 0;
        float[] out = new float[outH * outW * outC];
        for (int i = 0; i < out.length; i++) {
            out[i] = bias[i % outC];
        }
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < inW; x++) {
                for (int c = 0; c < inC; c++) {
                    for (int fy = 0; fy < kH; fy++) {
                        for (int fx = 0; fx < kW; fx++) {
                            int oy = y * strideH - padH + fy;
                            int ox = x * strideW - padW + fx;
                            if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) {
                                continue;
                            }
                            for (int o = 0; o < outC; o++) {
                                out[(oy * outW + ox) * outC + o] += input[(y * inW + x) * inC + c]
                                        * weights[((o * kH + fy) * kW + fx) * inC + c];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A crude 256x256 RGB portrait in [0, 1]: a skin-coloured head over dark shoulders on a light background. */
    private static float[] portrait() {
        float[] skin = {0.85f, 0.65f, 0.55f};
        float[] image = new float[256 * 256 * 3];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                boolean head = Math.hypot(x - 128, (y - 110) * 0.8) < 70;
                boolean shoulders = y > 180 && Math.abs(x - 128) < 100;
                for (int c = 0; c < 3; c++) {
                    image[(y * 256 + x) * 3 + c] = head ? skin[c] : shoulders ? 0.2f : 0.9f;
                }
            }
        }
        return image;
    }

    private static byte[] options(int padding, int strideW, int strideH) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(padding).putInt(strideW).putInt(strideH);
        return b.array();
    }

    private static float[] random(int n, long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
