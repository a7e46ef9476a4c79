package dev.jlite.cli;

import dev.jlite.ModelFormatException;
import dev.jlite.kernel.OpResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jlite} command. Every error is one line on stderr (a stack trace only with {@code --verbose}) and a
 * non-zero exit status: {@value CliException#USAGE} for a bad command line or input, {@value CliException#FAILURE}
 * otherwise. Messages of {@link ModelFormatException} are printed as they are.
 */
@Command(name = "jlite", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "TensorFlow Lite models on the JVM: inspect, run and benchmark them, and run vision tasks on "
                + "images with MediaPipe's models; convert TensorFlow models.",
        subcommands = {InspectCommand.class, RunCommand.class, BenchCommand.class, OpsCommand.class,
                DetectCommand.class, LandmarksCommand.class, SegmentCommand.class, ConvertCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 on success, 1 on failure (a malformed or unsupported model included), 2 on a "
                + "usage or input error."})
public final class Main implements Callable<Integer> {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    private boolean verbose;

    private final ModelLocator locator;
    private final Supplier<OpResolver> kernels;

    /** The command as the launcher runs it: models found through the environment, jlite-ops' kernels. */
    public Main() {
        this(ModelLocator.fromEnvironment(), Models::kernels);
    }

    Main(ModelLocator locator, Supplier<OpResolver> kernels) {
        this.locator = locator;
        this.kernels = kernels;
    }

    ModelLocator locator() {
        return locator;
    }

    /** The kernels models run with. */
    OpResolver kernels() {
        return kernels.get();
    }

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: give one of inspect, run, bench, ops, "
                + "detect, landmarks, segment");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = execute(new Main(), out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs the command line with the given streams and returns the exit status. */
    static int execute(Main main, PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((e, a) -> {
            CommandLine failed = e.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
            failed.getErr().flush();
            return CliException.USAGE;
        });
        cmd.setExecutionExceptionHandler((e, failed, parsed) -> report(e, failed.getErr(), verbose));
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("out of memory; give the JVM more heap, e.g. JLITE_JAVA_OPTS=-Xmx8g");
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return CliException.FAILURE;
        }
    }

    private static int report(Exception e, PrintWriter err, boolean verbose) {
        int status = CliException.FAILURE;
        String message;
        if (e instanceof CliException c) {
            status = c.exitCode();
            message = c.getMessage();
        } else if (e instanceof ModelFormatException) {
            message = e.getMessage();
        } else if (e instanceof UncheckedIOException || e instanceof IOException) {
            message = "I/O error: " + (e.getCause() != null ? e.getCause() : e).getMessage();
        } else if ((e instanceof IllegalArgumentException || e instanceof IllegalStateException)
                && e.getMessage() != null) {
            message = e.getMessage();
        } else {
            message = "internal error: " + e + (verbose ? "" : " (--verbose shows where)");
        }
        err.println(message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** The version Maven wrote into the jar's resources. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/jlite-cli.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"jlite " + p.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name")};
        }
    }
}
