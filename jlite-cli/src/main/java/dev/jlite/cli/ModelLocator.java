package dev.jlite.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds model files. A path that exists is used as given; a bare file name is looked up in the model
 * directories, in this order: each directory of {@code $JLITE_MODELS} (a path list), {@code ../shared/models}
 * beside the repository root ({@code jlite.home}), and the download cache {@code ~/.cache/jlite/models}. When the
 * default model is in none of them, {@code scripts/fetch-models.sh} fills the cache.
 */
final class ModelLocator {
    /** The model {@code jlite run} uses when none is named. */
    static final String DEFAULT_MODEL = "face_detection_short_range.tflite";

    /** Runs the download script; returns normally whether or not it fetched anything. */
    interface Fetcher {
        void fetch(Path script) throws IOException, InterruptedException;
    }

    private final Map<String, String> env;
    private final Path home;
    private final Path userHome;
    private final Fetcher fetcher;

    ModelLocator(Map<String, String> env, Path home, Path userHome, Fetcher fetcher) {
        this.env = env;
        this.home = home;
        this.userHome = userHome;
        this.fetcher = fetcher;
    }

    /** The locator for this process: its environment, {@code jlite.home} and {@code user.home}. */
    static ModelLocator fromEnvironment() {
        return new ModelLocator(System.getenv(), repositoryRoot(), Path.of(System.getProperty("user.home")),
                ModelLocator::runFetchScript);
    }

    /**
     * The repository root: the {@code jlite.home} system property (the launcher sets it), else the directory three
     * levels above the jar or classes directory of this class ({@code jlite-cli/target/jlite.jar}), when that
     * holds a {@code pom.xml}; otherwise {@code null}.
     */
    static Path repositoryRoot() {
        String prop = System.getProperty("jlite.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path code = Path.of(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent() == null ? null : code.getParent().getParent();
            if (root != null && root.getParent() != null && Files.isRegularFile(root.getParent().resolve("pom.xml"))) {
                return root.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: run from an unusual class loader; the other directories still apply
        }
        return null;
    }

    /** The directories searched for a bare model name, in order (existing or not). */
    List<Path> searchDirectories() {
        List<Path> dirs = new ArrayList<>();
        String list = env.get("JLITE_MODELS");
        if (list != null) {
            for (String d : list.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        if (home != null) {
            dirs.add(home.resolve("..").resolve("shared").resolve("models").normalize());
        }
        dirs.add(cacheDirectory());
        return dirs;
    }

    Path cacheDirectory() {
        return userHome.resolve(".cache").resolve("jlite").resolve("models");
    }

    /**
     * The model file for a command's MODEL argument; {@code null} means the default model, fetched if needed.
     *
     * @throws CliException (usage) when there is no such file
     */
    Path resolve(String argument) {
        if (argument == null) {
            Path found = search(DEFAULT_MODEL);
            if (found != null) {
                return found;
            }
            fetchDefault();
            found = search(DEFAULT_MODEL);
            if (found == null) {
                throw CliException.usage("no MODEL given, and " + DEFAULT_MODEL + " is in none of "
                        + searchDirectories() + " (set JLITE_MODELS or run scripts/fetch-models.sh)");
            }
            return found;
        }
        Path p = Path.of(argument);
        if (Files.isRegularFile(p)) {
            return p;
        }
        if (Files.exists(p)) {
            throw CliException.usage("model '" + argument + "' is not a file");
        }
        if (p.getNameCount() == 1) {
            Path found = search(argument);
            if (found == null && !argument.endsWith(".tflite")) {
                found = search(argument + ".tflite");
            }
            if (found != null) {
                return found;
            }
            throw CliException.usage("model file not found: " + argument + " (not in the current directory nor in "
                    + searchDirectories() + ")");
        }
        throw CliException.usage("model file not found: " + argument);
    }

    private Path search(String name) {
        for (Path dir : searchDirectories()) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    private void fetchDefault() {
        if (home == null) {
            return;
        }
        Path script = home.resolve("scripts").resolve("fetch-models.sh");
        if (!Files.isRegularFile(script)) {
            return;
        }
        try {
            fetcher.fetch(script);
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "could not run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILURE, "interrupted while fetching models", e);
        }
    }

    /** Runs the script with its output on our stderr, so that stdout stays the command's own. */
    private static void runFetchScript(Path script) throws IOException, InterruptedException {
        System.err.println("fetching models with " + script + " ...");
        Process p = new ProcessBuilder("bash", "-c", "bash \"$0\" 1>&2", script.toString())
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int rc = p.waitFor();
        if (rc != 0) {
            System.err.println(script + " exited with status " + rc);
        }
    }
}
