package dev.jlite.model;

import dev.jlite.DataType;
import dev.jlite.ModelFormatException;
import dev.jlite.ModelLimits;
import dev.jlite.QuantizationParams;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.flatbuffers.Where;
import dev.jlite.kernel.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates a TensorFlow Lite FlatBuffer (schema version 3). Everything is checked once here, so the rest
 * of the runtime can trust the model: offsets and lengths, indices into tensors, buffers and operator codes,
 * shapes and their byte sizes, buffer sizes against tensor sizes, and the execution order (every tensor an
 * operator reads is a constant, a graph input, a variable, or written by an earlier operator).
 */
public final class ModelReader {
    /** Field ids of schema.fbs tables. */
    private static final int MODEL_VERSION = 0, MODEL_OPCODES = 1, MODEL_SUBGRAPHS = 2, MODEL_DESCRIPTION = 3,
            MODEL_BUFFERS = 4, MODEL_METADATA = 6, MODEL_SIGNATURES = 7;
    private static final int OPCODE_DEPRECATED = 0, OPCODE_CUSTOM = 1, OPCODE_VERSION = 2, OPCODE_BUILTIN = 3;
    private static final int SG_TENSORS = 0, SG_INPUTS = 1, SG_OUTPUTS = 2, SG_OPERATORS = 3, SG_NAME = 4;
    private static final int T_SHAPE = 0, T_TYPE = 1, T_BUFFER = 2, T_NAME = 3, T_QUANT = 4, T_VARIABLE = 5,
            T_SPARSITY = 6, T_SIGNATURE = 7;
    private static final int Q_MIN = 0, Q_MAX = 1, Q_SCALE = 2, Q_ZERO = 3, Q_DIM = 6;
    private static final int OP_OPCODE = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS_TYPE = 3, OP_OPTIONS = 4,
            OP_CUSTOM = 5, OP_INTERMEDIATES = 8;
    private static final int BUF_DATA = 0, BUF_OFFSET = 1, BUF_SIZE = 2;
    private static final int META_NAME = 0, META_BUFFER = 1;
    private static final int SIG_INPUTS = 0, SIG_OUTPUTS = 1, SIG_KEY = 2, SIG_SUBGRAPH = 4;
    private static final int MAP_NAME = 0, MAP_TENSOR = 1;

    /** The validated contents of a model file. */
    public record Contents(int version, String description, List<OperatorCode> operatorCodes,
            List<Subgraph> subgraphs, Map<String, ByteBuffer> metadata, List<SignatureDef> signatureDefs,
            int bufferCount) {}

    private final ByteBuffer file;
    private final ModelLimits limits;
    private final FlatTable root;
    private final ByteBuffer[] buffers;

    private ModelReader(ByteBuffer file, ModelLimits limits) {
        this.file = file.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.limits = limits;
        this.root = FlatTable.root(this.file, Where.of("model"));
        if (this.file.limit() >= 8) {
            byte[] id = new byte[4];
            this.file.get(4, id);
            if (!Arrays.equals(id, new byte[] {'T', 'F', 'L', '3'})) {
                throw new ModelFormatException("model: file identifier is not TFL3: not a TensorFlow Lite model");
            }
        }
        this.buffers = new ByteBuffer[root.tableCount(MODEL_BUFFERS)];
    }

    /** Reads and validates a whole model. The buffer is not modified; constant data stays a view into it. */
    public static Contents read(ByteBuffer file, ModelLimits limits) {
        return new ModelReader(file, limits).read();
    }

