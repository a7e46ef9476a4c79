package dev.jlite.converter.graph;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.savedmodel.TensorBundle;
import dev.jlite.converter.savedmodel.TfTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * A TensorFlow model ready to be cut into signatures: its graph with functions inlined and variables frozen, and the
 * signatures it declares.
 */
public final class TfModel {
    private final TfGraph graph;
    private final Map<String, TfSignature> signatures;
    private final int inlinedCalls;
    private final TensorBundle bundle;
    /** Checkpoint key of each variable node, from the restore ops. */
    private final Map<String, String> restoreKeys;
    /** Variable values read so far (variables are read when a signature needs them). */
    private final Map<String, dev.jlite.converter.ir.Constant> variableValues = new java.util.HashMap<>();
    private int frozenVariables;

    private TfModel(TfGraph graph, Map<String, TfSignature> signatures, int inlinedCalls, TensorBundle bundle) {
        this.graph = graph;
        this.signatures = signatures;
        this.inlinedCalls = inlinedCalls;
        this.bundle = bundle;
        this.restoreKeys = VariableResolver.restoreKeys(graph);
    }

    /** Loads a SavedModel directory: the meta graph tagged {@code serve} (or the only one) and its variables. */
    public static TfModel loadSavedModel(Path dir) {
        Path pb = dir.resolve("saved_model.pb");
        if (!Files.isRegularFile(pb)) {
            throw new ConversionException(dir + " is not a SavedModel directory (no saved_model.pb)");
        }
        SavedModel sm;
        try {
            sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(pb + " is not a SavedModel protobuf", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MetaGraphDef meta = null;
        for (MetaGraphDef m : sm.getMetaGraphsList()) {
            if (m.getMetaInfoDef().getTagsList().contains("serve") || sm.getMetaGraphsCount() == 1) {
                meta = m;
                break;
            }
        }
        if (meta == null) {
            throw new ConversionException(pb + " has no meta graph tagged 'serve'");
        }
        TfGraph g = TfGraph.of(meta.getGraphDef());
        int inlined = FunctionInliner.inline(g);
        Path prefix = dir.resolve("variables").resolve("variables");
        TensorBundle bundle = Files.isRegularFile(Path.of(prefix + ".index")) ? TensorBundle.open(prefix) : null;
        Map<String, TfSignature> sigs = new LinkedHashMap<>();
        for (Map.Entry<String, SignatureDef> e : meta.getSignatureDefMap().entrySet()) {
            if (e.getKey().startsWith("__")) {
                continue; // __saved_model_init_op and other internal entries
            }
            List<TfSignature.Feed> feeds = new ArrayList<>();
            for (Map.Entry<String, TensorInfo> in : e.getValue().getInputsMap().entrySet()) {
                TensorInfo t = in.getValue();
                feeds.add(new TfSignature.Feed(in.getKey(), TfGraph.normalize(t.getName()),
                        TfTypes.toJlite(t.getDtype()), TfTypes.dims(t.getTensorShape())));
            }
            List<TfSignature.Fetch> fetches = new ArrayList<>();
            for (Map.Entry<String, TensorInfo> out : e.getValue().getOutputsMap().entrySet()) {
                fetches.add(new TfSignature.Fetch(out.getKey(), TfGraph.normalize(out.getValue().getName())));
            }
            feeds.sort(java.util.Comparator.comparing(TfSignature.Feed::name));
            fetches.sort(java.util.Comparator.comparing(TfSignature.Fetch::name));
            sigs.put(e.getKey(), new TfSignature(e.getKey(), feeds, fetches));
        }
        return new TfModel(g, sigs, inlined, bundle);
    }

    /**
     * Loads a frozen GraphDef ({@code .pb}): one signature, {@code serving_default}, feeding the named placeholders
     * and fetching the named tensors ({@code node} or {@code node:port}).
     */
    public static TfModel loadGraphDef(Path file, List<String> inputs, List<String> outputs) {
        GraphDef def;
        try {
            def = GraphDef.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(file + " is not a GraphDef protobuf", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TfGraph g = TfGraph.of(def);
        int inlined = FunctionInliner.inline(g);
        List<TfSignature.Feed> feeds = new ArrayList<>();
        for (String in : inputs) {
            String ref = TfGraph.normalize(in);
            TfNode n = g.producer(ref);
            dev.jlite.DataType type = n.has("dtype") ? n.typeAttr("dtype") : n.has("T") ? n.typeAttr("T") : null;
            int[] shape = n.has("shape") ? TfTypes.dims(n.attr("shape").getShape()) : null;
            feeds.add(new TfSignature.Feed(TfGraph.nodeName(ref), ref, type, shape));
        }
        List<TfSignature.Fetch> fetches = new ArrayList<>();
        for (String out : outputs) {
            String ref = TfGraph.normalize(out);
            g.producer(ref);
            fetches.add(new TfSignature.Fetch(TfGraph.nodeName(ref), ref));
        }
        Map<String, TfSignature> sigs = new LinkedHashMap<>();
        sigs.put("serving_default", new TfSignature("serving_default", feeds, fetches));
        return new TfModel(g, sigs, inlined, null);
    }

    public Map<String, TfSignature> signatures() {
        return signatures;
    }

    public int inlinedCalls() {
        return inlinedCalls;
    }

    /** Variable reads made constant so far, over the signatures cut. */
    public int frozenVariables() {
        return frozenVariables;
    }

    /** The number of nodes of the whole graph (all signatures, restore and save ops included). */
    public int nodeCount() {
        return graph.size();
    }

    /**
     * The graph of one signature: a copy cut at its feeds (each becomes a {@code Placeholder}), pruned to what its
     * fetches need, its variables frozen from the checkpoint.
     */
    public TfGraph cut(TfSignature sig) {
        return cut(sig, Map.of());
    }

    /**
     * Like {@link #cut(TfSignature)}, fixing input shapes: {@code shapes} by input name (signature key or node name)
     * overrides the signature's; remaining unknown dimensions become 1 (the batch size); an unknown rank stays
     * unknown (lowering then asks for the shape).
     */
    public TfGraph cut(TfSignature sig, Map<String, int[]> shapes) {
        TfGraph g = cutGraph(sig);
        for (int i = 0; i < sig.inputs().size(); i++) {
            TfSignature.Feed f = sig.inputs().get(i);
            TfNode p = g.node(g.feeds.get(i));
            int[] s = shapes.get(f.name());
            if (s == null) {
                s = shapes.get(p.name);
            }
            if (s == null && f.shape() != null) {
                s = f.shape().clone();
                for (int d = 0; d < s.length; d++) {
                    s[d] = s[d] < 0 ? 1 : s[d];
                }
            }
            dev.jlite.DataType t = f.type() != null ? f.type() : p.has("dtype") ? p.typeAttr("dtype") : null;
            p.setOutputs(new dev.jlite.DataType[] {t}, new int[][] {s});
        }
        return g;
    }

    private TfGraph cutGraph(TfSignature sig) {
        TfGraph g = graph.copy();
        Map<String, String> rewire = new LinkedHashMap<>();
        for (TfSignature.Feed f : sig.inputs()) {
            String node = TfGraph.nodeName(f.tensor());
            TfNode n = g.producer(f.tensor());
            String name = TfGraph.port(f.tensor()) == 0 ? node : node + "_" + TfGraph.port(f.tensor());
            TfNode p = g.node(name);
            if (p == null || p == n) {
                if (p == null) {
                    p = new TfNode(name, "Placeholder", List.of(), Map.of(), "");
                    g.add(p);
                }
                p.op = "Placeholder";
                p.inputs.clear();
                p.attrs.clear();
            }
            if (!p.name.equals(node)) {
                rewire.put(f.tensor(), TfGraph.ref(name, 0));
            }
            g.feeds.add(name);
        }
        for (TfSignature.Fetch f : sig.outputs()) {
            g.fetches.add(f.tensor());
        }
        g.replaceUses(rewire);
        g.prune();
        frozenVariables += VariableResolver.freeze(g, bundle, restoreKeys, variableValues);
        g.prune();
        return g;
    }
}
