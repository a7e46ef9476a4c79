package dev.jlite.converter.tf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs a SavedModel's signature with TensorFlow Java: the reference outputs that converted models are compared
 * with. Inputs and outputs are flat arrays with shapes, keyed by the signature's user-facing names.
 */
public final class TfRunner implements AutoCloseable {

    /**
     * One input value.
     *
     * @param data {@code float[]} (DT_FLOAT) or {@code int[]} (DT_INT32), row-major
     * @param shape its shape
     */
    public record Feed(Object data, long... shape) {
    }

    /**
     * One output value.
     *
     * @param data the values, row-major
     * @param shape its shape
     */
    public record Value(float[] data, long[] shape) {
        @Override
        public String toString() {
            return "Value" + Arrays.toString(shape);
        }
    }

    private final SavedModelBundle bundle;
    private final SessionFunction function;

    /** Loads the {@code serve} graph of a SavedModel and picks its {@code serving_default} signature. */
    public TfRunner(Path savedModel) {
        this(savedModel, Signature.DEFAULT_KEY);
    }

    /** Loads the {@code serve} graph of a SavedModel and picks a signature by key. */
    public TfRunner(Path savedModel, String signatureKey) {
        bundle = SavedModelBundle.load(savedModel.toString(), SavedModelBundle.DEFAULT_TAG);
        try {
            function = bundle.function(signatureKey);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** The signature being run. */
    public Signature signature() {
        return function.signature();
    }

    /** The op types in the loaded graph (the whole MetaGraph, not only the signature's subgraph). */
    public Set<String> opTypes() {
        Set<String> types = new TreeSet<>();
        bundle.metaGraphDef().getGraphDef().getNodeList().forEach(node -> types.add(node.getOp()));
        return types;
    }

    /**
     * Runs the signature once.
     *
     * @param feeds one feed per signature input, by name
     * @return every signature output by name, in the signature's order
     */
    public Map<String, Value> run(Map<String, Feed> feeds) {
        if (!feeds.keySet().equals(signature().inputNames())) {
            throw new IllegalArgumentException("signature inputs are " + signature().inputNames() + ", got "
                    + feeds.keySet());
        }
        List<Tensor> tensors = new ArrayList<>();
        try {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, Feed> e : feeds.entrySet()) {
                Tensor t = toTensor(e.getKey(), e.getValue());
                tensors.add(t);
                inputs.put(e.getKey(), t);
            }
            try (Result result = function.call(inputs)) {
                Map<String, Value> outputs = new LinkedHashMap<>();
                for (String name : signature().outputNames()) {
                    outputs.put(name, toValue(name, result.get(name).orElseThrow()));
                }
                return outputs;
            }
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /** Runs a model's signature on one example per input, given in {@link ExportedModel#inputs()} order. */
    public Map<String, Value> run(ExportedModel model, Object... example) {
        Map<String, Feed> feeds = new LinkedHashMap<>();
        for (int i = 0; i < example.length; i++) {
            ExportedModel.Input input = model.inputs().get(i);
            feeds.put(input.name(), new Feed(example[i], input.shape()));
        }
        return run(feeds);
    }

    private static Tensor toTensor(String name, Feed feed) {
        Shape shape = Shape.of(feed.shape());
        long size = shape.size();
        if (feed.data() instanceof float[] a && a.length == size) {
            return TFloat32.tensorOf(shape, DataBuffers.of(a, true, false));
        }
        if (feed.data() instanceof int[] a && a.length == size) {
            return TInt32.tensorOf(shape, DataBuffers.of(a, true, false));
        }
        throw new IllegalArgumentException("input " + name + ": need a float[] or int[] of " + size
                + " elements for shape " + shape + ", got " + feed.data().getClass().getSimpleName());
    }

    private static Value toValue(String name, Tensor tensor) {
        if (!(tensor instanceof TFloat32 t)) {
            throw new IllegalArgumentException("output " + name + " is " + tensor.dataType() + ", only float is read");
        }
        float[] data = new float[Math.toIntExact(t.shape().size())];
        t.copyTo(DataBuffers.of(data, false, false));
        return new Value(data, t.shape().asArray());
    }

    @Override
    public void close() {
        bundle.close();
    }
}
