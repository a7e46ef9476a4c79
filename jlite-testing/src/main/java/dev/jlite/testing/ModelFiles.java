package dev.jlite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Locates the real MediaPipe models that tests and benchmarks run (listed in {@code shared/models/MODELS.md}).
 *
 * <p>Search order: the folder named by the environment variable {@code JLITE_MODELS}; else
 * {@code <repository root>/../shared/models} when it holds all the models; else the cache
 * {@code ~/.cache/jlite/models}, filled once by {@code <repository root>/scripts/fetch-models.sh} when files are
 * missing there. A missing model is an error, never a reason to skip a test.
 */
public final class ModelFiles {

    /** The .tflite files of MODELS.md. */
    public static final List<String> ALL = List.of(
            "face_detection_short_range.tflite",
            "face_detection_full_range.tflite",
            "hand_landmark_lite.tflite",
            "hand_landmark_full.tflite",
            "pose_landmark_lite.tflite",
            "pose_landmark_full.tflite",
            "selfie_segmentation.tflite",
            "object_detection_3d_camera.tflite",
            "object_detection_ssd_mobilenetv2_oidv4_fp16.tflite",
            "palm_detection_lite.tflite",
            "face_landmark.tflite");

    private static final String ENV_MODELS = "JLITE_MODELS";
    private static final String PARENT_ARTIFACT = "<artifactId>jlite-parent</artifactId>";

    private static Path modelsDir;
    private static RuntimeException locateFailure;

    private ModelFiles() {
    }

    /** The folder the models are taken from (found, and if need be fetched, on first use). */
    public static synchronized Path modelsDir() {
        // A failed search (or fetch) is remembered so that the fetch script runs at most once per JVM.
        if (modelsDir == null && locateFailure == null) {
            try {
                modelsDir = locate();
            } catch (RuntimeException e) {
                locateFailure = e;
            }
        }
        if (locateFailure != null) {
            throw new IllegalStateException("models not available: " + locateFailure.getMessage(), locateFailure);
        }
        return modelsDir;
    }

    /**
     * The path of a model file.
     *
     * @throws IllegalStateException when the file is not there, saying where it was looked for and how to get it
     */
    public static Path path(String fileName) {
        Path dir = modelsDir();
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model file " + fileName + " not found in " + dir
                    + ": set " + ENV_MODELS + " to a folder holding the models of MODELS.md, or run"
                    + " scripts/fetch-models.sh (needs npm and network access)");
        }
        return file;
    }

    /** The bytes of a model file in a little-endian heap buffer. */
    public static ByteBuffer load(String fileName) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(path(fileName))).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("reading model " + fileName, e);
        }
    }

    private static Path locate() {
        String env = System.getenv(ENV_MODELS);
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath();
        }
        Path root = repositoryRoot();
        if (root != null) {
            Path shared = root.resolve("../shared/models").normalize();
            if (holdsAll(shared)) {
                return shared;
            }
        }
        Path cache = Paths.get(System.getProperty("user.home"), ".cache", "jlite", "models");
        if (!holdsAll(cache)) {
            fetchInto(root, cache);
        }
        return cache;
    }

    /**
     * The nearest folder at or above the working directory whose pom.xml is the jlite parent pom (the one listing
     * the modules, not a module pom that merely names it as parent), or null.
     */
    static Path repositoryRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && isParentPom(Files.readString(pom))) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + pom, e);
            }
        }
        return null;
    }

    private static boolean isParentPom(String pom) {
        int parentEnd = pom.indexOf("</parent>");
        return pom.indexOf(PARENT_ARTIFACT, parentEnd < 0 ? 0 : parentEnd) >= 0 && pom.contains("<modules>");
    }

    private static boolean holdsAll(Path dir) {
        return ALL.stream().allMatch(name -> Files.isRegularFile(dir.resolve(name)));
    }

    private static void fetchInto(Path root, Path cache) {
        if (root == null) {
            throw new IllegalStateException("models not found in " + cache + " and the jlite repository root (for"
                    + " scripts/fetch-models.sh) is not above " + Paths.get("").toAbsolutePath()
                    + "; set " + ENV_MODELS);
        }
        Path script = root.resolve("scripts/fetch-models.sh");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).inheritIO();
        builder.environment().put("JLITE_MODELS_CACHE", cache.toString());
        try {
            int status = builder.start().waitFor();
            if (status != 0) {
                throw new IllegalStateException(script + " failed with exit status " + status
                        + " while fetching the models into " + cache);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }
}
