package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {
    @TempDir
    Path tmp;

    private final List<Path> fetched = new ArrayList<>();

    private Path repo() throws IOException {
        return Files.createDirectories(tmp.resolve("work/repo"));
    }

    private Path shared() throws IOException {
        return Files.createDirectories(tmp.resolve("work/shared/models"));
    }

    private Path cache() throws IOException {
        return Files.createDirectories(tmp.resolve("home/.cache/jlite/models"));
    }

    private ModelLocator locator(Map<String, String> env) throws IOException {
        return new ModelLocator(env, repo(), tmp.resolve("home"), script -> fetched.add(script));
    }

    private static Path touch(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[] {1});
    }

    @Test
    void searchesJliteModelsThenSharedThenTheCache() throws IOException {
        Path env = Files.createDirectories(tmp.resolve("env"));
        Path inCache = touch(cache(), ModelLocator.DEFAULT_MODEL);
        assertThat(locator(Map.of()).resolve(null)).isEqualTo(inCache);
        Path inShared = touch(shared(), ModelLocator.DEFAULT_MODEL);
        assertThat(locator(Map.of()).resolve(null)).isEqualTo(inShared);
        Path inEnv = touch(env, ModelLocator.DEFAULT_MODEL);
        assertThat(locator(Map.of("JLITE_MODELS", env.toString())).resolve(null)).isEqualTo(inEnv);
        assertThat(fetched).isEmpty();
    }

    @Test
    void findsBareNamesWithOrWithoutTheExtensionAndPathsAsGiven() throws IOException {
        Path pose = touch(shared(), "pose_landmark_lite.tflite");
        assertThat(locator(Map.of()).resolve("pose_landmark_lite.tflite")).isEqualTo(pose);
        assertThat(locator(Map.of()).resolve("pose_landmark_lite")).isEqualTo(pose);
        Path local = touch(Files.createDirectories(tmp.resolve("elsewhere")), "m.tflite");
        assertThat(locator(Map.of()).resolve(local.toString())).isEqualTo(local);
    }

    @Test
    void fetchesTheDefaultModelIntoTheCacheWhenItIsNowhere() throws IOException {
        Path script = touch(Files.createDirectories(repo().resolve("scripts")), "fetch-models.sh");
        Path cache = cache();
        ModelLocator locator = new ModelLocator(Map.of(), repo(), tmp.resolve("home"), s -> {
            fetched.add(s);
            touch(cache, ModelLocator.DEFAULT_MODEL);
        });
        assertThat(locator.resolve(null)).isEqualTo(cache.resolve(ModelLocator.DEFAULT_MODEL));
        assertThat(fetched).containsExactly(script);
    }

    @Test
    void aMissingModelIsAUsageError() throws IOException {
        ModelLocator locator = locator(Map.of());
        assertThatThrownBy(() -> locator.resolve("nope.tflite"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("model file not found: nope.tflite");
        assertThatThrownBy(() -> locator.resolve(null))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining(ModelLocator.DEFAULT_MODEL);
        assertThat(fetched).as("no fetch script in this repository").isEmpty();
    }
}
