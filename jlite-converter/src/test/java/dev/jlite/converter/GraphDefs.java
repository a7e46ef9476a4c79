package dev.jlite.converter;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Writes small TensorFlow GraphDefs node by node for op-mapping tests, and runs them in TensorFlow (Java, the
 * oracle) with a session.
 */
final class GraphDefs {
    private final GraphDef.Builder g = GraphDef.newBuilder();

    static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    static AttrValue i(long v) {
        return AttrValue.newBuilder().setI(v).build();
    }

    static AttrValue f(float v) {
        return AttrValue.newBuilder().setF(v).build();
    }

    static AttrValue b(boolean v) {
        return AttrValue.newBuilder().setB(v).build();
    }

    static AttrValue s(String v) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttrValue ints(long... v) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long x : v) {
            l.addI(x);
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return s.build();
    }

    GraphDefs placeholder(String name, long... dims) {
        g.addNode(NodeDef.newBuilder().setName(name).setOp("Placeholder").putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("shape", AttrValue.newBuilder().setShape(shape(dims)).build()));
        return this;
    }

    GraphDefs constant(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(dims))
                .setTensorContent(ByteString.copyFrom(b.array())).build();
        g.addNode(NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build()));
        return this;
    }

    GraphDefs ints(String name, int[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(dims));
        for (int v : values) {
            t.addIntVal(v);
        }
        g.addNode(NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(DataType.DT_INT32))
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build()));
        return this;
    }

    /** A float op ({@code T} = float unless given) with attributes as name, value pairs. */
    GraphDefs op(String name, String op, String[] inputs, Object... attrs) {
        NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp(op).addAllInput(Arrays.asList(inputs));
        Map<String, AttrValue> a = new LinkedHashMap<>();
        a.put("T", type(DataType.DT_FLOAT));
        for (int k = 0; k < attrs.length; k += 2) {
            a.put((String) attrs[k], (AttrValue) attrs[k + 1]);
        }
        if (a.get("T") == null) {
            a.remove("T");
        }
        n.putAllAttr(a);
        g.addNode(n);
        return this;
    }

    static String[] in(String... names) {
        return names;
    }

    GraphDef build() {
        return g.build();
    }

    /** Runs the graph in TensorFlow: feeds by placeholder name, fetches float outputs. */
    static float[][] runTensorFlow(GraphDef def, Map<String, float[]> feeds, Map<String, long[]> shapes,
            String... fetches) {
        try (Graph graph = new Graph()) {
            graph.importGraphDef(def);
            try (Session s = new Session(graph)) {
                Session.Runner r = s.runner();
                java.util.List<Tensor> inputs = new java.util.ArrayList<>();
                for (Map.Entry<String, float[]> e : feeds.entrySet()) {
                    Tensor t = TFloat32.tensorOf(Shape.of(shapes.get(e.getKey())), DataBuffers.of(e.getValue(),
                            true, false));
                    inputs.add(t);
                    r.feed(e.getKey(), t);
                }
                for (String f : fetches) {
                    r.fetch(f);
                }
                try (Result res = r.run()) {
                    float[][] out = new float[fetches.length][];
                    for (int k = 0; k < fetches.length; k++) {
                        TFloat32 t = (TFloat32) res.get(k);
                        out[k] = new float[Math.toIntExact(t.shape().size())];
                        t.copyTo(DataBuffers.of(out[k], false, false));
                    }
                    return out;
                } finally {
                    inputs.forEach(Tensor::close);
                }
            }
        }
    }
}
