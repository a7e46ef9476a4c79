package dev.jlite.converter.emit;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.Quantization;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.writer.ModelBuilder;
import dev.jlite.writer.SubgraphBuilder;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes converted graphs as one .tflite model: a subgraph per signature (the first is the primary subgraph), each
 * with a signature def mapping the user-facing input and output names to its tensors.
 */
public final class TfliteEmitter {
    private TfliteEmitter() {}

    public static byte[] write(List<TflGraph> graphs, String description) {
        ModelBuilder model = new ModelBuilder();
        model.description(description);
        for (TflGraph g : graphs) {
            SubgraphBuilder sb = model.subgraph(g.signatureKey());
            Map<Value, Integer> ids = new IdentityHashMap<>();
            Map<String, Integer> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : g.inputs().entrySet()) {
                Value v = e.getValue();
                int id = sb.input(v.name(), v.type(), v.shape());
                quantize(sb, id, v);
                ids.put(v, id);
                inputs.put(e.getKey(), id);
            }
            for (Op op : g.ops()) {
                int[] in = new int[op.inputs().size()];
                for (int i = 0; i < in.length; i++) {
                    Value v = op.inputs().get(i);
                    in[i] = v == null ? -1 : ids.computeIfAbsent(v, k -> declare(sb, k));
                }
                int[] out = new int[op.outputs().size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ids.computeIfAbsent(op.outputs().get(i), k -> declare(sb, k));
                }
                sb.operator(op.code(), op.option("version", 1), in, out, OptionsWriter.of(op));
            }
            Map<String, Integer> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : g.outputs().entrySet()) {
                int id = ids.computeIfAbsent(e.getValue(), k -> declare(sb, k));
                sb.output(id);
                outputs.put(e.getKey(), id);
            }
            model.signature(g.signatureKey(), sb.index(), inputs, outputs);
        }
        return model.build();
    }

    private static int declare(SubgraphBuilder sb, Value v) {
        int id = v.isConstant() ? sb.constant(v.name(), v.type(), v.shape(), v.constant().data())
                : sb.tensor(v.name(), v.type(), v.shape());
        quantize(sb, id, v);
        return id;
    }

    private static void quantize(SubgraphBuilder sb, int id, Value v) {
        Quantization q = v.quantization();
        if (q == null) {
            return;
        }
        if (q.scales().length == 1) {
            sb.quantize(id, q.scales()[0], q.zeroPoints()[0]);
        } else {
            sb.quantize(id, q.scales(), q.zeroPoints(), q.axis());
        }
    }
}
