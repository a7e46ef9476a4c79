package dev.jlite.cli;

import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.Tensor;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jlite run}: one inference on given or random inputs. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs a model once on inputs from .npy files (or random inputs) and prints a summary of "
                + "each output; --output-dir saves the outputs as .npy files."},
        footer = {"", "With no MODEL, runs " + ModelLocator.DEFAULT_MODEL + ".",
                "A bare model name is looked up in $JLITE_MODELS, in ../shared/models beside the repository, and in "
                + "the cache ~/.cache/jlite/models that scripts/fetch-models.sh fills."})
final class RunCommand implements Callable<Integer> {
    private static final int SHOWN_VALUES = 6;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A .tflite file or model name.")
    private String model;

    @Option(names = "--input", paramLabel = "FILE.npy",
            description = "An input as a NumPy .npy file; repeat once per model input, in the model's input order.")
    private List<Path> inputFiles = new ArrayList<>();

    @Option(names = "--random-input", paramLabel = "SEED",
            description = "Random inputs from this seed (the default, with seed 0, when no --input is given).")
    private Long seed;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write each output as DIR/output_<i>.npy.")
    private Path outputDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Kernel threads (default 1).")
    private int threads;

    @Option(names = "--no-simd", description = "Use the scalar kernels only (no Vector API).")
    private boolean noSimd;

    @Override
    public Integer call() throws IOException {
        if (threads < 1) {
            throw CliException.usage("--threads must be at least 1, got " + threads);
        }
        if (!inputFiles.isEmpty() && seed != null) {
            throw CliException.usage("give --input files or --random-input, not both");
        }
        Path file = main.locator().resolve(model);
        Model m = Models.open(file);
        PrintWriter out = spec.commandLine().getOut();
        List<NpyArray> arrays = inputFiles.isEmpty() ? null : readInputs(m);
        try (Interpreter it = Models.interpreter(m, threads, !noSimd, main.kernels())) {
            List<String> sources = arrays == null ? randomInputs(it) : bindInputs(it, arrays);
            it.invoke();
            double ms = LatencyStats.ms(it.getLastInferenceDurationNanoseconds());
            out.printf("model: %s (%d thread%s, SIMD %s)%n", file, threads, threads == 1 ? "" : "s",
                    noSimd ? "off" : "on");
            for (int i = 0; i < it.getInputTensorCount(); i++) {
                Tensor t = it.getInputTensor(i);
                out.printf("input %d '%s' %s %s <- %s%n", i, t.name(), t.dataType(), Arrays.toString(t.shape()),
                        sources.get(i));
            }
            List<String> written = new ArrayList<>();
            for (int i = 0; i < it.getOutputTensorCount(); i++) {
                NpyArray a = output(it, i);
                out.printf("output %d '%s' %s %s: %s%n", i, it.getOutputTensor(i).name(), a.type(),
                        Arrays.toString(a.shape()), preview(a));
                if (outputDir != null) {
                    written.add(save(a, i).toString());
                }
            }
            out.printf("latency: %.3f ms (one cold run; jlite bench measures warmed-up runs)%n", ms);
            if (!written.isEmpty()) {
                out.printf("wrote %s%n", String.join(", ", written));
            }
        }
        out.flush();
        return 0;
    }