    private Contents read() {
        long version = root.getUInt(MODEL_VERSION, 0);
        if (version != 3) {
            throw new ModelFormatException("model: schema version " + version + " is not supported (expected 3)");
        }
        for (int b = 0; b < buffers.length; b++) {
            buffers[b] = readBuffer(b);
        }
        List<OperatorCode> codes = readOperatorCodes();
        int subgraphCount = root.tableCount(MODEL_SUBGRAPHS);
        if (subgraphCount == 0) {
            throw new ModelFormatException("model: has no subgraphs");
        }
        List<Subgraph> subgraphs = new ArrayList<>(subgraphCount);
        for (int s = 0; s < subgraphCount; s++) {
            subgraphs.add(readSubgraph(s, root.tableAt(MODEL_SUBGRAPHS, s, Where.of("subgraph", s)), codes));
        }
        Map<String, ByteBuffer> metadata = new LinkedHashMap<>();
        for (int m = 0, n = root.tableCount(MODEL_METADATA); m < n; m++) {
            FlatTable t = root.tableAt(MODEL_METADATA, m, Where.of("metadata", m));
            String name = t.string(META_NAME);
            long buffer = t.getUInt(META_BUFFER, 0);
            if (buffer >= buffers.length) {
                throw new ModelFormatException("metadata " + m + " '" + name + "': buffer index " + buffer
                        + " out of range (" + buffers.length + " buffers)");
            }
            ByteBuffer data = buffers[(int) buffer];
            metadata.put(name == null ? "" : name, data == null ? ByteBuffer.allocate(0) : data.asReadOnlyBuffer());
        }
        List<SignatureDef> signatures = new ArrayList<>();
        for (int i = 0, n = root.tableCount(MODEL_SIGNATURES); i < n; i++) {
            signatures.add(readSignature(i, root.tableAt(MODEL_SIGNATURES, i, Where.of("signature", i)), subgraphs));
        }
        return new Contents((int) version, root.string(MODEL_DESCRIPTION), List.copyOf(codes), List.copyOf(subgraphs),
                java.util.Collections.unmodifiableMap(metadata), List.copyOf(signatures), buffers.length);
    }

    private ByteBuffer readBuffer(int b) {
        FlatTable t = root.tableAt(MODEL_BUFFERS, b, Where.of("buffer", b));
        long offset = t.getLong(BUF_OFFSET, 0);
        long size = t.getLong(BUF_SIZE, 0);
        if (offset > 1) {
            // Large models keep buffers after the FlatBuffer, addressed from the start of the file.
            if (size < 0 || offset + size > file.limit() || offset + size < 0) {
                throw new ModelFormatException("buffer " + b + ": external data at offset " + offset + " of "
                        + size + " bytes runs past the end of the " + file.limit() + "-byte file");
            }
            return size == 0 ? null : file.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer data = t.bytes(BUF_DATA);
        return data == null || data.remaining() == 0 ? null : data;
    }

    private List<OperatorCode> readOperatorCodes() {
        int n = root.tableCount(MODEL_OPCODES);
        List<OperatorCode> codes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            FlatTable t = root.tableAt(MODEL_OPCODES, i, Where.of("operator code", i));
            int deprecated = t.getByte(OPCODE_DEPRECATED, (byte) 0);
            int builtin = t.getInt(OPCODE_BUILTIN, 0);
            int code = Math.max(deprecated, builtin);
            int version = t.getInt(OPCODE_VERSION, 1);
            if (code < 0) {
                throw new ModelFormatException("operator code " + i + ": negative builtin code " + code);
            }
            if (version < 1) {
                throw new ModelFormatException("operator code " + i + ": version " + version + " is not positive");
            }
            String custom = t.string(OPCODE_CUSTOM);
            if (code == BuiltinOperator.CUSTOM.code() && (custom == null || custom.isEmpty())) {
                throw new ModelFormatException("operator code " + i + ": CUSTOM without a custom_code name");
            }
            codes.add(new OperatorCode(code, custom, version));
        }
        return codes;
    }

