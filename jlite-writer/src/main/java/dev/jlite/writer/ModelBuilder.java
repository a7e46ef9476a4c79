package dev.jlite.writer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a TensorFlow Lite model file (schema version 3, file identifier {@code TFL3}) in code: subgraphs of tensors
 * and operators, signature defs, metadata and a description. The file loads in TensorFlow Lite's interpreter and in
 * {@link dev.jlite.Model}.
 *
 * <pre>{@code
 * ModelBuilder model = new ModelBuilder();
 * SubgraphBuilder g = model.subgraph("main");
 * int x = g.input("x", DataType.FLOAT32, 1, 4);
 * int w = g.constant("w", DataType.FLOAT32, new int[] {2, 4}, weights);
 * int y = g.tensor("y", DataType.FLOAT32, 1, 2);
 * g.operator(BuiltinOperator.FULLY_CONNECTED, new int[] {x, w, -1}, new int[] {y},
 *         BuiltinOptions.fullyConnected(FusedActivation.RELU, false));
 * g.output(y);
 * byte[] file = model.build();
 * }</pre>
 *
 * <p>Each constant gets its own buffer, its data aligned to 16 bytes; buffer 0 is the empty buffer every
 * activation tensor points to. A builder may be built more than once; later changes show in later builds.
 */
public final class ModelBuilder {
    /** A signature def as it will be written. */
    record Signature(String key, int subgraphIndex, Map<String, Integer> inputs, Map<String, Integer> outputs) {}

    final List<SubgraphBuilder> subgraphs = new ArrayList<>();
    final Map<String, byte[]> metadata = new LinkedHashMap<>();
    final List<Signature> signatures = new ArrayList<>();
    String description;

    /** Adds a subgraph; the first one added is the primary subgraph, the one an interpreter runs. */
    public SubgraphBuilder subgraph(String name) {
        SubgraphBuilder s = new SubgraphBuilder(subgraphs.size(), Objects.requireNonNull(name, "name"));
        subgraphs.add(s);
        return s;
    }

    /** Sets the model's description string. */
    public ModelBuilder description(String description) {
        this.description = description;
        return this;
    }

    /** Adds a named metadata entry, stored in its own buffer (e.g. {@code TFLITE_METADATA}). */
    public ModelBuilder metadata(String name, byte[] data) {
        Objects.requireNonNull(name, "name");
        if (metadata.containsKey(name)) {
            throw new IllegalArgumentException("metadata '" + name + "' is already set");
        }
        metadata.put(name, data.clone());
        return this;
    }

    /**
     * Adds a signature def: a named entry point running one subgraph, with user-facing names for some of its
     * tensors. Indices are checked when the model is built.
     *
     * @param inputs input names to tensor indices of that subgraph, in the order to write them
     * @param outputs output names to tensor indices of that subgraph, in the order to write them
     */
    public ModelBuilder signature(String key, int subgraphIndex, Map<String, Integer> inputs,
            Map<String, Integer> outputs) {
        Objects.requireNonNull(key, "key");
        for (Signature s : signatures) {
            if (s.key().equals(key)) {
                throw new IllegalArgumentException("signature '" + key + "' is already defined");
            }
        }
        signatures.add(new Signature(key, subgraphIndex, new LinkedHashMap<>(inputs), new LinkedHashMap<>(outputs)));
        return this;
    }

    /**
     * Writes the model.
     *
     * @throws IllegalArgumentException when there is no subgraph, or a signature names a subgraph or tensor that
     *     does not exist
     */
    public byte[] build() {
        validate();
        return FlatModelWriter.write(this);
    }

    /** Writes the model into a little-endian heap buffer. */
    public ByteBuffer buildBuffer() {
        return ByteBuffer.wrap(build()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the model to a file, replacing it. */
    public void write(Path path) {
        try {
            Files.write(path, build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void validate() {
        if (subgraphs.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one subgraph");
        }
        for (Signature s : signatures) {
            if (s.subgraphIndex() < 0 || s.subgraphIndex() >= subgraphs.size()) {
                throw new IllegalArgumentException("signature '" + s.key() + "': subgraph index "
                        + s.subgraphIndex() + " out of range (" + subgraphs.size() + " subgraphs)");
            }
            int tensors = subgraphs.get(s.subgraphIndex()).tensorCount();
            for (Map<String, Integer> map : List.of(s.inputs(), s.outputs())) {
                map.forEach((name, t) -> {
                    if (t == null || t < 0 || t >= tensors) {
                        throw new IllegalArgumentException("signature '" + s.key() + "': '" + name
                                + "' maps to tensor " + t + ", out of range (" + tensors + " tensors)");
                    }
                });
            }
        }
    }
}
