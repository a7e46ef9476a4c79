package dev.jlite;

import dev.jlite.model.ModelReader;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.SignatureDef;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TensorFlow Lite model: a validated, read-only view over a {@code .tflite} FlatBuffer. Opening checks the whole
 * file once; afterwards the model is immutable and may be shared by any number of {@link Interpreter}s on any
 * threads.
 */
public final class Model {
    private final ByteBuffer bytes;
    private final ModelReader.Contents contents;
    private final ModelLimits limits;
    /** Constant tensors widened to Java arrays, shared by every interpreter of this model. */
    private final Map<Long, Object> constantArrays = new ConcurrentHashMap<>();

    private Model(ByteBuffer bytes, ModelLimits limits) {
        this.bytes = bytes;
        this.limits = limits;
        this.contents = ModelReader.read(bytes, limits);
    }

    /** Memory-maps a model file and validates it. */
    public static Model open(Path path) throws IOException {
        return open(path, ModelLimits.DEFAULT);
    }

    /** Memory-maps a model file and validates it against the given limits. */
    public static Model open(Path path, ModelLimits limits) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new ModelFormatException(path + ": " + size + " bytes is larger than 2 GiB");
            }
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            try {
                return new Model(mapped, limits);
            } catch (ModelFormatException e) {
                throw new ModelFormatException(path.getFileName() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Wraps a model held in memory, from its position to its limit. The buffer's contents must not change while
     * the model is in use; the buffer itself (position, limit, order) is left as it was.
     */
    public static Model wrap(ByteBuffer buffer) {
        return wrap(buffer, ModelLimits.DEFAULT);
    }

    public static Model wrap(ByteBuffer buffer, ModelLimits limits) {
        return new Model(buffer.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN), limits);
    }

    public int version() {
        return contents.version();
    }

    /** The description string, or {@code null}. */
    public String description() {
        return contents.description();
    }

    public List<OperatorCode> operatorCodes() {
        return contents.operatorCodes();
    }

    public List<Subgraph> subgraphs() {
        return contents.subgraphs();
    }

    public Subgraph subgraph(int i) {
        return contents.subgraphs().get(i);
    }

    /** Metadata entries by name, each a read-only view of its buffer. */
    public Map<String, ByteBuffer> metadata() {
        return contents.metadata();
    }

    public List<SignatureDef> signatureDefs() {
        return contents.signatureDefs();
    }

    public int bufferCount() {
        return contents.bufferCount();
    }

    public ModelLimits limits() {
        return limits;
    }

    /** The size of the model in bytes. */
    public int byteSize() {
        return bytes.limit();
    }

    /** Bytes of constant data held by tensors of all subgraphs. */
    public long parameterBytes() {
        long n = 0;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Subgraph s : subgraphs()) {
            for (TensorSpec t : s.tensors()) {
                if (t.isConstant() && seen.add(t.bufferIndex())) {
                    n += t.data().remaining();
                }
            }
        }
        return n;
    }

    /**
     * The constant data of a dense tensor widened into its Java storage array, made once and shared by every
     * interpreter of this model. Callers must not write to it.
     */
    Object constantArray(int subgraph, TensorSpec spec) {
        long key = ((long) subgraph << 32) | spec.index();
        return constantArrays.computeIfAbsent(key, k -> TensorData.fromLittleEndian(spec.type(), spec.data()));
    }
}
