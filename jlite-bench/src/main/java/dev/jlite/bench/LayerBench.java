package dev.jlite.bench;

import dev.jlite.DataType;
import dev.jlite.Model;
import dev.jlite.flatbuffers.FlatTable;
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
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;

/**
 * Per-layer comparison with XNNPACK: every CONV_2D and DEPTHWISE_CONV_2D of a model is rebuilt as a single-operator
 * model (same shapes and options, random constant weights) and timed in jlite and in the official interpreter with
 * XNNPACK, side by side. Shows which layer shapes jlite loses most time on.
 *
 * <pre>
 * LayerBench [--min-ms X] [--warmup-s S] [--only OP] [--write DIR] [--net] [--threads N] MODEL...
 * </pre>
 * All layers of a model first run in jlite, in turn, for {@code --warmup-s} seconds (default 8), so that every kernel
 * is compiled before the first layer is timed. Both engines' runs copy the output out but not the input in: the
 * official binding runs on a direct input buffer in place, and a copy of a layer's input into jlite's arena (0.15 ms
 * for a 112x112x96 input) would be counted against a kernel that takes 0.3 ms.
 * Layers whose jlite time is under {@code --min-ms} (default 0.03) are left out of the table. {@code --only} times
 * the layer of one operator index; {@code --write} also saves each single-layer model there (as
 * {@code MODEL-opN.tflite}), to profile one layer alone with {@code jlite bench}. {@code --threads} runs both
 * engines on that many threads (default 1), to see which layers split badly.
 *
 * <p>A run's time includes more than the layer's kernel: the call into the engine and the copy of the output out
 * (about 0.1 ms for a 112x112x24 output), which costs the two engines differently. {@code --net} takes them out: it
 * also times a model of three copies of the layer reading the same input, whose runs copy out only the first
 * output, and reports half the difference, the time one more run of the layer's kernel adds.
 */
public final class LayerBench {
    private static final int CONV_2D = 3;
    private static final int DEPTHWISE_CONV_2D = 4;
    /** Copies of a layer in the model whose extra run time {@code --net} divides among the extra copies. */
    private static final int NET_COPIES = 3;

    private LayerBench() {}

