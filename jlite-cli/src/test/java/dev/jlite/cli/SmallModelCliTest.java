package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jlite.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every subcommand on single-operator models built with OpModelBuilder. */
class SmallModelCliTest {
    private static final int N = 8 * 8 * 3;

    @TempDir
    Path dir;

    private static Cli.Result cli(String... args) {
        return Cli.run(args);
    }

    private static JsonObject json(Cli.Result r) {
        assertThat(r.status()).as(r.err()).isZero();
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    @Test
    void inspectEstimatesMultiplyAccumulatesPerOperatorKind() throws IOException {
        assertThat(json(cli("inspect", SmallModels.conv(dir).toString(), "--json")).get("macs").getAsLong())
                .isEqualTo(8 * 8 * 4 * 3 * 3 * 3);
        assertThat(json(cli("inspect", SmallModels.depthwise(dir).toString(), "--json")).get("macs").getAsLong())
                .isEqualTo(8 * 8 * 4 * 3 * 3);
        assertThat(json(cli("inspect", SmallModels.fullyConnected(dir).toString(), "--json")).get("macs")
                .getAsLong()).isEqualTo(2 * 3 * 5);
        assertThat(json(cli("inspect", SmallModels.transposeConv(dir).toString(), "--json")).get("macs")
                .getAsLong()).isEqualTo(4 * 4 * 4 * 3 * 3 * 2);
        JsonObject custom = json(cli("inspect", SmallModels.transposeConvBias(dir).toString(), "--json"));
        assertThat(custom.get("macs").getAsLong()).isEqualTo(4 * 4 * 4 * 3 * 3 * 2);
        assertThat(custom.getAsJsonObject("op_histogram").get(MacCounter.TRANSPOSE_CONV_BIAS).getAsInt())
                .isEqualTo(1);
        assertThat(json(cli("inspect", SmallModels.add(dir).toString(), "--json")).get("macs").getAsLong()).isZero();
    }

    @Test
    void inspectReportsSizesAndTheArena() throws IOException {
        JsonObject o = json(cli("inspect", SmallModels.conv(dir).toString(), "--json"));
        assertThat(o.get("tensors").getAsInt()).isEqualTo(4);
        assertThat(o.get("operators").getAsInt()).isEqualTo(1);
        assertThat(o.get("parameter_bytes").getAsLong()).isEqualTo((4 * 27 + 4) * 4);
        assertThat(o.getAsJsonObject("op_histogram").get("CONV_2D").getAsInt()).isEqualTo(1);

        JsonObject add = json(cli("inspect", SmallModels.add(dir).toString(), "--json"));
        assertThat(add.get("prepare_error").isJsonNull()).isTrue();
        // two inputs and the output, all live at once: 3 * 192 floats
        assertThat(add.get("arena_bytes").getAsLong()).isEqualTo(3L * N * 4);
        assertThat(add.get("shapes").getAsString()).isEqualTo("prepared");
    }

    @Test
    void runReadsNpyInputsAndWritesNpyOutputs() throws IOException {
        Path model = SmallModels.add(dir);
        float[] a = new float[N];
        float[] b = new float[N];
        for (int i = 0; i < N; i++) {
            a[i] = i * 0.5f;
            b[i] = 100 - i;
        }
        Path fa = write("a.npy", a);
        Path fb = write("b.npy", b);
        Path out = dir.resolve("out");
        Cli.Result r = cli("run", model.toString(), "--input", fa.toString(), "--input", fb.toString(),
                "--output-dir", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("input 0 'input_0' FLOAT32 [1, 8, 8, 3] <- " + fa,
                "output 0 'output_2' FLOAT32 [1, 8, 8, 3]: [100.0, 99.5, 99.0,", "latency: ", "wrote ");

        NpyArray result = NpyFormat.read(out.resolve("output_0.npy"));
        assertThat(result.type()).isEqualTo(DataType.FLOAT32);
        assertThat(result.shape()).containsExactly(1, 8, 8, 3);
        for (int i = 0; i < N; i++) {
            assertThat(result.valueAt(i)).isEqualTo(a[i] + b[i]);
        }
    }

    @Test
    void randomInputIsReproducibleFromItsSeed() throws IOException {
        Path model = SmallModels.add(dir);
        List<byte[]> outputs = new java.util.ArrayList<>();
        for (String[] seed : new String[][] {{}, {"--random-input", "0"}, {"--random-input", "7"}}) {
            Path out = dir.resolve("out" + outputs.size());
            String[] args = concat(new String[] {"run", model.toString(), "--output-dir", out.toString()}, seed);
            Cli.Result r = cli(args);
            assertThat(r.status()).as(r.err()).isZero();
            NpyArray sum = NpyFormat.read(out.resolve("output_0.npy"));
            for (int i = 0; i < N; i++) {
                assertThat(sum.valueAt(i)).isBetween(0.0, 2.0); // two uniform [0, 1) inputs
            }
            outputs.add(Files.readAllBytes(out.resolve("output_0.npy")));
        }
        assertThat(outputs.get(1)).isEqualTo(outputs.get(0));
        assertThat(outputs.get(2)).isNotEqualTo(outputs.get(0));
    }

    @Test
    void runNamesTheMissingInput() throws IOException {
        Path model = SmallModels.add(dir);
        Path fa = write("a.npy", new float[N]);
        Cli.Result r = cli("run", model.toString(), "--input", fa.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("missing input 1 'input_1' FLOAT32[1, 8, 8, 3]: give one --input "
                + "FILE.npy per model input (2)");
        Cli.Result both = cli("run", model.toString(), "--input", fa.toString(), "--random-input", "3");
        assertThat(both.status()).isEqualTo(2);
    }

    @Test
    void benchJsonHasExactlyTheContractKeys() throws IOException {
        Cli.Result r = cli("bench", SmallModels.add(dir).toString(), "--json", "--runs", "5", "--warmup", "2");
        JsonObject o = json(r);
        assertThat(r.out().strip()).doesNotContain("\n");
        assertThat(o.keySet()).containsExactly("init_ms", "first_run_ms", "median_ms", "mean_ms", "min_ms",
                "p90_ms", "arena_bytes", "threads", "runs");
        assertThat(o.get("runs").getAsInt()).isEqualTo(5);
        assertThat(o.get("threads").getAsInt()).isEqualTo(1);
        assertThat(o.get("arena_bytes").getAsLong()).isEqualTo(3L * N * 4);
        double min = o.get("min_ms").getAsDouble();
        assertThat(min).isPositive();
        assertThat(o.get("median_ms").getAsDouble()).isGreaterThanOrEqualTo(min)
                .isLessThanOrEqualTo(o.get("p90_ms").getAsDouble());
        assertThat(o.get("mean_ms").getAsDouble()).isGreaterThanOrEqualTo(min);
        assertThat(o.get("init_ms").getAsDouble()).isPositive();
    }

    @Test
    void benchProfilesOperators() throws IOException {
        Path model = SmallModels.add(dir);
        Cli.Result text = cli("bench", model.toString(), "--profile", "--runs", "3", "--warmup", "0",
                "--threads", "2", "--no-simd");
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).contains("2 threads, SIMD off", "median", "p90", "arena: 2,304 bytes", "Run Order",
                "Top by Computation Time", "Summary by node type", "ADD", "[output_2]");

        Cli.Result json = cli("bench", model.toString(), "--profile", "--json", "--runs", "3");
        assertThat(json.status()).isZero();
        assertThat(JsonParser.parseString(json.out()).isJsonObject()).isTrue();
        assertThat(json.err()).contains("Run Order", "ADD");
    }

    private Path write(String name, float[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(data);
        Path f = dir.resolve(name);
        NpyFormat.write(f, new NpyArray(DataType.FLOAT32, new int[] {1, 8, 8, 3}, b));
        return f;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
