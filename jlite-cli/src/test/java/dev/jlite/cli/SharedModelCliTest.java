package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jlite.DataType;
import dev.jlite.testing.Compare;
import dev.jlite.testing.ModelFiles;
import dev.jlite.testing.OfficialInterpreter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on MediaPipe's face_detection_short_range: f32[1,128,128,3] -> f32[1,896,16], f32[1,896,1]. */
class SharedModelCliTest {
    private static String model;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        model = ModelFiles.path(ModelLocator.DEFAULT_MODEL).toString();
    }

    @Test
    void inspectPrintsTheModelsInterfaceAndCost() {
        Cli.Result r = Cli.run("inspect", model, "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.keySet()).contains("inputs", "outputs", "op_histogram", "tensors", "parameter_bytes",
                "arena_bytes", "prepare_error", "macs");
        JsonObject in = o.getAsJsonArray("inputs").get(0).getAsJsonObject();
        assertThat(in.get("name").getAsString()).isEqualTo("input");
        assertThat(in.get("type").getAsString()).isEqualTo("FLOAT32");
        assertThat(in.getAsJsonArray("shape").toString()).isEqualTo("[1,128,128,3]");
        assertThat(o.getAsJsonArray("outputs").get(0).getAsJsonObject().getAsJsonArray("shape").toString())
                .isEqualTo("[1,896,16]");
        assertThat(o.getAsJsonObject("op_histogram").get("CONV_2D").getAsInt()).isEqualTo(21);
        assertThat(o.getAsJsonObject("op_histogram").get("DEPTHWISE_CONV_2D").getAsInt()).isEqualTo(16);
        assertThat(o.get("operators").getAsInt()).isEqualTo(164);
        assertThat(o.get("tensors").getAsInt()).isEqualTo(250);
        assertThat(o.get("parameter_bytes").getAsLong()).isPositive().isLessThan(o.get("size_bytes").getAsLong());
        // either it was prepared and has an arena, or it says why not
        assertThat(o.get("arena_bytes").isJsonNull()).isEqualTo(!o.get("prepare_error").isJsonNull());
        // the first layer alone: 64x64x24 outputs of a 5x5x3 convolution
        assertThat(o.get("macs").getAsLong()).isGreaterThan(64L * 64 * 24 * 5 * 5 * 3);

        Cli.Result text = Cli.run("inspect", model);
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("input", "[1, 128, 128, 3]", "CONV_2D", "estimated MACs");
    }

    @Test
    void inspectPlansTheArenaWithTheRealKernels() {
        JsonObject o = JsonParser.parseString(Cli.run("inspect", model, "--json").out()).getAsJsonObject();
        assertThat(o.get("prepare_error").isJsonNull()).as(String.valueOf(o.get("prepare_error"))).isTrue();
        assertThat(o.get("shapes").getAsString()).isEqualTo("prepared");
        // at least the input and both outputs live in the arena
        assertThat(o.get("arena_bytes").getAsLong()).isGreaterThan((128 * 128 * 3 + 896 * 17) * 4L);
    }

    @Test
    void runWritesWhatTheOfficialInterpreterComputes() throws IOException {
        float[] image = new float[128 * 128 * 3];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        ByteBuffer data = ByteBuffer.allocate(image.length * 4).order(java.nio.ByteOrder.nativeOrder());
        data.asFloatBuffer().put(image);
        Path in = dir.resolve("image.npy");
        NpyFormat.write(in, new NpyArray(DataType.FLOAT32, new int[] {1, 128, 128, 3}, data));
        Path out = dir.resolve("out");

        Cli.Result r = Cli.run("run", model, "--input", in.toString(), "--output-dir", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("output 0 'regressors' FLOAT32 [1, 896, 16]",
                "output 1 'classificators' FLOAT32 [1, 896, 1]");

        Object[] expected = OfficialInterpreter.run(ModelFiles.load(ModelLocator.DEFAULT_MODEL), false, image);
        for (int i = 0; i < 2; i++) {
            NpyArray a = NpyFormat.read(out.resolve("output_" + i + ".npy"));
            float[] actual = new float[(int) a.elementCount()];
            a.data().asFloatBuffer().get(actual);
            assertThat(Compare.maxRelativeError(actual, (float[]) expected[i])).as("output " + i).isLessThan(1e-4);
        }
    }

    @Test
    void benchMeasuresTheModel() {
        Cli.Result r = Cli.run("bench", model, "--json", "--runs", "3", "--warmup", "1");
        assertThat(r.status()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.keySet()).containsExactly("init_ms", "first_run_ms", "median_ms", "mean_ms", "min_ms",
                "p90_ms", "arena_bytes", "threads", "runs");
        JsonObject inspect = JsonParser.parseString(Cli.run("inspect", model, "--json").out()).getAsJsonObject();
        assertThat(o.get("arena_bytes").getAsLong()).isEqualTo(inspect.get("arena_bytes").getAsLong());
        assertThat(o.get("median_ms").getAsDouble()).isPositive();
    }

    @Test
    void benchComparesWithTheOfficialInterpreterWhenItIsOnTheClassPath() {
        // The test class path has jlite-testing, as the launcher's has the jlite-bench jar.
        Cli.Result r = Cli.run("bench", model, "--runs", "5", "--warmup", "1", "--compare-tflite");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("side by side, 1 thread, 5 runs each")
                .containsPattern("TFLite XNNPACK +median +[0-9.]+ ms +jlite / this = [0-9.]+x")
                .containsPattern("TFLite builtin +median +[0-9.]+ ms");
    }

    @Test
    void runReportsAMissingInputFileInOneLine() {
        Path missing = dir.resolve("nope.npy");
        Cli.Result r = Cli.run("run", model, "--input", missing.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .isEqualTo("input 0 'input': file not found: " + missing);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void runReportsAShapeMismatchInOneLine() throws IOException {
        Path f = dir.resolve("small.npy");
        NpyFormat.write(f, new NpyArray(DataType.FLOAT32, new int[] {1, 64, 64, 3}, ByteBuffer.allocate(64 * 64 * 12)));
        Cli.Result r = Cli.run("run", model, "--input", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .isEqualTo("input 0 'input': " + f + " has shape [1, 64, 64, 3], the model wants [1, 128, 128, 3]");
    }

    @Test
    void runReportsATypeMismatchAndAWrongNumberOfInputs() throws IOException {
        Path f = dir.resolve("ints.npy");
        NpyFormat.write(f, new NpyArray(DataType.INT32, new int[] {1, 128, 128, 3},
                ByteBuffer.allocate(128 * 128 * 12)));
        Cli.Result r = Cli.run("run", model, "--input", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("input 0 'input': " + f + " holds int32, the model wants FLOAT32 "
                + "(float32)");

        Cli.Result two = Cli.run("run", model, "--input", f.toString(), "--input", f.toString());
        assertThat(two.status()).isEqualTo(2);
        assertThat(two.err().strip()).startsWith("got 2 --input files, but the model has 1 input: 'input'");
    }

    @Test
    void runRejectsAFileThatIsNotNpy() throws IOException {
        Path f = java.nio.file.Files.writeString(dir.resolve("x.npy"), "not numpy");
        Cli.Result r = Cli.run("run", model, "--input", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("input 0 'input': " + f + ": not a .npy file (no \\x93NUMPY magic)");
    }
}
