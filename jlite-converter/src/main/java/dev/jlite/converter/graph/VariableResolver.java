package dev.jlite.converter.graph;

import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.savedmodel.TensorBundle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Freezes variables: finds which checkpoint tensor restores each variable, by reading the graph's restore ops
 * ({@code Assign}/{@code AssignVariableOp} of a {@code RestoreV2} output, its {@code tensor_names} constant giving
 * the key), and turns every read into a constant. TF1 {@code VariableV2} nodes become constants themselves; TF2
 * {@code ReadVariableOp}s of a {@code VarHandleOp} become constants. Run after {@link FunctionInliner}, so that
 * TF2's restore function has been inlined.
 */
public final class VariableResolver {
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");

    private VariableResolver() {}

    /**
     * Freezes the variables read in {@code g} (a signature's graph, cut from the whole one), with checkpoint keys
     * found beforehand by {@link #restoreKeys} on the whole graph; {@code values} caches tensors read, by variable.
     * Returns the number of nodes made constant.
     */
    public static int freeze(TfGraph g, TensorBundle bundle, Map<String, String> keys, Map<String, Constant> values) {
        int count = 0;
        List<TfNode> reads = new ArrayList<>();
        for (TfNode n : g.nodes()) {
            if (n.op.equals("VariableV2") || n.op.equals("Variable")) {
                reads.add(n);
            } else if (n.op.equals("ReadVariableOp") || n.op.equals("ResourceGather")) {
                reads.add(n);
            }
        }
        for (TfNode n : reads) {
            boolean ref = n.op.startsWith("Variable");
            TfNode var = ref ? n : variable(g, n.inputs.get(0));
            if (var == null) {
                continue;
            }
            Constant v = bundle == null ? null : values.computeIfAbsent(var.name, name -> {
                String key = keys.get(name);
                if (key == null && bundle.names().contains(var.stringAttr("shared_name", ""))) {
                    key = var.stringAttr("shared_name", "");
                }
                if (key == null && bundle.names().contains(name)) {
                    key = name;
                }
                return key == null ? null : bundle.read(key);
            });
            if (v == null) {
                continue; // not restored (e.g. a save-path variable): lowering reports it if a signature reads it
            }
            if (n.op.equals("ResourceGather")) {
                // gather from the frozen table: the variable becomes a constant input of GatherV2
                String constName = var.name + "/frozen";
                if (g.node(constName) == null) {
                    TfNode c = new TfNode(constName, "Const", List.of(), Map.of(), var.function);
                    c.makeConstant(v);
                    g.add(c);
                }
                n.op = "ResourceGatherFrozen";
                n.inputs.set(0, TfGraph.ref(constName, 0));
            } else {
                n.makeConstant(v);
            }
            count++;
        }
        return count;
    }

    /** Variable node name -> checkpoint key, from the restore ops. */
    public static Map<String, String> restoreKeys(TfGraph g) {
        Map<String, String> keys = new HashMap<>();
        for (TfNode n : g.nodes()) {
            if (!(n.op.equals("Assign") || n.op.equals("AssignVariableOp")) || n.inputs.size() < 2) {
                continue;
            }
            TfNode var = variable(g, n.inputs.get(0));
            String value = throughIdentity(g, n.inputs.get(1));
            TfNode restore = g.producer(value);
            if (var == null || !(restore.op.equals("RestoreV2") || restore.op.equals("Restore"))) {
                continue;
            }
            TfNode names = g.producer(throughIdentity(g, restore.inputs.get(1)));
            if (names.value() == null) {
                continue;
            }
            String[] all = (String[]) names.value().data();
            int port = TfGraph.port(value);
            if (port < all.length) {
                keys.put(var.name, all[port]);
            }
        }
        return keys;
    }

    private static TfNode variable(TfGraph g, String ref) {
        TfNode n = g.producer(throughIdentity(g, ref));
        return VARIABLE_OPS.contains(n.op) ? n : null;
    }

    private static String throughIdentity(TfGraph g, String ref) {
        for (int guard = 0; guard < 1000; guard++) {
            TfNode n = g.producer(ref);
            if (n.op.equals("Identity")) {
                ref = n.inputs.get(0);
            } else if (n.op.equals("IdentityN")) {
                ref = n.inputs.get(TfGraph.port(ref));
            } else {
                return ref;
            }
        }
        throw new ConversionException("identity cycle at " + ref);
    }
}
