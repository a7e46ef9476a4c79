package dev.jlite.writer;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.model.Sparsity;
import dev.jlite.writer.SubgraphBuilder.OperatorDef;
import dev.jlite.writer.SubgraphBuilder.TensorDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serializes a {@link ModelBuilder} as schema.fbs (version 3) tables, written by field id. FlatBuffers builds
 * back to front and forbids nesting, so every table's children (vectors, strings, sub-tables) are written before
 * the table itself; constant data goes first and so ends up at the end of the file.
 */
final class FlatModelWriter {
    /** Field ids of schema.fbs tables, as in TensorFlow Lite 2.6. */
    private static final int MODEL_VERSION = 0, MODEL_OPCODES = 1, MODEL_SUBGRAPHS = 2, MODEL_DESCRIPTION = 3,
            MODEL_BUFFERS = 4, MODEL_METADATA = 6, MODEL_SIGNATURES = 7, MODEL_FIELDS = 8;
    private static final int OPCODE_DEPRECATED = 0, OPCODE_CUSTOM = 1, OPCODE_VERSION = 2, OPCODE_BUILTIN = 3,
            OPCODE_FIELDS = 4;
    private static final int SG_TENSORS = 0, SG_INPUTS = 1, SG_OUTPUTS = 2, SG_OPERATORS = 3, SG_NAME = 4,
            SG_FIELDS = 5;
    private static final int T_SHAPE = 0, T_TYPE = 1, T_BUFFER = 2, T_NAME = 3, T_QUANT = 4, T_VARIABLE = 5,
            T_SPARSITY = 6, T_SIGNATURE = 7, T_FIELDS = 8;
    private static final int Q_MIN = 0, Q_MAX = 1, Q_SCALE = 2, Q_ZERO = 3, Q_DIM = 6, Q_FIELDS = 7;
    private static final int OP_OPCODE = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS_TYPE = 3, OP_OPTIONS = 4,
            OP_CUSTOM = 5, OP_FIELDS = 6;
    private static final int SP_ORDER = 0, SP_BLOCK_MAP = 1, SP_DIMS = 2, SP_FIELDS = 3;
    private static final int DIM_FORMAT = 0, DIM_DENSE_SIZE = 1, DIM_SEGMENTS_TYPE = 2, DIM_SEGMENTS = 3,
            DIM_INDICES_TYPE = 4, DIM_INDICES = 5, DIM_FIELDS = 6;
    /** SparseIndexVector union members. */
    private static final int INDEX_INT32 = 1, INDEX_UINT16 = 2, INDEX_UINT8 = 3;
    private static final int BUF_DATA = 0, BUF_FIELDS = 1;
    private static final int META_NAME = 0, META_BUFFER = 1, META_FIELDS = 2;
    private static final int SIG_INPUTS = 0, SIG_OUTPUTS = 1, SIG_KEY = 2, SIG_SUBGRAPH = 4, SIG_FIELDS = 5;
    private static final int MAP_NAME = 0, MAP_TENSOR = 1, MAP_FIELDS = 2;

    private static final int SCHEMA_VERSION = 3;
    /** TensorFlow Lite's converter aligns buffer data to 16 bytes (schema: force_align: 16). */
    private static final int DATA_ALIGNMENT = 16;
    /** Builtin codes past this do not fit the deprecated byte field, which then holds this placeholder. */
    private static final int PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

    /** An operator_codes entry; equal entries are shared. */
    private record Code(int builtin, String custom, int version) {}

    private final ModelBuilder model;
    private final FlatBufferBuilder fbb;
    private final Map<Code, Integer> codes = new LinkedHashMap<>();
    private final List<byte[]> bufferData = new ArrayList<>();

    private FlatModelWriter(ModelBuilder model) {
        this.model = model;
        long bytes = 1024;
        for (SubgraphBuilder s : model.subgraphs) {
            for (TensorDef t : s.tensors) {
                bytes += t.data == null ? 64 : t.data.length + DATA_ALIGNMENT + 64;
            }
        }
        for (byte[] m : model.metadata.values()) {
            bytes += m.length + DATA_ALIGNMENT;
        }
        this.fbb = new FlatBufferBuilder((int) Math.min(Integer.MAX_VALUE - 16, bytes));
    }