    public static void main(String[] args) throws IOException {
        double minMs = 0.03;
        double warmupSeconds = 8;
        int only = -1;
        Path write = null;
        boolean net = false;
        int threads = 1;
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--min-ms")) {
                minMs = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--warmup-s")) {
                warmupSeconds = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--only")) {
                only = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--net")) {
                net = true;
            } else if (args[i].equals("--write")) {
                write = Path.of(args[++i]);
            } else {
                models.add(args[i]);
            }
        }
        if (!OfficialInterpreter.isAvailable()) {
            System.err.println("LayerBench: " + OfficialInterpreter.unavailableReason());
            System.exit(1);
        }
        Sampler.Plan plan = new Sampler.Plan(20, 0.3, 0, 0.5, 20, 2000);
        for (String name : models) {
            Path file = SharedModel.locate(name);
            Model model = Model.wrap(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN));
            Subgraph sg = model.subgraph(0);
            System.out.printf(Locale.ROOT, "%n%s%n| op | layer | jlite ms | XNNPACK ms | ratio | lost ms |%n"
                    + "|---|---|---|---|---|---|%n", file.getFileName());
            List<Operator> ops = new ArrayList<>();
            List<Layer> layers = new ArrayList<>();
            List<ByteBuffer> files = new ArrayList<>();
            for (Operator op : sg.operators()) {
                OperatorCode code = model.operatorCodes().get(op.opcodeIndex());
                if (code.isCustom() || (code.builtinCode() != CONV_2D && code.builtinCode() != DEPTHWISE_CONV_2D)
                        || (only >= 0 && op.index() != only)) {
                    continue;
                }
                Layer layer = Layer.of(sg, op, code.builtinCode());
                ByteBuffer bytes = layer.build();
                if (write != null) {
                    String stem = file.getFileName().toString().replaceFirst("\\.tflite$", "");
                    Files.createDirectories(write);
                    Files.write(write.resolve(stem + "-op" + op.index() + ".tflite"), toArray(bytes));
                }
                ops.add(op);
                layers.add(layer);
                files.add(bytes);
            }
            warmUp(files, warmupSeconds, threads);
            double sumJ = 0;
            double sumX = 0;
            for (int i = 0; i < layers.size(); i++) {
                ByteBuffer bytes = files.get(i);
                Model single = Model.wrap(bytes);
                ByteBuffer[] inputs = CompareBench.randomInputs(single.subgraph(0), 0);
                List<Engine> engines = new ArrayList<>();
                engines.add(JliteEngine.inputsInPlace(single, inputs, 1, threads));
                engines.add(new OfficialEngine(bytes, threads, true, inputs, new boolean[] {true}, 1));
                if (net) {
                    ByteBuffer copies = layers.get(i).build(NET_COPIES);
                    engines.add(JliteEngine.inputsInPlace(Model.wrap(copies), inputs, 1, threads));
                    engines.add(new OfficialEngine(copies, threads, true, inputs, new boolean[] {true}, 1));
                }
                try {
                    long[][] t = Sampler.sample(engines, plan);
                    double j = Sampler.medianMs(t[0]);
                    double x = Sampler.medianMs(t[1]);
                    if (net) {
                        j = (Sampler.medianMs(t[2]) - j) / (NET_COPIES - 1);
                        x = (Sampler.medianMs(t[3]) - x) / (NET_COPIES - 1);
                    }
                    sumJ += j;
                    sumX += x;
                    if (j >= minMs) {
                        System.out.printf(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.2f | %.3f |%n",
                                ops.get(i).index(), layers.get(i), j, x, j / x, j - x);
                    }
                } finally {
                    engines.forEach(Engine::close);
                }
            }
            System.out.printf(Locale.ROOT, "| all | conv + depthwise | %.3f | %.3f | %.2f | %.3f |%n", sumJ, sumX,
                    sumJ / sumX, sumJ - sumX);
        }
    }

    /**
     * Runs every layer in jlite, in turn, for about {@code seconds}: a layer timed right after a short warm-up of its
     * own would still run kernels that the JIT has not finished compiling (C1 code, where every vector allocates),
     * and the first layers of each kind would look up to 1.6x slower than they are.
     */
    private static void warmUp(List<ByteBuffer> files, double seconds, int threads) {
        List<JliteEngine> engines = new ArrayList<>();
        try {
            for (ByteBuffer bytes : files) {
                Model single = Model.wrap(bytes);
                engines.add(new JliteEngine(single, threads, true, CompareBench.randomInputs(single.subgraph(0), 0)));
            }
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (!engines.isEmpty() && System.nanoTime() < end) {
                engines.forEach(JliteEngine::invokeOnly);
            }
        } finally {
            engines.forEach(Engine::close);
        }
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** One layer's shapes and options. */
    private record Layer(boolean depthwise, int[] in, int[] filter, int[] out, byte padding, int strideW,
            int strideH, int multiplier, byte act, int dilW, int dilH) {
        static Layer of(Subgraph sg, Operator op, int builtin) {
            TensorSpec in = sg.tensor(op.inputs()[0]);
            TensorSpec w = sg.tensor(op.inputs()[1]);
            TensorSpec out = sg.tensor(op.outputs()[0]);
            FlatTable o = op.builtinOptions();
            if (builtin == DEPTHWISE_CONV_2D) {
                return new Layer(true, in.shape(), w.shape(), out.shape(), get(o, 0), getInt(o, 1), getInt(o, 2),
                        o == null ? 1 : o.getInt(3, 1), get(o, 4), o == null ? 1 : o.getInt(5, 1),
                        o == null ? 1 : o.getInt(6, 1));
            }
            return new Layer(false, in.shape(), w.shape(), out.shape(), get(o, 0), getInt(o, 1), getInt(o, 2), 1,
                    get(o, 3), o == null ? 1 : o.getInt(4, 1), o == null ? 1 : o.getInt(5, 1));
        }

        private static byte get(FlatTable o, int id) {
            return o == null ? 0 : o.getByte(id, (byte) 0);
        }

        private static int getInt(FlatTable o, int id) {
            return o == null ? 1 : o.getInt(id, 1);
        }

        ByteBuffer build() {
            return build(1);
        }

        /**
         * A model of {@code copies} copies of the layer, all reading the one input with the same weights, each
         * writing an output of its own.
         */
        ByteBuffer build(int copies) {
            Random r = new Random(1);
            dev.jlite.kernel.BuiltinOperator kind = depthwise ? dev.jlite.kernel.BuiltinOperator.DEPTHWISE_CONV_2D
                    : dev.jlite.kernel.BuiltinOperator.CONV_2D;
            OpModelBuilder b = new OpModelBuilder(kind);
            int input = b.input(DataType.FLOAT32, in);
            int n = 1;
            for (int d : filter) {
                n *= d;
            }
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = r.nextFloat() - 0.5f;
            }
            int weights = b.constant(DataType.FLOAT32, filter, w);
            int c = out[3];
            float[] bias = new float[c];
            for (int i = 0; i < c; i++) {
                bias[i] = r.nextFloat() - 0.5f;
            }
            int biases = b.constant(DataType.FLOAT32, new int[] {c}, bias);
            b.output(DataType.FLOAT32, out);
            setOptions(b);
            for (int k = 1; k < copies; k++) {
                b.addOperator(kind).use(input).use(weights).use(biases);
                b.output(DataType.FLOAT32, out);
                setOptions(b);
            }
            return b.build();
        }

        private void setOptions(OpModelBuilder b) {
            if (depthwise) {
                b.options(BuiltinOptions.DepthwiseConv2DOptions, fbb -> DepthwiseConv2DOptions
                        .createDepthwiseConv2DOptions(fbb, padding, strideW, strideH, multiplier, act, dilW, dilH));
                b.version(2);
            } else {
                b.options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb, padding,
                        strideW, strideH, act, dilW, dilH));
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %dx%dx%d k%dx%d s%d%s -> %dx%dx%d", depthwise ? "dw" : "conv",
                    in[1], in[2], in[3], filter[1], filter[2], strideW, padding == 0 ? " same" : " valid", out[1],
                    out[2], out[3]);
        }
    }
}
