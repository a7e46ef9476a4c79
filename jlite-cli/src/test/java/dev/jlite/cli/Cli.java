package dev.jlite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the jlite command in-process, with this build's kernels, and captures what it prints. */
final class Cli {
    /** Exit status and the text of stdout and stderr. */
    record Result(int status, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new Main(ModelLocator.fromEnvironment(), Models::kernels), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }
}
