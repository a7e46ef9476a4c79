package dev.jlite.cli;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.Model;
import dev.jlite.ModelFormatException;
import dev.jlite.Tensor;
import dev.jlite.kernel.OpResolver;
import dev.jlite.model.Operator;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.SignatureDef;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jlite inspect}: what a model contains and what running it takes. */
@Command(name = "inspect", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Shows a model's inputs and outputs, operator histogram, tensor count, parameter bytes, the "
                + "arena it plans (beside the bytes of the tensors alive at its busiest operator, the least any plan "
                + "needs), and its estimated multiply-accumulates (MACs) of convolutions and matrix "
                + "products."})
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "A .tflite file, or the name of one in the model directories (see 'jlite run --help').")
    private String model;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        Path file = main.locator().resolve(model);
        Model m = Models.open(file);
        Map<String, Object> report = report(file, m, main.kernels());
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.pretty(report) : text(report));
        out.flush();
        return 0;
    }

    /** Everything inspect shows, keyed as in the JSON output. */
    static Map<String, Object> report(Path file, Model m, OpResolver kernels) {
        Subgraph primary = m.subgraph(0);
        ShapeRecorder recorder = new ShapeRecorder(kernels);
        List<Object> inputs = null;
        List<Object> outputs = null;
        Long arena = null;
        Long scratch = null;
        Long livePeak = null;
        String prepareError = null;
        try (Interpreter it = Models.interpreter(m, 1, true, recorder)) {
            it.allocateTensors();
            arena = it.arenaBytes();
            scratch = it.scratchBytes();
            livePeak = it.liveTensorPeakBytes();
            inputs = new ArrayList<>();
            outputs = new ArrayList<>();
            for (int i = 0; i < it.getInputTensorCount(); i++) {
                inputs.add(io(i, it.getInputTensor(i)));
            }
            for (int i = 0; i < it.getOutputTensorCount(); i++) {
                outputs.add(io(i, it.getOutputTensor(i)));
            }
        } catch (ModelFormatException e) {
            prepareError = e.getMessage();
        } catch (RuntimeException e) {
            prepareError = e.toString();
        }
        boolean prepared = prepareError == null;
        if (!prepared) {
            inputs = declaredIo(primary, primary.inputs());
            outputs = declaredIo(primary, primary.outputs());
        }
        MacCounter.Shapes shapes = prepared ? MacCounter.prepared(primary, recorder) : MacCounter.declared(primary);
        MacCounter.Result macs = MacCounter.count(primary, m.operatorCodes(), shapes);
        for (int s = 1; s < m.subgraphs().size(); s++) {
            Subgraph sg = m.subgraph(s);
            MacCounter.Result more = MacCounter.count(sg, m.operatorCodes(), MacCounter.declared(sg));
            Map<String, Long> by = new LinkedHashMap<>(macs.byOperator());
            more.byOperator().forEach((k, v) -> by.merge(k, v, Long::sum));
            macs = new MacCounter.Result(macs.total() + more.total(), by);
        }

        int operators = 0;
        int tensors = 0;
        Map<String, Integer> histogram = new LinkedHashMap<>();
        for (Subgraph sg : m.subgraphs()) {
            operators += sg.operators().size();
            tensors += sg.tensors().size();
            for (Operator op : sg.operators()) {
                OperatorCode code = m.operatorCodes().get(op.opcodeIndex());
                histogram.merge(code.displayName(), 1, Integer::sum);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", file.toString());
        r.put("size_bytes", m.byteSize());
        r.put("schema_version", m.version());
        r.put("description", m.description());
        r.put("subgraphs", m.subgraphs().size());
        r.put("inputs", inputs);
        r.put("outputs", outputs);
        r.put("signatures", m.signatureDefs().stream().map(SignatureDef::key).toList());
        r.put("operators", operators);
        r.put("op_histogram", sortedByCountThenName(histogram));
        r.put("tensors", tensors);
        r.put("parameter_bytes", m.parameterBytes());
        r.put("arena_bytes", arena);
        r.put("scratch_bytes", scratch);
        r.put("live_tensor_peak_bytes", livePeak);
        r.put("prepare_error", prepareError);
        r.put("macs", macs.total());
        r.put("macs_by_op", sortedByCountThenName(macs.byOperator()));
        r.put("shapes", prepared ? "prepared" : "declared");
        return r;
    }

    private static Map<String, Object> io(int i, Tensor t) {
        return io(i, t.name(), t.dataType(), t.shape());
    }

    private static List<Object> declaredIo(Subgraph sg, int[] indices) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            TensorSpec t = sg.tensor(indices[i]);
            list.add(io(i, t.name(), t.type(), t.shape()));
        }
        return list;
    }

    private static Map<String, Object> io(int i, String name, DataType type, int[] shape) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", i);
        m.put("name", name);
        m.put("type", type.name());
        m.put("shape", shape);
        return m;
    }

    private static <N extends Number> Map<String, N> sortedByCountThenName(Map<String, N> counts) {
        List<Map.Entry<String, N>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, N> e) -> e.getValue().longValue()).reversed()
                .thenComparing(Map.Entry::getKey));
        Map<String, N> sorted = new LinkedHashMap<>();
        entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    @SuppressWarnings("unchecked")
    private static String text(Map<String, Object> r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("model: %s%n", r.get("model")));
        b.append(String.format("size: %,d bytes, schema version %s, %s subgraph(s)%n", r.get("size_bytes"),
                r.get("schema_version"), r.get("subgraphs")));
        if (r.get("description") != null) {
            b.append(String.format("description: %s%n", r.get("description")));
        }
        for (String kind : List.of("inputs", "outputs")) {
            b.append(kind).append(":\n");
            for (Object o : (List<Object>) r.get(kind)) {
                Map<String, Object> t = (Map<String, Object>) o;
                b.append(String.format("  %d  %-30s %-8s %s%n", t.get("index"), t.get("name"), t.get("type"),
                        Arrays.toString((int[]) t.get("shape"))));
            }
        }
        List<String> sigs = (List<String>) r.get("signatures");
        if (!sigs.isEmpty()) {
            b.append(String.format("signatures: %s%n", String.join(", ", sigs)));
        }
        b.append(String.format("operators: %s%n", r.get("operators")));
        Map<String, Long> macsByOp = (Map<String, Long>) r.get("macs_by_op");
        ((Map<String, Integer>) r.get("op_histogram")).forEach((name, count) -> {
            Long macs = macsByOp.get(name);
            b.append(String.format("  %-28s %5d%s%n", name, count,
                    macs == null ? "" : String.format("   %s MACs", human(macs))));
        });
        b.append(String.format("tensors: %s%n", r.get("tensors")));
        b.append(String.format("parameter bytes: %,d%n", (Long) r.get("parameter_bytes")));
        if (r.get("arena_bytes") != null) {
            long arena = (Long) r.get("arena_bytes");
            long scratch = (Long) r.get("scratch_bytes");
            long live = (Long) r.get("live_tensor_peak_bytes");
            b.append(String.format("arena bytes: %,d (tensors %,d + kernel scratch %,d)%n", arena, arena - scratch,
                    scratch));
            b.append(String.format("live tensors at the busiest operator: %,d bytes (arena tensors / that: %.2fx)%n",
                    live, live == 0 ? 1.0 : (double) (arena - scratch) / live));
        } else {
            b.append(String.format("arena bytes: unknown, the model cannot be prepared: %s%n", r.get("prepare_error")));
        }
        long macs = (Long) r.get("macs");
        b.append(String.format("estimated MACs: %,d (%s)%s", macs, human(macs),
                "declared".equals(r.get("shapes")) ? ", from the shapes declared in the file" : ""));
        return b.toString();
    }

    /** 1234567 -> "1.23 M". */
    static String human(long n) {
        if (n >= 1_000_000_000L) {
            return String.format("%.2f G", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format("%.2f M", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format("%.2f K", n / 1e3);
        }
        return Long.toString(n);
    }
}
