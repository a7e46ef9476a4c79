package dev.jlite.converter.ir;

import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow Lite operator of the graph being built: builtin code, inputs (null for an omitted optional input),
 * outputs, and options as named fields ({@link Options} knows each operator's fields and writes them).
 */
public final class Op {
    private final BuiltinOperator code;
    final List<Value> inputs;
    final List<Value> outputs;
    private final Map<String, Object> options;
    /** The TensorFlow node it came from, for messages and the report. */
    private final String origin;

    public Op(BuiltinOperator code, List<Value> inputs, List<Value> outputs, Map<String, Object> options,
            String origin) {
        this.code = code;
        this.inputs = new ArrayList<>(inputs);
        this.outputs = new ArrayList<>(outputs);
        this.options = new HashMap<>(options);
        this.origin = origin;
        for (Value v : this.outputs) {
            v.producer = this;
        }
    }

    public BuiltinOperator code() {
        return code;
    }

    public List<Value> inputs() {
        return inputs;
    }

    public Value input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    public void setInput(int i, Value v) {
        while (inputs.size() <= i) {
            inputs.add(null);
        }
        inputs.set(i, v);
    }

    public List<Value> outputs() {
        return outputs;
    }

    public Value output(int i) {
        return outputs.get(i);
    }

    /** Makes this operator write {@code v} as output {@code i} (a fusion taking over its follower's output). */
    public void setOutput(int i, Value v) {
        outputs.set(i, v);
        v.producer = this;
    }

    public Map<String, Object> options() {
        return options;
    }

    @SuppressWarnings("unchecked")
    public <T> T option(String name, T def) {
        Object o = options.get(name);
        return o == null ? def : (T) o;
    }

    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return code + " " + inputs + " -> " + outputs + (options.isEmpty() ? "" : " " + options)
                + " (from " + origin + ")";
    }
}
