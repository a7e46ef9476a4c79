package dev.jlite.converter;

import dev.jlite.converter.emit.TfliteEmitter;
import dev.jlite.converter.graph.IdentityRemoval;
import dev.jlite.converter.graph.Propagation;
import dev.jlite.converter.graph.TfGraph;
import dev.jlite.converter.graph.TfModel;
import dev.jlite.converter.graph.TfSignature;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.lower.Lowering;
import dev.jlite.converter.passes.GraphPass;
import dev.jlite.converter.passes.Passes;
import dev.jlite.converter.quant.Calibrator;
import dev.jlite.converter.quant.DynamicRangeQuantization;
import dev.jlite.converter.quant.ErrorMeasure;
import dev.jlite.converter.quant.Float16Quantization;
import dev.jlite.converter.quant.FullIntegerQuantization;
import dev.jlite.converter.quant.RepresentativeData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a TensorFlow SavedModel or frozen GraphDef to a TensorFlow Lite model.
 *
 * <pre>{@code
 * byte[] tflite = Converter.fromSavedModel(Path.of("saved_model_dir"))
 *         .signatures("serving_default")
 *         .inputShape("image", 1, 224, 224, 3)
 *         .quantize(Quantize.FLOAT16)
 *         .convert();
 * }</pre>
 *
 * <p>Each selected signature becomes a subgraph and a signature def of the model, keeping the signature's input and
 * output names. Conversion fails with a {@link ConversionException} listing every op without a mapping; nothing is
 * written then.
 */
public final class Converter {
    private final Path source;
    private final boolean savedModel;
    private final List<String> graphInputs;
    private final List<String> graphOutputs;
    private final List<String> signatures = new ArrayList<>();
    private final Map<String, int[]> inputShapes = new LinkedHashMap<>();
    private Quantize quantize = Quantize.NONE;
    private Path representativeData;
    private boolean int8Io;
    private ConversionReport report;

    private Converter(Path source, boolean savedModel, List<String> inputs, List<String> outputs) {
        this.source = source;
        this.savedModel = savedModel;
        this.graphInputs = inputs;
        this.graphOutputs = outputs;
    }

    /** A converter of a SavedModel directory. */
    public static Converter fromSavedModel(Path dir) {
        return new Converter(dir, true, List.of(), List.of());
    }

