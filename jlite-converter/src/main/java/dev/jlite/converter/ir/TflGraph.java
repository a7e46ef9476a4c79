package dev.jlite.converter.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One TensorFlow Lite subgraph being built, for one signature: its inputs and outputs by user-facing name, and its
 * operators in execution order.
 */
public final class TflGraph {
    private final String signatureKey;
    final LinkedHashMap<String, Value> inputs = new LinkedHashMap<>();
    final LinkedHashMap<String, Value> outputs = new LinkedHashMap<>();
    final List<Op> ops = new ArrayList<>();

    public TflGraph(String signatureKey) {
        this.signatureKey = signatureKey;
    }

    public String signatureKey() {
        return signatureKey;
    }

    public Map<String, Value> inputs() {
        return inputs;
    }

    public Map<String, Value> outputs() {
        return outputs;
    }

    /** The operators in execution order (a live list: passes edit it). */
    public List<Op> ops() {
        return ops;
    }

    public void addInput(String name, Value v) {
        inputs.put(name, v);
    }

    public void addOutput(String name, Value v) {
        outputs.put(name, v);
    }

    /** Appends an operator. */
    public Op add(Op op) {
        ops.add(op);
        return op;
    }

    /** The operators reading each value. */
    public Map<Value, List<Op>> consumers() {
        Map<Value, List<Op>> m = new IdentityHashMap<>();
        for (Op op : ops) {
            for (Value v : op.inputs) {
                if (v != null) {
                    m.computeIfAbsent(v, k -> new ArrayList<>()).add(op);
                }
            }
        }
        return m;
    }

    /** True when the value is a graph output (it must keep its producer and name). */
    public boolean isOutput(Value v) {
        return outputs.containsValue(v);
    }

    /** Replaces every read of {@code from} (operator inputs and graph outputs) by {@code to}. */
    public void replaceUses(Value from, Value to) {
        for (Op op : ops) {
            op.inputs.replaceAll(v -> v == from ? to : v);
        }
        outputs.replaceAll((k, v) -> v == from ? to : v);
    }

    /** Removes operators whose outputs nobody reads; returns how many. */
    public int removeDeadOps() {
        int removed = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            Set<Value> used = new HashSet<>(outputs.values());
            for (Op op : ops) {
                for (Value v : op.inputs) {
                    if (v != null) {
                        used.add(v);
                    }
                }
            }
            for (int i = ops.size() - 1; i >= 0; i--) {
                Op op = ops.get(i);
                if (op.outputs.stream().noneMatch(used::contains)) {
                    ops.remove(i);
                    removed++;
                    changed = true;
                }
            }
        }
        return removed;
    }

    /** Operator counts by builtin code, in first-seen order. */
    public Map<String, Integer> opCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Op op : ops) {
            m.merge(op.code().name(), 1, Integer::sum);
        }
        return m;
    }

    /** Bytes of the constants the operators read. */
    public long constantBytes() {
        Set<Value> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        long total = 0;
        for (Op op : ops) {
            for (Value v : op.inputs) {
                if (v != null && v.isConstant() && seen.add(v)) {
                    total += v.constant().byteSize();
                }
            }
        }
        return total;
    }
}