    private List<String> randomInputs(Interpreter it) {
        long s = seed == null ? 0 : seed;
        it.allocateTensors();
        RandomInputs.fill(it, s);
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < it.getInputTensorCount(); i++) {
            sources.add("random, seed " + s);
        }
        return sources;
    }

    /**
     * Reads every input file and checks it against the model's declared inputs, before any interpreter exists:
     * input mistakes are reported as such even when the model cannot run.
     */
    private List<NpyArray> readInputs(Model m) {
        Subgraph sg = m.subgraph(0);
        int[] indices = sg.inputs();
        int n = indices.length;
        if (inputFiles.size() > n) {
            throw CliException.usage("got " + inputFiles.size() + " --input files, but the model has " + n
                    + " input" + (n == 1 ? "" : "s") + ": " + inputNames(sg));
        }
        if (inputFiles.size() < n) {
            int i = inputFiles.size();
            TensorSpec t = sg.tensor(indices[i]);
            throw CliException.usage("missing input " + i + " '" + t.name() + "' " + t.type()
                    + Arrays.toString(t.shape()) + ": give one --input FILE.npy per model input (" + n + ")");
        }
        List<NpyArray> arrays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TensorSpec t = sg.tensor(indices[i]);
            String what = "input " + i + " '" + t.name() + "'";
            Path f = inputFiles.get(i);
            NpyArray a = readInput(f, what);
            if (a.type() != t.type()) {
                throw CliException.usage(what + ": " + f + " holds " + NpyFormat.numpyName(a.type())
                        + ", the model wants " + t.type() + " (" + NpyFormat.numpyName(t.type()) + ")");
            }
            if (!Arrays.equals(a.shape(), t.shape()) && !fits(t.shapeSignature(), a.shape())) {
                throw CliException.usage(what + ": " + f + " has shape " + Arrays.toString(a.shape())
                        + ", the model wants " + Arrays.toString(t.shape()));
            }
            arrays.add(a);
        }
        return arrays;
    }

    /** Resizes inputs whose file has another (allowed) shape, then plans once and copies the data in. */
    private List<String> bindInputs(Interpreter it, List<NpyArray> arrays) {
        for (int i = 0; i < arrays.size(); i++) {
            if (!Arrays.equals(arrays.get(i).shape(), it.getInputTensor(i).shape())) {
                it.resizeInput(i, arrays.get(i).shape());
            }
        }
        it.allocateTensors();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            it.setInput(i, arrays.get(i).data());
            sources.add(inputFiles.get(i).toString());
        }
        return sources;
    }

    private static NpyArray readInput(Path f, String what) {
        try {
            return NpyFormat.read(f);
        } catch (NoSuchFileException e) {
            throw CliException.usage(what + ": file not found: " + f);
        } catch (IOException e) {
            throw CliException.usage(what + ": " + f + ": " + e.getMessage());
        }
    }

    /** Whether a shape matches a shape signature, where -1 stands for any size. */
    static boolean fits(int[] signature, int[] shape) {
        if (signature.length != shape.length) {
            return false;
        }
        for (int d = 0; d < shape.length; d++) {
            if (signature[d] != -1 && signature[d] != shape[d]) {
                return false;
            }
        }
        return true;
    }

    private static String inputNames(Subgraph sg) {
        List<String> names = new ArrayList<>();
        for (int i : sg.inputs()) {
            TensorSpec t = sg.tensor(i);
            names.add("'" + t.name() + "' " + t.type() + Arrays.toString(t.shape()));
        }
        return String.join(", ", names);
    }

    private static NpyArray output(Interpreter it, int i) {
        Tensor t = it.getOutputTensor(i);
        ByteBuffer b = ByteBuffer.allocate(t.numBytes()).order(ByteOrder.nativeOrder());
        it.getOutput(i, b);
        return new NpyArray(t.dataType(), t.shape(), b);
    }

    private Path save(NpyArray a, int i) throws IOException {
        if (!NpyFormat.supports(a.type())) {
            throw new CliException(CliException.FAILURE, "output " + i + " is " + a.type()
                    + ", which .npy cannot hold");
        }
        Files.createDirectories(outputDir);
        Path f = outputDir.resolve("output_" + i + ".npy");
        NpyFormat.write(f, a);
        return f;
    }

    /** The first values and the range, e.g. "0.1, 0.5, ... (1792 values in [-3.0, 7.2])". */
    static String preview(NpyArray a) {
        if (!NpyFormat.supports(a.type())) {
            return "(" + a.type() + " data not shown)";
        }
        int n = (int) a.elementCount();
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, SHOWN_VALUES); i++) {
            b.append(i > 0 ? ", " : "").append(a.format(i));
        }
        b.append(n > SHOWN_VALUES ? ", ...]" : "]");
        if (n > 1) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double v = a.valueAt(i);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            b.append(String.format(" (%d values in [%s, %s])", n, NpyArray.formatFloat(min),
                    NpyArray.formatFloat(max)));
        }
        return b.toString();
    }
}
