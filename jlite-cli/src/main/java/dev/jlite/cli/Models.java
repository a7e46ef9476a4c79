package dev.jlite.cli;

import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.kernel.OpResolver;
import dev.jlite.ops.BuiltinOpResolver;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening models and making interpreters the way every command does. */
final class Models {
    private Models() {}

    /**
     * Opens and validates a model file. A malformed model throws the core's {@code ModelFormatException}, whose
     * message the CLI prints as is.
     */
    static Model open(Path file) {
        try {
            return Model.open(file);
        } catch (NoSuchFileException e) {
            throw CliException.usage("model file not found: " + file);
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The kernels of this build: every builtin and custom kernel of jlite-ops. */
    static OpResolver kernels() {
        return new BuiltinOpResolver();
    }

    static Interpreter interpreter(Model model, int threads, boolean simd, OpResolver resolver) {
        if (threads < 1) {
            throw CliException.usage("--threads must be at least 1, got " + threads);
        }
        return new Interpreter(model, new Interpreter.Options().setNumThreads(threads).setUseSimd(simd)
                .setOpResolver(resolver));
    }
}
