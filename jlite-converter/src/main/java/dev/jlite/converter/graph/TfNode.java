package dev.jlite.converter.graph;

import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.savedmodel.TfTensors;
import dev.jlite.converter.savedmodel.TfTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * One TensorFlow node: op, data inputs as {@code "node:port"} references (control inputs are dropped: a converted
 * model has no side effects to order), attributes as TensorFlow stores them, and the function it was inlined from.
 */
public final class TfNode {
    final String name;
    String op;
    final List<String> inputs;
    final Map<String, AttrValue> attrs;
    /** The library function this node came from ("" for the top-level graph), for error messages. */
    final String function;
    private Constant value;
    /** Output types and shapes found by {@link ShapeInference} (a shape is null while unknown). */
    dev.jlite.DataType[] types;
    int[][] shapes;

    TfNode(String name, String op, List<String> inputs, Map<String, AttrValue> attrs, String function) {
        this.name = name;
        this.op = op;
        this.inputs = new ArrayList<>(inputs);
        this.attrs = new java.util.HashMap<>(attrs);
        this.function = function;
    }

    /** A node of a top-level GraphDef, its inputs normalized to {@code node:port}. */
    static TfNode of(NodeDef def) {
        List<String> in = new ArrayList<>();
        for (String s : def.getInputList()) {
            if (!s.startsWith("^")) {
                in.add(TfGraph.normalize(s));
            }
        }
        return new TfNode(def.getName(), def.getOp(), in, def.getAttrMap(), "");
    }

    TfNode copy() {
        TfNode n = new TfNode(name, op, inputs, attrs, function);
        n.value = value;
        return n;
    }

    /** The inferred type of output {@code port}, or null. */
    public dev.jlite.DataType type(int port) {
        return types == null || port >= types.length ? null : types[port];
    }

    /** The inferred shape of output {@code port} (-1 for unknown dimensions), or null when unknown. */
    public int[] shape(int port) {
        return shapes == null || port >= shapes.length || shapes[port] == null ? null : shapes[port].clone();
    }

    /** Records the outputs' types and shapes. */
    public void setOutputs(dev.jlite.DataType[] types, int[][] shapes) {
        this.types = types;
        this.shapes = shapes;
    }

    public String name() {
        return name;
    }

    public String op() {
        return op;
    }

    public List<String> inputs() {
        return inputs;
    }

    public String function() {
        return function;
    }

    /** Where the node sits, for messages: its name, op and function. */
    public String describe() {
        return "node '" + name + "' (op " + op + (function.isEmpty() ? "" : ", in function " + function) + ")";
    }

    public boolean has(String attr) {
        return attrs.containsKey(attr);
    }

    public AttrValue attr(String name) {
        AttrValue a = attrs.get(name);
        if (a == null) {
            throw new ConversionException(describe() + " has no attribute '" + name + "'");
        }
        return a;
    }

    public long intAttr(String name, long def) {
        AttrValue a = attrs.get(name);
        return a == null ? def : a.getI();
    }

    public float floatAttr(String name, float def) {
        AttrValue a = attrs.get(name);
        return a == null ? def : a.getF();
    }

    public boolean boolAttr(String name, boolean def) {
        AttrValue a = attrs.get(name);
        return a == null ? def : a.getB();
    }

    public String stringAttr(String name, String def) {
        AttrValue a = attrs.get(name);
        return a == null ? def : a.getS().toStringUtf8();
    }

    public int[] intsAttr(String name) {
        AttrValue a = attrs.get(name);
        return a == null ? new int[0] : a.getList().getIList().stream().mapToInt(Long::intValue).toArray();
    }

    public dev.jlite.DataType typeAttr(String name) {
        return TfTypes.toJlite(attr(name).getType());
    }

    /** The value of a Const node (decoded once), or of a node a pass turned into a constant. */
    public Constant value() {
        if (value == null && "Const".equals(op)) {
            value = TfTensors.decode(attr("value").getTensor(), describe());
        }
        return value;
    }

    /** Turns this node into a Const holding {@code v}, with no inputs. */
    public void makeConstant(Constant v) {
        op = "Const";
        inputs.clear();
        attrs.clear();
        value = v;
        types = new dev.jlite.DataType[] {v.type()};
        shapes = new int[][] {v.shape()};
    }

    @Override
    public String toString() {
        return name + " = " + op + inputs;
    }
}
