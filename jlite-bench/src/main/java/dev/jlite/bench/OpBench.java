package dev.jlite.bench;

import dev.jlite.DataType;
import dev.jlite.Model;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.model.Operator;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.testing.OpModelBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.ResizeBilinearOptions;

/**
 * Per-operator comparison with XNNPACK for the float non-convolution operators: every node of the listed types
 * (default: the pooling, PAD, ADD, MUL, PRELU, HARD_SWISH, LOGISTIC and RESIZE_BILINEAR nodes) is rebuilt as a
 * single-operator model (same shapes and options; constant inputs keep the model's data, the others get random
 * input) and timed in jlite and in the official interpreter with XNNPACK, side by side, as {@link LayerBench} does
 * for the convolutions.
 *
 * <pre>
 * OpBench [--min-ms X] [--ops ADD,PAD,...] [--no-official] MODEL...
 * </pre>
 * With {@code --no-official} only jlite is timed (to compare two builds of jlite put one or the other first on the
 * class path).
 */
public final class OpBench {
    /** The operators timed by default (BuiltinOperator names). */
    private static final Set<String> OPS = Set.of("ADD", "AVERAGE_POOL_2D", "LOGISTIC", "MAX_POOL_2D", "MUL",
            "RESIZE_BILINEAR", "PAD", "PRELU", "HARD_SWISH");

    private OpBench() {}

    public static void main(String[] args) throws IOException {
        double minMs = 0.005;
        boolean official = true;
        Set<String> ops = OPS;
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--min-ms" -> minMs = Double.parseDouble(args[++i]);
                case "--ops" -> ops = Set.of(args[++i].split(","));
                case "--no-official" -> official = false;
                default -> models.add(args[i]);
            }
        }
        if (official && !OfficialInterpreter.isAvailable()) {
            System.err.println("OpBench: " + OfficialInterpreter.unavailableReason());
            System.exit(1);
        }
        Sampler.Plan plan = new Sampler.Plan(200, 0.3, 0, 0.3, 50, 5000);
        for (String name : models) {
            Path file = SharedModel.locate(name);
            Model model = Model.wrap(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN));
            Subgraph sg = model.subgraph(0);
            System.out.printf(Locale.ROOT, "%n%s%n| node | op | shapes | jlite ms | XNNPACK ms | ratio |%n"
                    + "|---|---|---|---|---|---|%n", file.getFileName());
            Map<String, double[]> sums = new java.util.TreeMap<>();
            for (Operator op : sg.operators()) {
                OperatorCode code = model.operatorCodes().get(op.opcodeIndex());
                String opName = code.isCustom() ? null : BuiltinOperator.nameOf(code.builtinCode());
                if (opName == null || !ops.contains(opName) || sg.tensor(op.inputs()[0]).type() != DataType.FLOAT32
                        || allConstant(sg, op)) {
                    continue;
                }
                ByteBuffer bytes = single(sg, op, code.builtinCode());
                Model one = Model.wrap(bytes);
                ByteBuffer[] inputs = CompareBench.randomInputs(one.subgraph(0), 0);
                List<Engine> engines = new ArrayList<>();
                engines.add(JliteEngine.inputsInPlace(one, inputs));
                if (official) {
                    engines.add(new OfficialEngine(bytes, 1, true, inputs, new boolean[] {true}));
                }
                try {
                    long[][] t = Sampler.sample(engines, plan);
                    double j = Sampler.medianMs(t[0]);
                    double x = official ? Sampler.medianMs(t[1]) : Double.NaN;
                    double[] sum = sums.computeIfAbsent(opName, k -> new double[2]);
                    sum[0] += j;
                    sum[1] += x;
                    if (j >= minMs) {
                        System.out.printf(Locale.ROOT, "| %d | %s | %s | %.4f | %.4f | %.2f |%n", op.index(), opName,
                                shapes(sg, op), j, x, j / x);
                    }
                } finally {
                    engines.forEach(Engine::close);
                }
            }
            sums.forEach((k, v) -> System.out.printf(Locale.ROOT, "| all | %s | | %.4f | %.4f | %.2f |%n", k, v[0],
                    v[1], v[0] / v[1]));
        }
    }

    private static boolean allConstant(Subgraph sg, Operator op) {
        for (int i : op.inputs()) {
            if (i >= 0 && !sg.tensor(i).isConstant()) {
                return false;
            }
        }
        return true;
    }

    private static String shapes(Subgraph sg, Operator op) {
        StringBuilder s = new StringBuilder();
        for (int i : op.inputs()) {
            if (i >= 0) {
                s.append(Arrays.toString(sg.tensor(i).shape())).append(sg.tensor(i).isConstant() ? "c " : " ");
            }
        }
        return s.append("-> ").append(Arrays.toString(sg.tensor(op.outputs()[0]).shape())).toString();
    }

    /** The node as a one-operator model. */
    private static ByteBuffer single(Subgraph sg, Operator op, int builtin) {
        OpModelBuilder b = new OpModelBuilder(builtin);
        for (int i : op.inputs()) {
            TensorSpec t = sg.tensor(i);
            if (t.isConstant()) {
                b.constant(t.type(), t.shape(), flat(t));
            } else {
                b.input(t.type(), t.shape());
            }
        }
        TensorSpec out = sg.tensor(op.outputs()[0]);
        b.output(out.type(), out.shape());
        FlatTable o = op.builtinOptions();
        switch (builtin) {
            case 0 -> b.options(BuiltinOptions.AddOptions, fbb -> AddOptions.createAddOptions(fbb, act(o, 0), false));
            case 18 -> b.options(BuiltinOptions.MulOptions, fbb -> MulOptions.createMulOptions(fbb, act(o, 0)));
            case 1, 17 -> b.options(BuiltinOptions.Pool2DOptions, fbb -> Pool2DOptions.createPool2DOptions(fbb,
                    act(o, 0), o.getInt(1, 0), o.getInt(2, 0), o.getInt(3, 0), o.getInt(4, 0), act(o, 5)));
            case 23 -> b.options(BuiltinOptions.ResizeBilinearOptions, fbb -> ResizeBilinearOptions
                    .createResizeBilinearOptions(fbb, o != null && o.getBool(2, false),
                            o != null && o.getBool(3, false)));
            default -> { }
        }
        return b.build();
    }

    private static byte act(FlatTable o, int id) {
        return o == null ? 0 : o.getByte(id, (byte) 0);
    }

    private static Object flat(TensorSpec t) {
        ByteBuffer d = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) t.elementCount();
        if (t.type() == DataType.FLOAT32) {
            float[] f = new float[n];
            d.asFloatBuffer().get(f);
            return f;
        }
        if (t.type() == DataType.INT32) {
            int[] v = new int[n];
            d.asIntBuffer().get(v);
            return v;
        }
        if (t.type() == DataType.INT64) {
            long[] v = new long[n];
            d.asLongBuffer().get(v);
            return v;
        }
        throw new IllegalArgumentException("constant of type " + t.type());
    }
}
