package dev.jlite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the jlite command in-process and captures what it prints. */
final class Cli {
    /** Exit status and the text of stdout and stderr. */
    record Result(int status, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        return run(ModelLocator.fromEnvironment(), args);
    }

    static Result run(ModelLocator locator, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new Main(locator), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }
}
