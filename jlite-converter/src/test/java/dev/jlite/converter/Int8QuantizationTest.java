package dev.jlite.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.converter.tf.OrientedBars;
import dev.jlite.converter.tf.TfModels;
import dev.jlite.converter.tf.TrainedCnn;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-integer quantization of a CNN TensorFlow really trained (oriented bars, 4 classes), calibrated on 100 of its
 * training images written as .npy: the official interpreter runs the int8 file, its accuracy stays with the float
 * model's, and jlite computes the same (its int8 kernels are TensorFlow Lite's arithmetic).
 */
class Int8QuantizationTest {
    static final int TEST = 200;

    @TempDir
    static Path tmp;
    static TrainedCnn cnn;
    static Path data;

    @BeforeAll
    static void train() throws IOException {
        cnn = TfModels.trainedCnn(tmp.resolve("cnn"), 5);
        data = Files.createDirectories(tmp.resolve("calibration"));
        // 100 of the 200 calibration images keep the test quick; two files check that examples add up
        OrientedBars c = cnn.calibration();
        writeNpy(data.resolve("image_0.npy"), c.batch(0, 60), 60, OrientedBars.SIZE, OrientedBars.SIZE, 1);
        writeNpy(data.resolve("image_1.npy"), c.batch(60, 40), 40, OrientedBars.SIZE, OrientedBars.SIZE, 1);
    }

    /** A float32 .npy file (version 1, C order). */
    static void writeNpy(Path file, float[] values, int... shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().trim() + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }

    static Converter converter() {
        return Converter.fromSavedModel(cnn.model().dir()).inputShape("image", 1, OrientedBars.SIZE, OrientedBars.SIZE, 1)
                .representativeData(data);
    }

    /** Probabilities of the first TEST test images, run officially one by one. */
    static float[][] official(byte[] model, boolean int8Input, float scale, long zeroPoint) {
        ByteBuffer m = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder()).put(model);
        m.rewind();
        float[][] out = new float[TEST][];
        int pixels = OrientedBars.SIZE * OrientedBars.SIZE;
        try (OfficialInterpreter it = new OfficialInterpreter(m, 1, false)) {
            ByteBuffer in = ByteBuffer.allocateDirect(it.inputByteSize(0)).order(ByteOrder.nativeOrder());
            ByteBuffer o = ByteBuffer.allocateDirect(it.outputByteSize(1)).order(ByteOrder.nativeOrder());
            ByteBuffer logits = ByteBuffer.allocateDirect(it.outputByteSize(0)).order(ByteOrder.nativeOrder());
            for (int k = 0; k < TEST; k++) {
                float[] image = cnn.test().batch(k, 1);
                in.clear();
                for (int i = 0; i < pixels; i++) {
                    if (int8Input) {
                        in.put((byte) Math.max(-128, Math.min(127, Math.round(image[i] / scale) + zeroPoint)));
                    } else {
                        in.putFloat(image[i]);
                    }
                }
                it.run(new ByteBuffer[] {in}, new ByteBuffer[] {logits, o});
                out[k] = new float[4];
                for (int c = 0; c < 4; c++) {
                    out[k][c] = int8Input ? (o.get(c) + 128) / 256f : o.getFloat(4 * c);
                }
            }
        }
        return out;
    }

    static double accuracy(float[][] probabilities) {
        int right = 0;
        for (int k = 0; k < TEST; k++) {
            int best = 0;
            for (int c = 1; c < 4; c++) {
                if (probabilities[k][c] > probabilities[k][best]) {
                    best = c;
                }
            }
            right += best == cnn.test().labels()[k] ? 1 : 0;
        }
        return right / (double) TEST;
    }

    @Test
    void int8ModelKeepsTheFloatModelsAccuracyOfficiallyAndInJlite() {
        Converter c = converter().quantize(Quantize.INT8);
        byte[] int8 = c.convert();
        byte[] f32 = converter().convert();
        System.out.print(c.report().format());
        assertThat(c.report().opCounts().get("serving_default")).containsKeys("QUANTIZE", "DEQUANTIZE");
        assertThat(c.report().errors()).isNotEmpty();
        double floatAccuracy = accuracy(official(f32, false, 0, 0));
        float[][] q = official(int8, false, 0, 0);
        double int8Accuracy = accuracy(q);
        System.out.printf("trained CNN: TensorFlow accuracy %.3f (1000 images), float .tflite %.3f, int8 %.3f (%d)%n",
                cnn.testAccuracy(), floatAccuracy, int8Accuracy, TEST);
        assertThat(floatAccuracy).isGreaterThan(0.9);
        assertThat(int8Accuracy).isGreaterThanOrEqualTo(floatAccuracy - 0.03);
        // jlite's int8 kernels follow TensorFlow Lite's integer arithmetic: same probabilities
        ByteBuffer m = ByteBuffer.wrap(int8).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 20; k++) {
            float[] p = (float[]) JliteRunner.run(m, (Object) cnn.test().batch(k, 1))[1];
            for (int cl = 0; cl < 4; cl++) {
                assertThat(Math.abs(p[cl] - q[k][cl])).as("image %d class %d", k, cl).isLessThanOrEqualTo(1f / 256);
            }
        }
    }

    @Test
    void int8InputsAndOutputs() {
        Converter c = converter().quantize(Quantize.INT8).int8InputsOutputs(true);
        byte[] int8 = c.convert();
        dev.jlite.Model m = dev.jlite.Model.wrap(ByteBuffer.wrap(int8).order(ByteOrder.LITTLE_ENDIAN));
        var sub = m.subgraph(0);
        var input = sub.tensors().get(sub.inputs()[0]);
        assertThat(input.type()).isEqualTo(dev.jlite.DataType.INT8);
        assertThat(sub.tensors().get(sub.outputs()[1]).type()).isEqualTo(dev.jlite.DataType.INT8);
        assertThat(c.report().opCounts().get("serving_default")).doesNotContainKeys("QUANTIZE", "DEQUANTIZE");
        float scale = input.quantization().scales()[0];
        long zp = input.quantization().zeroPoints()[0];
        double acc = accuracy(official(int8, true, scale, zp));
        System.out.printf("int8 inputs and outputs: accuracy %.3f%n", acc);
        assertThat(acc).isGreaterThan(0.85);
    }
}