    private Subgraph readSubgraph(int s, FlatTable g, List<OperatorCode> codes) {
        Where where = g.where();
        int tensorCount = g.tableCount(SG_TENSORS);
        List<TensorSpec> tensors = new ArrayList<>(tensorCount);
        for (int i = 0; i < tensorCount; i++) {
            tensors.add(readTensor(i, g.tableAt(SG_TENSORS, i, where.child("tensor", i))));
        }
        int[] inputs = indices(g.ints(SG_INPUTS), tensorCount, where.part("inputs"), false);
        int[] outputs = indices(g.ints(SG_OUTPUTS), tensorCount, where.part("outputs"), false);
        int opCount = g.tableCount(SG_OPERATORS);
        List<Operator> operators = new ArrayList<>(opCount);
        for (int i = 0; i < opCount; i++) {
            Where opWhere = where.child("operator", i);
            FlatTable t = g.tableAt(SG_OPERATORS, i, opWhere);
            long opcode = t.getUInt(OP_OPCODE, 0);
            if (opcode >= codes.size()) {
                throw new ModelFormatException(opWhere + ": opcode index " + opcode + " out of range ("
                        + codes.size() + " operator codes)");
            }
            opWhere = opWhere.detail(codes.get((int) opcode));
            int[] in = indices(t.ints(OP_INPUTS), tensorCount, opWhere.part("inputs"), true);
            int[] out = indices(t.ints(OP_OUTPUTS), tensorCount, opWhere.part("outputs"), false);
            int[] mid = indices(t.ints(OP_INTERMEDIATES), tensorCount, opWhere.part("intermediates"), false);
            int optionsType = t.getUByte(OP_OPTIONS_TYPE, 0);
            FlatTable options = optionsType == 0 ? null : t.table(OP_OPTIONS, opWhere.part("options"));
            ByteBuffer custom = t.bytes(OP_CUSTOM);
            operators.add(new Operator(i, (int) opcode, in, out, mid, optionsType, options, custom));
        }
        checkExecutionOrder(where, tensors, inputs, outputs, operators);
        String name = g.string(SG_NAME);
        return new Subgraph(s, name == null ? "" : name, tensors, inputs, outputs, operators);
    }

