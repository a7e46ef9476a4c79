package dev.jlite.converter.tf;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Freezes an {@link ExportedModel} into a GraphDef file, as TF 1's {@code freeze_graph} did: only the nodes the
 * signature outputs need, every {@code VariableV2} replaced by a {@code Const} holding the value the SavedModel's
 * checkpoint restores (read back through TensorFlow itself).
 */
public final class FrozenGraphs {

    /**
     * A frozen graph file and how to call it.
     *
     * @param file the GraphDef ({@code .pb})
     * @param inputs input placeholder tensors ({@code node:port}), in the model's input order
     * @param outputs output tensors ({@code node:port}), in the model's output order
     */
    public record Frozen(Path file, List<String> inputs, List<String> outputs) {
    }

    private FrozenGraphs() {
    }

    /** Writes the frozen {@code serving_default} graph of {@code model} to {@code file}. */
    public static Frozen freeze(ExportedModel model, Path file) {
        try (SavedModelBundle bundle = SavedModelBundle.load(model.dir().toString(), SavedModelBundle.DEFAULT_TAG)) {
            SignatureDef signature = bundle.metaGraphDef().getSignatureDefOrThrow("serving_default");
            List<String> inputs = model.inputs().stream().map(i -> tensorName(signature.getInputsMap(), i.name()))
                    .toList();
            List<String> outputs = model.outputs().stream().map(o -> tensorName(signature.getOutputsMap(), o))
                    .toList();
            GraphDef graph = bundle.metaGraphDef().getGraphDef();
            Set<String> needed = reachable(graph, outputs);
            GraphDef.Builder frozen = GraphDef.newBuilder().setVersions(graph.getVersions());
            for (NodeDef node : graph.getNodeList()) {
                if (!needed.contains(node.getName())) {
                    continue;
                }
                frozen.addNode(node.getOp().equals("VariableV2") ? constant(bundle, node) : node);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, frozen.build().toByteArray());
            return new Frozen(file, inputs, outputs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tensorName(Map<String, TensorInfo> map, String key) {
        TensorInfo info = map.get(key);
        if (info == null) {
            throw new IllegalArgumentException("the signature has no tensor '" + key + "'; it has " + map.keySet());
        }
        return info.getName();
    }

    private static Set<String> reachable(GraphDef graph, List<String> outputs) {
        Map<String, NodeDef> byName = new HashMap<>();
        graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
        Set<String> seen = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        outputs.forEach(o -> work.add(nodeName(o)));
        while (!work.isEmpty()) {
            String name = work.pop();
            if (seen.add(name)) {
                for (String input : byName.get(name).getInputList()) {
                    work.add(nodeName(input));
                }
            }
        }
        return seen;
    }

    private static String nodeName(String tensor) {
        String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private static NodeDef constant(SavedModelBundle bundle, NodeDef variable) {
        try (Result result = bundle.session().runner().fetch(variable.getName()).run()) {
            if (!(result.get(0) instanceof TFloat32 value)) {
                throw new IllegalArgumentException(variable.getName() + ": only float variables are frozen");
            }
            long[] shape = value.shape().asArray();
            float[] data = new float[Math.toIntExact(value.shape().size())];
            value.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(data, false, false));
            ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(data);
            TensorShapeProto.Builder shapeProto = TensorShapeProto.newBuilder();
            for (long d : shape) {
                shapeProto.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shapeProto)
                    .setTensorContent(ByteString.copyFrom(bytes.array())).build();
            return NodeDef.newBuilder().setName(variable.getName()).setOp("Const")
                    .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                    .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
        }
    }
}
