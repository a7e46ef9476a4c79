package dev.jlite.converter.graph;

import dev.jlite.converter.ConversionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Inlines {@code tf.function} calls: every {@code PartitionedCall}/{@code StatefulPartitionedCall} (and every node
 * whose op names a library function) is replaced by the function's body, its nodes prefixed with the call's name,
 * argument references bound to the call's inputs. The call node itself becomes an {@code IdentityN} of the function's
 * results, so that its consumers stay valid until identities are removed. Nested calls are inlined in turn.
 */
public final class FunctionInliner {
    /**
     * Output arguments of ops with more than one: a function body names outputs {@code node:arg:index}, and the
     * flat port of {@code arg} depends on the args before it. Ops with one output argument need no entry.
     */
    private static final Map<String, List<String>> OUTPUT_ARGS = Map.of(
            "FusedBatchNorm", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
            "FusedBatchNormV2", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
            "FusedBatchNormV3", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2",
                    "reserve_space_3"),
            "Unique", List.of("y", "idx"),
            "TopKV2", List.of("values", "indices"),
            "Switch", List.of("output_false", "output_true"));

    private FunctionInliner() {}

    /** Inlines every call in the graph; returns the number of calls inlined. */
    public static int inline(TfGraph g) {
        ArrayDeque<TfNode> work = new ArrayDeque<>();
        for (TfNode n : g.nodes()) {
            if (callee(g, n) != null) {
                work.add(n);
            }
        }
        int count = 0;
        while (!work.isEmpty()) {
            TfNode call = work.pop();
            FunctionDef f = callee(g, call);
            if (f == null) {
                continue;
            }
            for (TfNode added : inlineOne(g, call, f)) {
                if (callee(g, added) != null) {
                    work.add(added);
                }
            }
            count++;
        }
        return count;
    }

    private static FunctionDef callee(TfGraph g, TfNode n) {
        if (n.op.equals("PartitionedCall") || n.op.equals("StatefulPartitionedCall")) {
            String name = n.attr("f").getFunc().getName();
            FunctionDef f = g.library.get(name);
            if (f == null) {
                throw new ConversionException(n.describe() + " calls function '" + name
                        + "', which is not in the library");
            }
            return f;
        }
        return g.library.get(n.op);
    }

    private static List<TfNode> inlineOne(TfGraph g, TfNode call, FunctionDef f) {
        OpDef sig = f.getSignature();
        String fname = sig.getName();
        if (call.inputs.size() != sig.getInputArgCount()) {
            throw new ConversionException(call.describe() + " passes " + call.inputs.size() + " inputs to function "
                    + fname + ", which takes " + sig.getInputArgCount());
        }
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < sig.getInputArgCount(); i++) {
            args.put(sig.getInputArg(i).getName(), call.inputs.get(i));
        }
        Map<String, String> bodyOps = new HashMap<>();
        for (NodeDef d : f.getNodeDefList()) {
            bodyOps.put(d.getName(), d.getOp());
        }
        String prefix = call.name + "/";
        List<TfNode> added = new ArrayList<>();
        for (NodeDef d : f.getNodeDefList()) {
            List<String> ins = new ArrayList<>();
            for (String s : d.getInputList()) {
                if (!s.startsWith("^")) {
                    ins.add(bodyRef(s, args, bodyOps, prefix, fname));
                }
            }
            Map<String, AttrValue> attrs = new HashMap<>(d.getAttrMap());
            TfNode n = new TfNode(prefix + d.getName(), d.getOp(), ins, attrs, fname);
            g.add(n);
            added.add(n);
        }
        List<String> results = new ArrayList<>();
        for (OpDef.ArgDef out : sig.getOutputArgList()) {
            String r = f.getRetMap().get(out.getName());
            if (r == null) {
                throw new ConversionException("function " + fname + " does not return its output '"
                        + out.getName() + "'");
            }
            results.add(bodyRef(r, args, bodyOps, prefix, fname));
        }
        call.op = "IdentityN";
        call.inputs.clear();
        call.inputs.addAll(results);
        call.attrs.clear();
        return added;
    }

    /** A function-body reference ({@code arg}, {@code node:arg:i}) as a top-level {@code node:port}. */
    private static String bodyRef(String s, Map<String, String> args, Map<String, String> bodyOps, String prefix,
            String fname) {
        String[] parts = s.split(":");
        if (parts.length == 1) {
            String bound = args.get(s);
            if (bound == null) {
                throw new ConversionException("function " + fname + " refers to '" + s + "', not one of its arguments");
            }
            return bound;
        }
        String node = parts[0];
        String op = bodyOps.get(node);
        if (op == null) {
            throw new ConversionException("function " + fname + " refers to node '" + node + "', not in its body");
        }
        int index = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        List<String> outs = OUTPUT_ARGS.get(op);
        int port = index;
        if (outs != null) {
            int argIndex = outs.indexOf(parts[1]);
            if (argIndex < 0) {
                throw new ConversionException("function " + fname + ": op " + op + " has no output '" + parts[1] + "'");
            }
            port = argIndex + index;
        }
        return TfGraph.ref(prefix + node, port);
    }
}
