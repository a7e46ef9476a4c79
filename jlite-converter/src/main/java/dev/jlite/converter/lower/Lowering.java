package dev.jlite.converter.lower;

import dev.jlite.DataType;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.graph.TfGraph;
import dev.jlite.converter.graph.TfNode;
import dev.jlite.converter.graph.TfSignature;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.Shapes;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a TensorFlow graph (identities removed, shapes inferred, constants folded) to TensorFlow Lite operators, node
 * by node in topological order, with the mappers of {@link OpMappers}. Every node that has no mapping, or whose
 * shape could not be inferred, is collected; if there is any, one {@link ConversionException} lists them all.
 */
public final class Lowering {
    private final TfGraph g;
    private final TflGraph out;
    private final Map<String, Value> values = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private TfNode current;

    private Lowering(TfGraph g, String key) {
        this.g = g;
        this.out = new TflGraph(key);
    }

    /** Lowers one signature's graph. */
    public static TflGraph lower(TfGraph g, TfSignature sig) {
        Lowering l = new Lowering(g, sig.key());
        l.run(sig);
        return l.out;
    }

    private void run(TfSignature sig) {
        for (TfSignature.Feed f : sig.inputs()) {
            String node = g.feeds().get(sig.inputs().indexOf(f));
            TfNode p = g.node(node);
            if (p.type(0) == null || p.shape(0) == null || !Shapes.isStatic(p.shape(0))) {
                problems.add("input '" + f.name() + "' (" + f.tensor() + ") has unknown shape "
                        + Shapes.format(p.shape(0)) + ": give it with --input-shape " + f.name() + "=...");
                failed.add(node);
                continue;
            }
            Value v = new Value(f.name(), p.type(0), p.shape(0));
            values.put(TfGraph.ref(node, 0), v);
            out.addInput(f.name(), v);
        }
        for (TfNode n : g.topologicalOrder()) {
            if (n.op().equals("Const") || g.feeds().contains(n.name())) {
                continue;
            }
            current = n;
            OpMapper m = OpMappers.get(n.op());
            if (m == null) {
                problems.add(n.describe() + (n.op().startsWith("Var") || n.op().equals("ReadVariableOp")
                        ? ": a variable no checkpoint value restores" : ": no TensorFlow Lite mapping"));
                failed.add(n.name());
                continue;
            }
            if (n.inputs().stream().anyMatch(r -> failed.contains(TfGraph.nodeName(r)))) {
                failed.add(n.name());
                continue;
            }
            try {
                m.map(n, this);
            } catch (ConversionException | IllegalArgumentException | IllegalStateException
                    | IndexOutOfBoundsException | NullPointerException e) {
                problems.add(n.describe() + ": " + e.getMessage());
                failed.add(n.name());
            }
        }
        for (TfSignature.Fetch f : sig.outputs()) {
            String ref = g.fetches().get(sig.outputs().indexOf(f));
            if (failed.contains(TfGraph.nodeName(ref))) {
                continue;
            }
            Value v = value(ref);
            if (v.isConstant() || v.producer() == null || out.isOutput(v)) {
                // an output must be written by an operator: copy it (constant outputs, an input as output)
                Value copy = new Value(f.name(), v.type(), v.shape());
                Value shape = constantInt(f.name() + "/shape", v.shape());
                out.add(new Op(BuiltinOperator.RESHAPE, List.of(v, shape), List.of(copy), Map.of(), f.tensor()));
                v = copy;
            }
            out.addOutput(f.name(), v);
        }
        if (!problems.isEmpty()) {
            throw new ConversionException("signature '" + sig.key() + "' cannot be converted ("
                    + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ")", problems);
        }
    }

    // ---- used by mappers ----

    /** The node being mapped. */
    public TfNode node() {
        return current;
    }

    /** The TensorFlow Lite value of input {@code i} of the current node. */
    public Value input(int i) {
        return value(current.inputs().get(i));
    }

    /** The constant value of input {@code i}, or null when it is not constant. */
    public Constant constantInput(int i) {
        if (i >= current.inputs().size()) {
            return null;
        }
        String r = current.inputs().get(i);
        TfNode p = g.producer(r);
        return TfGraph.port(r) == 0 ? p.value() : null;
    }

    /** Like {@link #constantInput} but throws when the input is not constant. */
    public Constant requireConstant(int i, String what) {
        Constant c = constantInput(i);
        if (c == null) {
            throw new ConversionException(what + " must be a constant");
        }
        return c;
    }

    /** The inferred shape of input {@code i}. */
    public int[] inputShape(int i) {
        String r = current.inputs().get(i);
        int[] s = g.producer(r).shape(TfGraph.port(r));
        if (s == null || !Shapes.isStatic(s)) {
            throw new ConversionException("the shape of input " + r + " is unknown " + Shapes.format(s));
        }
        return s;
    }

    Value value(String ref) {
        Value v = values.get(ref);
        if (v == null) {
            TfNode p = g.producer(ref);
            if (p.value() != null && TfGraph.port(ref) == 0) {
                v = Value.constant(p.name(), p.value());
                values.put(ref, v);
            } else {
                throw new ConversionException("tensor " + ref + " has no value (its producer was not mapped)");
            }
        }
        return v;
    }

    /** The output value {@code port} of the current node: named after it, with its inferred type and shape. */
    public Value outputValue(int port) {
        DataType t = current.type(port);
        int[] s = current.shape(port);
        if (s == null || !Shapes.isStatic(s)) {
            throw new ConversionException("output shape unknown " + Shapes.format(s)
                    + " (give the inputs' shapes with --input-shape)");
        }
        String name = port == 0 ? current.name() : current.name() + ":" + port;
        return new Value(name, t, s);
    }

    /** Binds TensorFlow output {@code port} of the current node to a value. */
    public void bind(int port, Value v) {
        values.put(TfGraph.ref(current.name(), port), v);
    }

    /** A new intermediate value. */
    public Value temp(String suffix, DataType type, int[] shape) {
        return new Value(current.name() + "/" + suffix, type, shape);
    }

    /** A new INT32 constant. */
    public Value constantInt(String name, int... values) {
        return Value.constant(name, Constant.vector(values));
    }

    /** A new constant named after the current node. */
    public Value constant(String suffix, Constant c) {
        return Value.constant(current.name() + "/" + suffix, c);
    }

    /** Adds an operator (from the current node). */
    public Op emit(BuiltinOperator code, List<Value> inputs, List<Value> outputs, Map<String, Object> options) {
        return out.add(new Op(code, inputs, outputs, options, current == null ? "" : current.name()));
    }

    /** Adds a single-output operator writing output 0 of the current node, and binds it. */
    public Value emitOutput(BuiltinOperator code, List<Value> inputs, Map<String, Object> options) {
        Value o = outputValue(0);
        emit(code, inputs, List.of(o), options);
        bind(0, o);
        return o;
    }
}
