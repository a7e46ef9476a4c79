package dev.jlite.cli;

import dev.jlite.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** What {@code jlite inspect --json} reports about a model, for tools that run in the same JVM (jlite-bench). */
public final class Inspection {
    private Inspection() {}

    /**
     * The inspect report of a model file with jlite's builtin kernels: keys as in {@code jlite inspect --json}
     * ({@code macs}, {@code arena_bytes}, {@code scratch_bytes}, {@code live_tensor_peak_bytes}, ...).
     */
    public static Map<String, Object> of(Path file) throws IOException {
        return InspectCommand.report(file, Model.open(file), Models.kernels());
    }
}
