package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors, help, and the error format, independent of any kernel. */
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void usageErrorsAreOneLineWithStatus2() {
        for (String[] args : new String[][] {{}, {"frobnicate"}, {"bench"}, {"bench", "m.tflite", "--bogus"},
                {"run", "--threads", "zero"}}) {
            Cli.Result r = Cli.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("jlite").doesNotContain("\n");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void badNumbersAreUsageErrors() {
        Path model = ModelLocator.fromEnvironment().resolve(ModelLocator.DEFAULT_MODEL);
        Cli.Result r = Cli.run("bench", model.toString(), "--runs", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--runs must be at least 1, got 0");
        Cli.Result t = Cli.run("run", model.toString(), "--threads", "0");
        assertThat(t.status()).isEqualTo(2);
        assertThat(t.err().strip()).isEqualTo("--threads must be at least 1, got 0");
    }

    @Test
    void aMissingModelIsAUsageError() {
        Cli.Result r = Cli.run("inspect", dir.resolve("none.tflite").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("model file not found: " + dir.resolve("none.tflite"));
    }

    @Test
    void aMalformedModelPrintsTheModelFormatMessageAsIsWithStatus1() throws IOException {
        Path bad = Files.write(dir.resolve("bad.tflite"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Cli.Result r = Cli.run("inspect", bad.toString());
        assertThat(r.status()).isEqualTo(1);
        String line = r.err().strip();
        assertThat(line).startsWith("bad.tflite: ").doesNotContain("\n").doesNotContain("Exception");

        Cli.Result verbose = Cli.run("inspect", bad.toString(), "--verbose");
        assertThat(verbose.status()).isEqualTo(1);
        assertThat(verbose.err()).startsWith(line).contains("ModelFormatException", "\tat ");
    }

    @Test
    void helpAndVersionSucceed() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("inspect", "run", "bench", "ops", "Exit status");
        Cli.Result runHelp = Cli.run("run", "--help");
        assertThat(runHelp.status()).isZero();
        assertThat(runHelp.out()).contains("--input", "--random-input", "--output-dir", "--threads", "--no-simd");
        Cli.Result version = Cli.run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("jlite ");
    }

    @Test
    void opsListsTheRegisteredKernels() {
        Cli.Result r = Cli.run("ops", "--json");
        assertThat(r.status()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.keySet()).containsExactly("builtin", "custom");
        int registered = Models.kernels().registrations().size();
        assertThat(o.getAsJsonArray("builtin").size() + o.getAsJsonArray("custom").size()).isEqualTo(registered);
        o.getAsJsonArray("builtin").forEach(e -> assertThat(e.getAsJsonObject().keySet())
                .containsExactly("name", "code", "min_version", "max_version", "types"));
        Cli.Result text = Cli.run("ops");
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("builtin operators (", "custom operators (");
    }
}