    /**
     * A converter of a frozen GraphDef ({@code .pb}) with the given input placeholders and output tensors
     * ({@code node} or {@code node:port}); the model gets one signature, {@code serving_default}.
     */
    public static Converter fromGraphDef(Path file, List<String> inputs, List<String> outputs) {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("a GraphDef needs its input and output tensors named");
        }
        return new Converter(file, false, List.copyOf(inputs), List.copyOf(outputs));
    }

    /**
     * The signatures to convert, in order (the first becomes the primary subgraph). By default:
     * {@code serving_default} if the model has it, else every signature.
     */
    public Converter signatures(String... keys) {
        signatures.addAll(List.of(keys));
        return this;
    }

    /** Fixes the shape of an input (by signature input name or placeholder name). */
    public Converter inputShape(String name, int... shape) {
        inputShapes.put(name, shape.clone());
        return this;
    }

    public Converter quantize(Quantize q) {
        this.quantize = q;
        return this;
    }

    /** A folder of {@code .npy} inputs for calibration (int8) and for the report's error figures. */
    public Converter representativeData(Path dir) {
        this.representativeData = dir;
        return this;
    }

    /** With {@link Quantize#INT8}: make the model's inputs and outputs int8 too. */
    public Converter int8InputsOutputs(boolean on) {
        this.int8Io = on;
        return this;
    }

    /** The report of the last {@link #convert()}. */
    public ConversionReport report() {
        return report;
    }

    /** Converts; returns the .tflite file's bytes. */
    public byte[] convert() {
        if (quantize == Quantize.INT8 && representativeData == null) {
            throw new ConversionException("int8 quantization needs representative data (--representative-data)");
        }
        report = new ConversionReport();
        long t0 = System.nanoTime();
        TfModel model = savedModel ? TfModel.loadSavedModel(source)
                : TfModel.loadGraphDef(source, graphInputs, graphOutputs);
        report.notes.add(String.format("read %s: %d nodes, %d function calls inlined (%.1f ms)", source,
                model.nodeCount(), model.inlinedCalls(), (System.nanoTime() - t0) / 1e6));
        lap = System.nanoTime();
        List<TfSignature> selected = select(model);
        List<TflGraph> graphs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TfSignature sig : selected) {
            try {
                graphs.add(convertSignature(model, sig));
            } catch (ConversionException e) {
                problems.addAll(e.problems().stream().map(p -> "[" + sig.key() + "] " + p).toList());
            }
        }
        report.notes.add(model.frozenVariables() + " variable reads frozen from the checkpoint");
        if (!problems.isEmpty()) {
            throw new ConversionException("the model cannot be converted (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ")", problems);
        }
        Map<TflGraph, List<Object[]>> examples = new java.util.IdentityHashMap<>();
        Map<TflGraph, byte[]> floatModels = new java.util.IdentityHashMap<>();
        if (representativeData != null) {
            for (TflGraph g : graphs) {
                examples.put(g, RepresentativeData.load(representativeData, g));
                floatModels.put(g, TfliteEmitter.write(List.of(g), "float reference"));
            }
        }
        for (TflGraph g : graphs) {
            runPasses(g, quantizationPasses(g, examples.get(g)));
            report.opCounts.put(g.signatureKey(), g.opCounts());
        }
        for (TflGraph g : graphs) {
            if (examples.containsKey(g)) {
                measureError(g, floatModels.get(g), examples.get(g));
            }
        }
        long e0 = System.nanoTime();
        byte[] bytes = TfliteEmitter.write(graphs, "Converted by jlite from " + source.getFileName());
        report.modelBytes = bytes.length;
        report.notes.add(String.format("wrote %d bytes (%.1f ms); conversion took %.1f ms", bytes.length,
                (System.nanoTime() - e0) / 1e6, (System.nanoTime() - t0) / 1e6));
        return bytes;
    }

    private List<GraphPass> quantizationPasses(TflGraph g, List<Object[]> examples) {
        return switch (quantize) {
            case NONE -> List.of();
            case FLOAT16 -> List.of(new Float16Quantization());
            case DYNAMIC -> List.of(new DynamicRangeQuantization());
            case INT8 -> List.of(new FullIntegerQuantization(Calibrator.calibrate(g, examples), int8Io));
        };
    }

    /** The report's error figures: the converted graph against the float one, in jlite, on the examples. */
    private void measureError(TflGraph g, byte[] floatModel, List<Object[]> examples) {
        try {
            List<float[][]> reference = ErrorMeasure.run(floatModel, examples);
            List<float[][]> converted = ErrorMeasure.run(TfliteEmitter.write(List.of(g), "converted"),
                    quantize == Quantize.INT8 && int8Io ? ErrorMeasure.quantizeInputs(g, examples) : examples);
            List<String> names = new ArrayList<>(g.outputs().keySet());
            for (int o = 0; o < names.size(); o++) {
                double err = 0;
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < examples.size(); k++) {
                    float[] r = reference.get(k)[o];
                    float[] c = converted.get(k)[o];
                    for (int i = 0; i < r.length; i++) {
                        err = Math.max(err, Math.abs(r[i] - c[i]));
                        min = Math.min(min, r[i]);
                        max = Math.max(max, r[i]);
                    }
                }
                report.errors.add(new ConversionReport.OutputError(g.signatureKey(), names.get(o), err, max - min));
            }
        } catch (RuntimeException e) {
            report.notes.add("no error figures for '" + g.signatureKey() + "': jlite cannot run it (" + e.getMessage()
                    + ")");
        }
    }

    /** Converts and writes the file. */
    public void convert(Path out) {
        byte[] b = convert();
        try {
            Files.write(out, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<TfSignature> select(TfModel model) {
        Map<String, TfSignature> all = model.signatures();
        List<TfSignature> out = new ArrayList<>();
        if (signatures.isEmpty()) {
            if (all.containsKey("serving_default")) {
                out.add(all.get("serving_default"));
            } else {
                out.addAll(all.values());
            }
        } else {
            for (String k : signatures) {
                TfSignature s = all.get(k);
                if (s == null) {
                    throw new ConversionException("no signature '" + k + "'; the model has " + all.keySet());
                }
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new ConversionException("the model has no signatures to convert");
        }
        return out;
    }

    private TflGraph convertSignature(TfModel model, TfSignature sig) {
        TfGraph g = model.cut(sig, inputShapes);
        for (TfSignature.Feed f : sig.inputs()) {
            if (!inputShapes.containsKey(f.name()) && f.shape() != null
                    && java.util.Arrays.stream(f.shape()).anyMatch(d -> d < 0)) {
                report.notes.add("signature '" + sig.key() + "' input '" + f.name() + "' has shape "
                        + java.util.Arrays.toString(f.shape()) + ": unknown dimensions set to 1 (--input-shape sets "
                        + "them)");
            }
        }
        record(sig.key(), "signature-extraction", model.nodeCount(), g.size(), 0, 0, 0);
        int before = g.size();
        int removed = IdentityRemoval.run(g);
        record(sig.key(), "identity-removal", before, g.size(), removed, 0, 0);
        before = g.size();
        int folded = Propagation.run(g);
        g.prune();
        record(sig.key(), "shape-inference+folding", before, g.size(), folded, 0, 0);
        TflGraph t = Lowering.lower(g, sig);
        record(sig.key(), "lowering", g.size(), t.ops().size(), 0, 0, t.constantBytes());
        runPasses(t, Passes.optimizations());
        return t;
    }

    private void runPasses(TflGraph t, List<GraphPass> passes) {
        for (GraphPass p : passes) {
            int before = t.ops().size();
            long bytes = t.constantBytes();
            int n = p.run(t);
            record(t.signatureKey(), p.name(), before, t.ops().size(), n, bytes, t.constantBytes());
        }
    }

    private long lap;

    /** Records a step; its time is the time since the previous record. */
    private void record(String sig, String pass, int before, int after, int rewrites, long bb, long ba) {
        long now = System.nanoTime();
        report.passes.add(new ConversionReport.PassRecord(sig, pass, before, after, rewrites, bb, ba,
                (now - lap) / 1e6));
        lap = now;
    }
}