    static byte[] write(ModelBuilder model) {
        return new FlatModelWriter(model).write();
    }

    private byte[] write() {
        bufferData.add(null); // buffer 0: the empty buffer of every tensor without data
        int[][] tensorBuffers = new int[model.subgraphs.size()][];
        for (int s = 0; s < tensorBuffers.length; s++) {
            List<TensorDef> tensors = model.subgraphs.get(s).tensors;
            tensorBuffers[s] = new int[tensors.size()];
            for (int t = 0; t < tensors.size(); t++) {
                tensorBuffers[s][t] = addBuffer(tensors.get(t).data);
            }
        }
        int[] metadataBuffers = new int[model.metadata.size()];
        int m = 0;
        for (byte[] data : model.metadata.values()) {
            metadataBuffers[m++] = addBuffer(data);
        }

        int buffers = writeBuffers();
        int[] subgraphs = new int[model.subgraphs.size()];
        for (int s = 0; s < subgraphs.length; s++) {
            subgraphs[s] = writeSubgraph(model.subgraphs.get(s), tensorBuffers[s]);
        }
        int opcodes = writeOperatorCodes();
        int metadata = writeMetadata(metadataBuffers);
        int signatures = writeSignatures();
        int description = model.description == null ? 0 : fbb.createString(model.description);
        int subgraphVector = FlatVectors.offsets(fbb, subgraphs);

        fbb.startTable(MODEL_FIELDS);
        fbb.addInt(MODEL_VERSION, SCHEMA_VERSION, 0);
        fbb.addOffset(MODEL_OPCODES, opcodes, 0);
        fbb.addOffset(MODEL_SUBGRAPHS, subgraphVector, 0);
        fbb.addOffset(MODEL_DESCRIPTION, description, 0);
        fbb.addOffset(MODEL_BUFFERS, buffers, 0);
        fbb.addOffset(MODEL_METADATA, metadata, 0);
        fbb.addOffset(MODEL_SIGNATURES, signatures, 0);
        fbb.finish(fbb.endTable(), "TFL3");
        return fbb.sizedByteArray();
    }

    /** Registers a buffer for data (null: a tensor without data, which uses buffer 0); returns its index. */
    private int addBuffer(byte[] data) {
        if (data == null) {
            return 0;
        }
        bufferData.add(data);
        return bufferData.size() - 1;
    }

    private int writeBuffers() {
        int[] tables = new int[bufferData.size()];
        // Data vectors first: they cannot be written while a Buffer table is open.
        int[] vectors = new int[tables.length];
        for (int b = 0; b < tables.length; b++) {
            byte[] data = bufferData.get(b);
            vectors[b] = data == null || data.length == 0 ? 0 : FlatVectors.alignedBytes(fbb, data, DATA_ALIGNMENT);
        }
        for (int b = 0; b < tables.length; b++) {
            fbb.startTable(BUF_FIELDS);
            fbb.addOffset(BUF_DATA, vectors[b], 0);
            tables[b] = fbb.endTable();
        }
        return FlatVectors.offsets(fbb, tables);
    }

    private int writeSubgraph(SubgraphBuilder s, int[] buffers) {
        int[] tensors = new int[s.tensors.size()];
        for (int t = 0; t < tensors.length; t++) {
            tensors[t] = writeTensor(s.tensors.get(t), buffers[t]);
        }
        int[] operators = new int[s.operators.size()];
        for (int o = 0; o < operators.length; o++) {
            operators[o] = writeOperator(s.operators.get(o));
        }
        int tensorVector = FlatVectors.offsets(fbb, tensors);
        int inputs = FlatVectors.ints(fbb, toArray(s.inputs));
        int outputs = FlatVectors.ints(fbb, toArray(s.outputs));
        int operatorVector = FlatVectors.offsets(fbb, operators);
        int name = fbb.createString(s.name());
        fbb.startTable(SG_FIELDS);
        fbb.addOffset(SG_TENSORS, tensorVector, 0);
        fbb.addOffset(SG_INPUTS, inputs, 0);
        fbb.addOffset(SG_OUTPUTS, outputs, 0);
        fbb.addOffset(SG_OPERATORS, operatorVector, 0);
        fbb.addOffset(SG_NAME, name, 0);
        return fbb.endTable();
    }

