package dev.jlite.tasks;

import dev.jlite.testing.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the models and photos of the task tests. Models: {@link ModelFiles}, plus the cache of
 * scripts/fetch-models.sh for pose_detection.tflite, which shared/models does not hold. Photos: ../shared/images,
 * else the cache of scripts/fetch-images.sh, fetched on first use. Missing files are errors, never skips.
 */
final class TestFiles {
    private static final Path CACHE = Paths.get(System.getProperty("user.home"), ".cache", "jlite");

    private TestFiles() {
    }

    static Path model(String name) {
        Path dir = ModelFiles.modelsDir();
        if (Files.isRegularFile(dir.resolve(name))) {
            return dir.resolve(name);
        }
        Path cached = CACHE.resolve("models").resolve(name);
        if (!Files.isRegularFile(cached)) {
            runScript("fetch-models.sh", "JLITE_MODELS_CACHE", CACHE.resolve("models"));
        }
        if (!Files.isRegularFile(cached)) {
            throw new IllegalStateException(name + " is neither in " + dir + " nor in " + cached
                    + " after scripts/fetch-models.sh");
        }
        return cached;
    }

    static Path image(String name) {
        Path root = root();
        Path shared = root.resolve("../shared/images").normalize().resolve(name);
        if (Files.isRegularFile(shared)) {
            return shared;
        }
        Path cached = CACHE.resolve("images").resolve(name);
        if (!Files.isRegularFile(cached)) {
            runScript("fetch-images.sh", "JLITE_IMAGES_CACHE", CACHE.resolve("images"));
        }
        if (!Files.isRegularFile(cached)) {
            throw new IllegalStateException(name + " is neither in ../shared/images nor in " + cached);
        }
        return cached;
    }

    /** A folder for the pictures tests write: target/task-images of this module. */
    static Path outputDir() {
        Path dir = Paths.get("target", "task-images").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/fetch-models.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the jlite repository root is not above " + Paths.get("").toAbsolutePath());
    }

    private static synchronized void runScript(String script, String cacheVariable, Path cache) {
        ProcessBuilder pb = new ProcessBuilder("bash", root().resolve("scripts").resolve(script).toString())
                .inheritIO();
        pb.environment().put(cacheVariable, cache.toString());
        try {
            int status = pb.start().waitFor();
            if (status != 0) {
                throw new IllegalStateException("scripts/" + script + " failed with exit status " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
