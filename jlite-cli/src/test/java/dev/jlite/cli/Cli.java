package dev.jlite.cli;

import dev.jlite.kernel.OpResolver;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the jlite command in-process and captures what it prints. */
final class Cli {
    /** Exit status and the text of stdout and stderr. */
    record Result(int status, String out, String err) {}

    private Cli() {}

    /** With this build's kernels. */
    static Result run(String... args) {
        return run(Models.kernels(), args);
    }

    /** With the given kernels. */
    static Result run(OpResolver kernels, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new Main(ModelLocator.fromEnvironment(), () -> kernels), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }
}