    private int writeTensor(TensorDef t, int buffer) {
        int shape = FlatVectors.ints(fbb, t.shape);
        int name = fbb.createString(t.name);
        int quantization = 0;
        if (t.scales != null || t.min != null) {
            int min = t.min == null ? 0 : FlatVectors.floats(fbb, t.min);
            int max = t.max == null ? 0 : FlatVectors.floats(fbb, t.max);
            int scales = t.scales == null ? 0 : FlatVectors.floats(fbb, t.scales);
            int zeroPoints = t.zeroPoints == null ? 0 : FlatVectors.longs(fbb, t.zeroPoints);
            fbb.startTable(Q_FIELDS);
            fbb.addOffset(Q_MIN, min, 0);
            fbb.addOffset(Q_MAX, max, 0);
            fbb.addOffset(Q_SCALE, scales, 0);
            fbb.addOffset(Q_ZERO, zeroPoints, 0);
            fbb.addInt(Q_DIM, t.quantizedDimension, 0);
            quantization = fbb.endTable();
        }
        int sparsity = t.sparsity == null ? 0 : writeSparsity(t.sparsity);
        // Written only when it says something the shape does not, as TensorFlow Lite's converter does.
        int signature = t.signature == null || Arrays.equals(t.signature, t.shape) ? 0
                : FlatVectors.ints(fbb, t.signature);
        fbb.startTable(T_FIELDS);
        fbb.addOffset(T_SHAPE, shape, 0);
        fbb.addByte(T_TYPE, (byte) t.type.code(), 0);
        fbb.addInt(T_BUFFER, buffer, 0);
        fbb.addOffset(T_NAME, name, 0);
        fbb.addOffset(T_QUANT, quantization, 0);
        fbb.addBoolean(T_VARIABLE, t.variable, false);
        fbb.addOffset(T_SPARSITY, sparsity, 0);
        fbb.addOffset(T_SIGNATURE, signature, 0);
        return fbb.endTable();
    }

    private int writeSparsity(Sparsity sparsity) {
        int order = FlatVectors.ints(fbb, sparsity.traversalOrder());
        int blockMap = FlatVectors.ints(fbb, sparsity.blockMap());
        int[] dims = new int[sparsity.dimensions().size()];
        for (int i = 0; i < dims.length; i++) {
            Sparsity.DimensionMetadata d = sparsity.dimensions().get(i);
            int segments = 0;
            int indices = 0;
            if (d.sparse()) {
                segments = writeIndexVector(d.segments());
                indices = writeIndexVector(d.indices());
            }
            fbb.startTable(DIM_FIELDS);
            fbb.addByte(DIM_FORMAT, (byte) (d.sparse() ? 1 : 0), 0);
            fbb.addInt(DIM_DENSE_SIZE, d.denseSize(), 0);
            if (d.sparse()) {
                fbb.addByte(DIM_SEGMENTS_TYPE, (byte) indexType(d.segments()), 0);
                fbb.addOffset(DIM_SEGMENTS, segments, 0);
                fbb.addByte(DIM_INDICES_TYPE, (byte) indexType(d.indices()), 0);
                fbb.addOffset(DIM_INDICES, indices, 0);
            }
            dims[i] = fbb.endTable();
        }
        int dimVector = FlatVectors.offsets(fbb, dims);
        fbb.startTable(SP_FIELDS);
        fbb.addOffset(SP_ORDER, order, 0);
        fbb.addOffset(SP_BLOCK_MAP, blockMap, 0);
        fbb.addOffset(SP_DIMS, dimVector, 0);
        return fbb.endTable();
    }

    /** The smallest SparseIndexVector member that holds every value. */
    private static int indexType(int[] values) {
        int max = 0;
        for (int v : values) {
            if (v < 0) {
                return INDEX_INT32;
            }
            max = Math.max(max, v);
        }
        return max <= 0xFF ? INDEX_UINT8 : max <= 0xFFFF ? INDEX_UINT16 : INDEX_INT32;
    }

