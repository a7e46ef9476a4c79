package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.testing.JliteRunner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlite convert} on the SavedModels written by real TensorFlow releases. */
class ConvertCommandTest {
    static final Path DIR = Path.of(System.getProperty("jlite.savedmodels", "/work/shared/savedmodels"));

    @TempDir
    Path tmp;

    @Test
    void convertsTf2SignaturesWithShapesAndReport() throws Exception {
        Path out = tmp.resolve("add.tflite");
        Cli.Result r = Cli.run("convert", DIR.resolve("python_tf2_signatures").toString(), "-o", out.toString(),
                "--signature", "add", "--input-shape", "a=3", "--input-shape", "b=3", "--report");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("identity-removal", "operators of 'add': ADD=1", "wrote " + out);
        ByteBuffer model = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        float[] y = (float[]) JliteRunner.run(model, new float[] {1, 2, 3}, new float[] {10, 20, 30})[0];
        assertThat(y).containsExactly(11, 22, 33);
    }

    @Test
    void unmappableOpsAreListedAndNothingIsWritten() {
        Path out = tmp.resolve("never.tflite");
        Cli.Result r = Cli.run("convert", DIR.resolve("tf1_half_plus_two").toString(), "-o", out.toString(),
                "--signature", "regress_x_to_y", "--input-shape", "inputs=1");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("node 'ParseExample/ParseExample' (op ParseExample): no TensorFlow Lite mapping");
        assertThat(out).doesNotExist();
    }

    @Test
    void badShapeIsAUsageError() {
        Cli.Result r = Cli.run("convert", DIR.resolve("tf1_half_plus_two").toString(), "-o",
                tmp.resolve("x.tflite").toString(), "--input-shape", "x");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--input-shape wants NAME=D1,D2,...");
    }

    @Test
    void float16WithRepresentativeDataReportsTheErrorPerOutput() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * 4 * 2).order(java.nio.ByteOrder.nativeOrder());
        for (float f : new float[] {1, 2, 3, 4, -1, 0.5f, 7, 100}) {
            b.putFloat(f);
        }
        b.flip();
        NpyFormat.write(data.resolve("x_batch.npy"), new NpyArray(dev.jlite.DataType.FLOAT32, new int[] {2, 4, 1}, b));
        Path out = tmp.resolve("half.tflite");
        Cli.Result r = Cli.run("convert", DIR.resolve("tf1_half_plus_two").toString(), "-o", out.toString(),
                "--input-shape", "x=4,1", "--quantize", "float16", "--representative-data", data.toString(),
                "--report");
        assertThat(r.status()).as(r.err()).isZero();
        // a = 0.5 and b = 2 are exact in float16: no error
        assertThat(r.out()).contains("float16-quantization", "DEQUANTIZE=2",
                "error of 'serving_default' output 'y': max |diff| 0.00 over range 50.5");
        ByteBuffer model = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        float[] y = (float[]) JliteRunner.run(model, (Object) new float[] {0, 1, 2, 4})[0];
        assertThat(y).containsExactly(2, 2.5f, 3, 4);
    }

    @Test
    void int8WithoutRepresentativeDataIsRefused() {
        Cli.Result r = Cli.run("convert", DIR.resolve("tf1_half_plus_two").toString(), "-o",
                tmp.resolve("q.tflite").toString(), "--quantize", "int8");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("int8 quantization needs representative data");
    }
}
