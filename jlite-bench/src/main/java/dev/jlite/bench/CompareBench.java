package dev.jlite.bench;

import dev.jlite.DataType;
import dev.jlite.Model;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import dev.jlite.testing.Compare;
import dev.jlite.testing.ModelFiles;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.testing.SelfieOracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Compares jlite with the official TensorFlow Lite 2.6.2 interpreter (XNNPACK on, and TFLite's builtin kernels)
 * on the shared MediaPipe models, in one process, on the same random input (seed 0, floats uniform in [0, 1)).
 * Prints a markdown table of median latencies and ratios (jlite / TFLite: above 1 means jlite is slower) and can
 * write the same as JSON.
 *
 * <pre>
 * CompareBench [--threads N] [--runs N] [--warmup N] [--seconds S] [--json FILE] [--markdown FILE] [MODEL...]
 * </pre>
 * MODEL is a file or a name of {@link ModelFiles}; the default is all of {@link ModelFiles#ALL}. Without --runs,
 * each engine gets as many runs as fit about S seconds (default 2, between 5 and 200 runs) after at least two
 * seconds and 10 runs of warmup (jlite's first inference runs its scalar loops and its second the still cold
 * Vector API ones, so a short warmup would time code the JIT has not compiled yet).
 */
public final class CompareBench {
    private int threads = 1;
    private int runs;
    private int warmupRuns = 10;
    private double seconds = 2;
    private Path jsonFile;
    private Path markdownFile;
    private final List<String> models = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        CompareBench bench = new CompareBench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CompareBench: " + e.getMessage());
            System.err.println("usage: CompareBench [--threads N] [--runs N] [--warmup N] [--seconds S] "
                    + "[--json FILE] [--markdown FILE] [MODEL...]");
            System.exit(2);
        }
        System.exit(bench.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                models.add(a);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--threads" -> threads = positive(a, v);
                case "--runs" -> runs = positive(a, v);
                case "--warmup" -> warmupRuns = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--json" -> jsonFile = Path.of(v);
                case "--markdown" -> markdownFile = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (models.isEmpty()) {
            models.addAll(ModelFiles.ALL);
        }
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }

    private int run() throws IOException {
        if (!OfficialInterpreter.isAvailable()) {
            System.err.println("CompareBench: " + OfficialInterpreter.unavailableReason());
            return 1;
        }
        if (Sampler.CPU_TIME && threads > 1) {
            System.err.println("CompareBench: -Djlite.bench.cpuTime=true counts the calling thread only: use 1 thread");
            return 2;
        }
        Sampler.Plan plan = new Sampler.Plan(warmupRuns, runs > 0 ? 0.2 : 2.0, runs, seconds, 5, 200);
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            String name = models.get(m);
            System.err.printf("[%d/%d] %s ...%n", m + 1, models.size(), name);
            Row row = measure(name, plan);
            rows.add(row);
            System.err.println("        " + row.summary());
        }
        String markdown = markdown(rows);
        System.out.print(markdown);
        if (markdownFile != null) {
            Files.writeString(markdownFile, markdown);
        }
        if (jsonFile != null) {
            Files.writeString(jsonFile, json(rows));
            System.err.println("wrote " + jsonFile);
        }
        return 0;
    }

    /** One model's results; a null time means that engine could not run it (see the errors). */
    record Row(String model, Double jliteMs, Double xnnpackMs, Double builtinMs, int[] runs, Double maxRelError,
            Map<String, String> errors) {
        Double ratio(Double tflite) {
            return jliteMs == null || tflite == null ? null : jliteMs / tflite;
        }

        String summary() {
            return String.format(Locale.ROOT, "jlite %s ms, XNNPACK %s ms, builtin %s ms%s", ms(jliteMs),
                    ms(xnnpackMs), ms(builtinMs), errors.isEmpty() ? "" : "; " + errors);
        }
    }

    private Row measure(String modelName, Sampler.Plan plan) throws IOException {
        Path file = Files.isRegularFile(Path.of(modelName)) ? Path.of(modelName)
                : ModelFiles.path(modelName.endsWith(".tflite") ? modelName : modelName + ".tflite");
        String label = file.getFileName().toString().replaceFirst("\\.tflite$", "");
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, String> errors = new LinkedHashMap<>();
        Model model = Model.wrap(bytes);
        ByteBuffer[] inputs = randomInputs(model.subgraph(0), 0);
        boolean[] floatOutputs = floatOutputs(model.subgraph(0));
        // The official interpreter does not know MediaPipe's custom transpose convolution; SelfieOracle rewrites
        // it into the builtin ops that compute the same function.
        ByteBuffer officialBytes = hasCustom(model, SelfieOracle.CUSTOM_OP)
                ? SelfieOracle.replaceCustomTransposeConv(bytes) : bytes;

        List<Engine> engines = new ArrayList<>();
        Engine jlite = open(errors, "jlite", () -> new JliteEngine(model, threads, true, inputs));
        Engine xnnpack = open(errors, "xnnpack",
                () -> new OfficialEngine(officialBytes, threads, true, inputs, floatOutputs));
        Engine builtin = open(errors, "builtin",
                () -> new OfficialEngine(officialBytes, threads, false, inputs, floatOutputs));
        for (Engine e : new Engine[] {jlite, xnnpack, builtin}) {
            if (e != null) {
                engines.add(e);
            }
        }
        try {
            long[][] times = engines.isEmpty() ? new long[0][] : sampleSafely(engines, plan, errors);
            Double[] medians = new Double[3];
            int[] counts = new int[3];
            Engine[] order = {jlite, xnnpack, builtin};
            for (int k = 0; k < 3; k++) {
                int e = engines.indexOf(order[k]);
                if (order[k] != null && times != null && e >= 0) {
                    medians[k] = Sampler.medianMs(times[e]);
                    counts[k] = times[e].length;
                }
            }
            Double error = null;
            if (jlite != null && builtin != null && times != null) {
                error = maxRelativeError(jlite.floatOutputs(), builtin.floatOutputs());
            }
            return new Row(label, medians[0], medians[1], medians[2], counts, error, errors);
        } finally {
            engines.forEach(Engine::close);
        }
    }

    private static long[][] sampleSafely(List<Engine> engines, Sampler.Plan plan, Map<String, String> errors) {
        try {
            return Sampler.sample(engines, plan);
        } catch (RuntimeException e) {
            errors.put("run", e.toString());
            return null;
        }
    }

    private interface EngineFactory {
        Engine open();
    }

    private static Engine open(Map<String, String> errors, String what, EngineFactory factory) {
        try {
            Engine e = factory.open();
            e.run(); // fail here, not in the middle of the timing, if it cannot run
            return e;
        } catch (RuntimeException e) {
            errors.put(what, e.getMessage() == null ? e.toString() : e.getMessage());
            return null;
        }
    }

    static boolean hasCustom(Model model, String name) {
        for (OperatorCode c : model.operatorCodes()) {
            if (c.isCustom() && name.equals(c.customCode())) {
                return true;
            }
        }
        return false;
    }

    /** Direct buffers for the inputs: floats uniform in [0, 1), integers in [0, 100), bytes in full. */
    static ByteBuffer[] randomInputs(Subgraph sg, long seed) {
        Random random = new Random(seed);
        int[] in = sg.inputs();
        ByteBuffer[] buffers = new ByteBuffer[in.length];
        for (int i = 0; i < in.length; i++) {
            TensorSpec t = sg.tensor(in[i]);
            int n = Math.toIntExact(t.elementCount());
            ByteBuffer b = ByteBuffer.allocateDirect(n * t.type().byteSize()).order(ByteOrder.nativeOrder());
            for (int k = 0; k < n; k++) {
                switch (t.type()) {
                    case FLOAT32 -> b.putFloat(random.nextFloat());
                    case INT32 -> b.putInt(random.nextInt(100));
                    case INT64 -> b.putLong(random.nextInt(100));
                    case INT8, UINT8, BOOL -> b.put((byte) random.nextInt(t.type() == DataType.BOOL ? 2 : 256));
                    default -> throw new IllegalArgumentException("input " + i + " '" + t.name() + "': no random "
                            + t.type() + " data");
                }
            }
            buffers[i] = b.flip();
        }
        return buffers;
    }

    static boolean[] floatOutputs(Subgraph sg) {
        int[] out = sg.outputs();
        boolean[] f = new boolean[out.length];
        for (int i = 0; i < out.length; i++) {
            f[i] = sg.tensor(out[i]).type() == DataType.FLOAT32;
        }
        return f;
    }

    private static Double maxRelativeError(float[][] a, float[][] ref) {
        double worst = 0;
        for (int i = 0; i < Math.min(a.length, ref.length); i++) {
            if (a[i] != null && ref[i] != null && a[i].length == ref[i].length) {
                worst = Math.max(worst, Compare.maxRelativeError(a[i], ref[i]));
            }
        }
        return worst;
    }

    private String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Median latency of one inference, ms, %d thread%s, random input; "
                + "ratio = jlite / TFLite (above 1: jlite is slower). Machine: %s.%n%n", threads, threads == 1 ? "" : "s",
                machine()));
        b.append("| model | jlite ms | TFLite XNNPACK ms | ratio | TFLite builtin ms | ratio |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.model(), ms(r.jliteMs()),
                    ms(r.xnnpackMs()), ratio(r.ratio(r.xnnpackMs())), ms(r.builtinMs()),
                    ratio(r.ratio(r.builtinMs()))));
        }
        List<String> notes = new ArrayList<>();
        for (Row r : rows) {
            r.errors().forEach((k, v) -> notes.add("- " + r.model() + " (" + k + "): " + v));
        }
        if (!notes.isEmpty()) {
            b.append("\nNot measured (n/a):\n").append(String.join("\n", notes)).append('\n');
        }
        return b.toString();
    }

    private String json(List<Row> rows) {
        StringBuilder b = new StringBuilder("{\n");
        b.append(String.format(Locale.ROOT, "  \"threads\": %d,%n  \"machine\": %s,%n  \"models\": [%n", threads,
                quote(machine())));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(String.format(Locale.ROOT, "    {\"model\": %s, \"jlite_ms\": %s, \"tflite_xnnpack_ms\": %s, "
                            + "\"ratio_xnnpack\": %s, \"tflite_builtin_ms\": %s, \"ratio_builtin\": %s, "
                            + "\"runs\": {\"jlite\": %d, \"tflite_xnnpack\": %d, \"tflite_builtin\": %d}, "
                            + "\"max_rel_error_vs_builtin\": %s, \"errors\": {%s}}%s%n",
                    quote(r.model()), num(r.jliteMs()), num(r.xnnpackMs()), num(r.ratio(r.xnnpackMs())),
                    num(r.builtinMs()), num(r.ratio(r.builtinMs())), r.runs()[0], r.runs()[1], r.runs()[2],
                    r.maxRelError() == null ? "null" : String.format(Locale.ROOT, "%.3g", r.maxRelError()),
                    String.join(", ", r.errors().entrySet().stream()
                            .map(e -> quote(e.getKey()) + ": " + quote(e.getValue())).toList()),
                    i + 1 < rows.size() ? "," : ""));
        }
        return b.append("  ]\n}\n").toString();
    }

    private static String ms(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", v);
    }

    private static String num(Double v) {
        return v == null ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The CPU model and core count, and the Java version, so that tables from different machines are told apart. */
    private static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture will do
        }
        return String.format(Locale.ROOT, "%s, %d cores, Java %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }
}