    private static int[] indices(int[] values, int tensorCount, Where where, boolean optional) {
        if (values == null) {
            return new int[0];
        }
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if ((v < 0 && !(optional && v == -1)) || v >= tensorCount) {
                throw new ModelFormatException(where + ": tensor index " + v + " at position " + i
                        + " out of range (" + tensorCount + " tensors)");
            }
        }
        return values;
    }

    /**
     * Operators run in file order; a tensor an operator reads must already hold a value. This rejects cycles and
     * reads before writes in one pass, and tensors written twice.
     */
    private static void checkExecutionOrder(Where where, List<TensorSpec> tensors, int[] inputs, int[] outputs,
            List<Operator> operators) {
        boolean[] ready = new boolean[tensors.size()];
        int[] writer = new int[tensors.size()];
        Arrays.fill(writer, -1);
        for (int i : inputs) {
            ready[i] = true;
        }
        for (TensorSpec t : tensors) {
            // A tensor with no elements has nothing to read: TensorFlow Lite accepts such "constants" (an empty
            // shape vector, say), whose buffer holds no bytes.
            if (t.isConstant() || t.isVariable() || (t.elementCount() == 0 && t.bufferIndex() != 0)) {
                ready[t.index()] = true;
            }
        }
        for (Operator op : operators) {
            for (int i = 0; i < op.inputs().length; i++) {
                int t = op.inputAt(i);
                if (t >= 0 && !ready[t]) {
                    throw new ModelFormatException(where + " / operator " + op.index() + ": input " + i + " reads "
                            + tensors.get(t) + " before any operator writes it (cycle or wrong order)");
                }
            }
            for (int t : op.outputs()) {
                if (tensors.get(t).isConstant()) {
                    throw new ModelFormatException(where + " / operator " + op.index() + ": writes constant "
                            + tensors.get(t));
                }
                if (writer[t] >= 0 && !tensors.get(t).isVariable()) {
                    throw new ModelFormatException(where + " / operator " + op.index() + ": " + tensors.get(t)
                            + " is already written by operator " + writer[t]);
                }
                writer[t] = op.index();
                ready[t] = true;
            }
        }
        for (int o : outputs) {
            if (!ready[o]) {
                throw new ModelFormatException(where + ": output " + tensors.get(o) + " is never written");
            }
        }
    }

    private TensorSpec readTensor(int i, FlatTable t) {
        String name = t.string(T_NAME);
        Where where = t.where().named(name);
        int typeCode = t.getByte(T_TYPE, (byte) 0);
        DataType type = DataType.ofCode(typeCode);
        if (type == null) {
            throw new ModelFormatException(where + ": unknown tensor type " + typeCode);
        }
        int[] shape = t.ints(T_SHAPE);
        if (shape == null) {
            shape = new int[0];
        }
        if (shape.length > limits.maxRank()) {
            throw new ModelFormatException(where + ": rank " + shape.length + " exceeds the limit "
                    + limits.maxRank());
        }
        long elements = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new ModelFormatException(where + ": dimension " + d + " is negative (" + shape[d] + ")");
            }
            elements *= shape[d];
            if (elements * Math.max(1, type.byteSize()) > limits.maxTensorBytes()) {
                throw new ModelFormatException(where + ": shape " + Arrays.toString(shape)
                        + " exceeds the tensor size limit of " + limits.maxTensorBytes() + " bytes");
            }
        }
        int[] signature = t.ints(T_SIGNATURE);
        // Writers that always emit the vector (FlatBuffers' object API) leave it empty; TFLite reads that as absent.
        if (signature == null || (signature.length == 0 && shape.length > 0)) {
            signature = shape.clone();
        } else if (signature.length != shape.length) {
            throw new ModelFormatException(where + ": shape_signature " + Arrays.toString(signature)
                    + " has a different rank than shape " + Arrays.toString(shape));
        } else {
            for (int d = 0; d < signature.length; d++) {
                if (signature[d] != -1 && signature[d] != shape[d]) {
                    throw new ModelFormatException(where + ": shape_signature " + Arrays.toString(signature)
                            + " disagrees with shape " + Arrays.toString(shape) + " in dimension " + d);
                }
            }
        }
        long buffer = t.getUInt(T_BUFFER, 0);
        if (buffer >= Math.max(1, buffers.length) && !(buffer == 0)) {
            throw new ModelFormatException(where + ": buffer index " + buffer + " out of range (" + buffers.length
                    + " buffers)");
        }
        ByteBuffer data = buffers.length == 0 ? null : buffers[(int) buffer];
        Sparsity sparsity = readSparsity(where, t.table(T_SPARSITY, where.part("sparsity")));
        if (data != null && sparsity == null && type != DataType.STRING) {
            long expected = elements * type.byteSize();
            if (data.remaining() != expected) {
                throw new ModelFormatException(where + ": buffer " + buffer + " holds " + data.remaining()
                        + " bytes but " + type + Arrays.toString(shape) + " needs " + expected);
            }
        }
        QuantizationParams quant = readQuantization(where, t.table(T_QUANT, where.part("quantization")), shape);
        return new TensorSpec(i, name == null ? "" : name, type, shape, signature, (int) buffer, data, quant, sparsity,
                t.getBool(T_VARIABLE, false));
    }

    private static QuantizationParams readQuantization(Where where, FlatTable q, int[] shape) {
        if (q == null) {
            return QuantizationParams.NONE;
        }
        float[] scale = q.floats(Q_SCALE);
        long[] zero = q.longs(Q_ZERO);
        float[] min = q.floats(Q_MIN);
        float[] max = q.floats(Q_MAX);
        int dim = q.getInt(Q_DIM, 0);
        if (scale == null || scale.length == 0) {
            return new QuantizationParams(new float[0], new long[0], 0, min, max);
        }
        if (zero == null) {
            zero = new long[scale.length];
        }
        if (zero.length != scale.length) {
            throw new ModelFormatException(where + ": " + scale.length + " quantization scales but " + zero.length
                    + " zero points");
        }
        if (scale.length > 1) {
            if (dim < 0 || dim >= shape.length || shape[dim] != scale.length) {
                throw new ModelFormatException(where + ": " + scale.length + " per-axis scales do not match "
                        + "quantized dimension " + dim + " of shape " + Arrays.toString(shape));
            }
        }
        return new QuantizationParams(scale, zero, dim, min, max);
    }

    private static Sparsity readSparsity(Where where, FlatTable s) {
        if (s == null) {
            return null;
        }
        int[] order = s.ints(0);
        int[] blockMap = s.ints(1);
        List<Sparsity.DimensionMetadata> dims = new ArrayList<>();
        for (int i = 0, n = s.tableCount(2); i < n; i++) {
            Where dimension = where.part("sparsity dimension " + i);
            FlatTable d = s.tableAt(2, i, dimension);
            boolean sparse = d.getByte(0, (byte) 0) == 1;
            int denseSize = d.getInt(1, 0);
            int[] segments = sparse ? indexVector(d, 2, 3, dimension.part("segments")) : null;
            int[] indices = sparse ? indexVector(d, 4, 5, dimension.part("indices")) : null;
            dims.add(new Sparsity.DimensionMetadata(sparse, denseSize, segments, indices));
        }
        return new Sparsity(order == null ? new int[0] : order, blockMap == null ? new int[0] : blockMap,
                List.copyOf(dims));
    }

    /** Reads a {@code SparseIndexVector} union: Int32Vector (1), Uint16Vector (2) or Uint8Vector (3). */
    private static int[] indexVector(FlatTable d, int typeField, int valueField, Where where) {
        int type = d.getUByte(typeField, 0);
        FlatTable v = d.table(valueField, where);
        if (v == null) {
            throw new ModelFormatException(where + ": missing");
        }
        switch (type) {
            case 1: {
                int[] values = v.ints(0);
                return values == null ? new int[0] : values;
            }
            case 2: {
                int[] values = v.ushorts(0);
                return values == null ? new int[0] : values;
            }
            case 3: {
                ByteBuffer b = v.bytes(0);
                int[] values = new int[b == null ? 0 : b.remaining()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Byte.toUnsignedInt(b.get(i));
                }
                return values;
            }
            default:
                throw new ModelFormatException(where + ": unknown index vector type " + type);
        }
    }

    private static SignatureDef readSignature(int i, FlatTable t, List<Subgraph> subgraphs) {
        String key = t.string(SIG_KEY);
        Where where = t.where().named(key);
        long sg = t.getUInt(SIG_SUBGRAPH, 0);
        if (sg >= subgraphs.size()) {
            throw new ModelFormatException(where + ": subgraph index " + sg + " out of range (" + subgraphs.size()
                    + " subgraphs)");
        }
        int tensorCount = subgraphs.get((int) sg).tensors().size();
        return new SignatureDef(key == null ? "" : key, (int) sg, tensorMap(t, SIG_INPUTS, tensorCount, where),
                tensorMap(t, SIG_OUTPUTS, tensorCount, where));
    }

    private static Map<String, Integer> tensorMap(FlatTable t, int field, int tensorCount, Where where) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0, n = t.tableCount(field); i < n; i++) {
            FlatTable m = t.tableAt(field, i, where.part("entry " + i));
            String name = m.string(MAP_NAME);
            long index = m.getUInt(MAP_TENSOR, 0);
            if (index >= tensorCount) {
                throw new ModelFormatException(where + ": '" + name + "' maps to tensor " + index
                        + ", out of range (" + tensorCount + " tensors)");
            }
            map.put(name == null ? "" : name, (int) index);
        }
        return map;
    }
}