    /** An Int32Vector, Uint16Vector or Uint8Vector table (its one field, {@code values}, has id 0). */
    private int writeIndexVector(int[] values) {
        int type = indexType(values);
        int vector;
        if (type == INDEX_INT32) {
            vector = FlatVectors.ints(fbb, values);
        } else if (type == INDEX_UINT16) {
            fbb.startVector(2, values.length, 2);
            for (int i = values.length - 1; i >= 0; i--) {
                fbb.addShort((short) values[i]);
            }
            vector = fbb.endVector();
        } else {
            fbb.startVector(1, values.length, 1);
            for (int i = values.length - 1; i >= 0; i--) {
                fbb.addByte((byte) values[i]);
            }
            vector = fbb.endVector();
        }
        fbb.startTable(1);
        fbb.addOffset(0, vector, 0);
        return fbb.endTable();
    }

    private int writeOperator(OperatorDef op) {
        int opcode = codes.computeIfAbsent(new Code(op.builtinCode(), op.customName(), op.version()),
                c -> codes.size());
        int inputs = FlatVectors.ints(fbb, op.inputs());
        int outputs = FlatVectors.ints(fbb, op.outputs());
        int options = op.options() == null ? 0 : op.options().write(fbb);
        int custom = op.customOptions() == null ? 0 : fbb.createByteVector(op.customOptions());
        fbb.startTable(OP_FIELDS);
        fbb.addInt(OP_OPCODE, opcode, 0);
        fbb.addOffset(OP_INPUTS, inputs, 0);
        fbb.addOffset(OP_OUTPUTS, outputs, 0);
        if (op.options() != null) {
            fbb.addByte(OP_OPTIONS_TYPE, (byte) op.options().unionType(), 0);
            fbb.addOffset(OP_OPTIONS, options, 0);
        }
        fbb.addOffset(OP_CUSTOM, custom, 0);
        return fbb.endTable();
    }

    private int writeOperatorCodes() {
        int[] tables = new int[codes.size()];
        int i = 0;
        for (Code c : codes.keySet()) {
            int custom = c.custom() == null ? 0 : fbb.createString(c.custom());
            fbb.startTable(OPCODE_FIELDS);
            // Readers before 2.3 see only the byte field; later ones take the larger of the two.
            fbb.addByte(OPCODE_DEPRECATED, (byte) Math.min(c.builtin(), PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
            fbb.addOffset(OPCODE_CUSTOM, custom, 0);
            fbb.addInt(OPCODE_VERSION, c.version(), 1);
            fbb.addInt(OPCODE_BUILTIN, c.builtin(), 0);
            tables[i++] = fbb.endTable();
        }
        return FlatVectors.offsets(fbb, tables);
    }

    private int writeMetadata(int[] buffers) {
        int[] tables = new int[buffers.length];
        int i = 0;
        for (String key : model.metadata.keySet()) {
            int name = fbb.createString(key);
            fbb.startTable(META_FIELDS);
            fbb.addOffset(META_NAME, name, 0);
            fbb.addInt(META_BUFFER, buffers[i], 0);
            tables[i++] = fbb.endTable();
        }
        return tables.length == 0 ? 0 : FlatVectors.offsets(fbb, tables);
    }

    private int writeSignatures() {
        int[] tables = new int[model.signatures.size()];
        for (int i = 0; i < tables.length; i++) {
            ModelBuilder.Signature s = model.signatures.get(i);
            int inputs = tensorMap(s.inputs());
            int outputs = tensorMap(s.outputs());
            int key = fbb.createString(s.key());
            fbb.startTable(SIG_FIELDS);
            fbb.addOffset(SIG_INPUTS, inputs, 0);
            fbb.addOffset(SIG_OUTPUTS, outputs, 0);
            fbb.addOffset(SIG_KEY, key, 0);
            fbb.addInt(SIG_SUBGRAPH, s.subgraphIndex(), 0);
            tables[i] = fbb.endTable();
        }
        return tables.length == 0 ? 0 : FlatVectors.offsets(fbb, tables);
    }

    private int tensorMap(Map<String, Integer> map) {
        int[] tables = new int[map.size()];
        int i = 0;
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            int name = fbb.createString(e.getKey());
            fbb.startTable(MAP_FIELDS);
            fbb.addOffset(MAP_NAME, name, 0);
            fbb.addInt(MAP_TENSOR, e.getValue(), 0);
            tables[i++] = fbb.endTable();
        }
        return FlatVectors.offsets(fbb, tables);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
