package dev.jlite.ops.elementwise;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.DimensionMetadata;
import org.tensorflow.lite.schema.DimensionType;
import org.tensorflow.lite.schema.Int32Vector;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SparseIndexVector;
import org.tensorflow.lite.schema.SparsityParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.Uint16Vector;
import org.tensorflow.lite.schema.Uint8Vector;

/**
 * Sparse tensors for DENSIFY tests: an encoder from dense data (written from the format's definition) and a model
 * writer (OpModelBuilder has no sparsity). Models are DENSIFY(sparse constant) -> output 0, plus an unrelated
 * RELU on a one-element model input, because the official Java binding refuses models without inputs.
 */
final class SparseModels {
    private SparseModels() {}

    /** One traversal level: DENSE with its size, or SPARSE_CSR with segments and indices. */
    record Level(boolean sparse, int denseSize, int[] segments, int[] indices, byte indexType) {
        static Level dense(int size) {
            return new Level(false, size, null, null, SparseIndexVector.NONE);
        }

        static Level csr(int[] segments, int[] indices) {
            return new Level(true, 0, segments, indices, SparseIndexVector.Int32Vector);
        }

        Level withIndexType(byte type) {
            return new Level(sparse, denseSize, segments, indices, sparse ? type : SparseIndexVector.NONE);
        }
    }

    /** A sparse encoding: traversal order, block map, levels, and the stored values (as floats). */
    record Encoding(int[] order, int[] blockMap, List<Level> levels, float[] values) {}

    /**
     * Encodes {@code dense} (row-major {@code shape}). Level {@code l} traverses original dimension
     * {@code order[l]} (in blocks when blocked) for {@code l < rank}, else block dimension {@code order[l] - rank};
     * {@code sparse[l]} picks CSR. CSR levels keep only indices whose sub-tree holds a non-zero.
     */
    static Encoding encode(float[] dense, int[] shape, int[] order, int[] blockMap, int[] blockSize,
            boolean[] sparse) {
        int rank = shape.length;
        int levels = order.length;
        int[] levelSize = new int[levels];
        for (int l = 0; l < levels; l++) {
            if (order[l] < rank) {
                int size = shape[order[l]];
                for (int k = 0; k < blockMap.length; k++) {
                    if (blockMap[k] == order[l]) {
                        size /= blockSize[k];
                    }
                }
                levelSize[l] = size;
            } else {
                levelSize[l] = blockSize[order[l] - rank];
            }
        }
        List<List<Integer>> segments = new ArrayList<>();
        List<List<Integer>> indices = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            segments.add(new ArrayList<>(List.of(0)));
            indices.add(new ArrayList<>());
        }
        List<Float> values = new ArrayList<>();
        new Object() {
            void emit(int l, int[] c) {
                if (l == levels) {
                    values.add(dense[flat(c)]);
                    return;
                }
                for (int i = 0; i < levelSize[l]; i++) {
                    c[l] = i;
                    if (!sparse[l]) {
                        emit(l + 1, c);
                    } else if (hasNonZero(l + 1, c)) {
                        indices.get(l).add(i);
                        emit(l + 1, c);
                    }
                }
                if (sparse[l]) {
                    segments.get(l).add(indices.get(l).size());
                }
            }

            boolean hasNonZero(int l, int[] c) {
                if (l == levels) {
                    return dense[flat(c)] != 0f;
                }
                for (int i = 0; i < levelSize[l]; i++) {
                    c[l] = i;
                    if (hasNonZero(l + 1, c)) {
                        return true;
                    }
                }
                return false;
            }

            int flat(int[] c) {
                int[] original = new int[rank];
                for (int l = 0; l < levels; l++) {
                    if (order[l] < rank) {
                        original[order[l]] += c[l] * blockFactor(order[l]);
                    } else {
                        original[blockMap[order[l] - rank]] += c[l];
                    }
                }
                int index = 0;
                for (int d = 0; d < rank; d++) {
                    index = index * shape[d] + original[d];
                }
                return index;
            }

            int blockFactor(int dim) {
                for (int k = 0; k < blockMap.length; k++) {
                    if (blockMap[k] == dim) {
                        return blockSize[k];
                    }
                }
                return 1;
            }
        }.emit(0, new int[levels]);
        List<Level> result = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            result.add(sparse[l]
                    ? Level.csr(toArray(segments.get(l)), toArray(indices.get(l)))
                    : Level.dense(levelSize[l]));
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new Encoding(order, blockMap, result, v);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Little-endian bytes of values stored as {@code type} (INT8 and FLOAT16 take the floats' integer values). */
    static byte[] valueBytes(DataType type, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (type) {
                case FLOAT32 -> b.putFloat(v);
                case INT8 -> b.put((byte) v);
                case FLOAT16 -> b.putShort(halfOfSmallInteger((int) v));
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return b.array();
    }

    /** The binary16 bits of a small integer (|v| <= 2048), exactly. */
    static short halfOfSmallInteger(int v) {
        if (v == 0) {
            return 0;
        }
        int sign = v < 0 ? 0x8000 : 0;
        int m = Math.abs(v);
        int exponent = 31 - Integer.numberOfLeadingZeros(m);
        int mantissa = (m << (10 - exponent)) & 0x3ff;
        return (short) (sign | ((exponent + 15) << 10) | mantissa);
    }

    /** The DENSIFY model for an encoding of a {@code type} tensor of {@code shape}. */
    static ByteBuffer densify(DataType type, int[] shape, Encoding e) {
        return densify(type, shape, e.order(), e.blockMap(), e.levels(), valueBytes(type, e.values()));
    }

    static ByteBuffer densify(DataType type, int[] shape, int[] order, int[] blockMap, List<Level> levels,
            byte[] values) {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
        int[] buffers = {
            Buffer.createBuffer(fbb, 0),
            Buffer.createBuffer(fbb, Buffer.createDataVector(fbb, values))
        };
        int[] dims = new int[levels.size()];
        for (int l = 0; l < dims.length; l++) {
            Level level = levels.get(l);
            int segments = level.sparse() ? indexVector(fbb, level.indexType(), level.segments()) : 0;
            int indices = level.sparse() ? indexVector(fbb, level.indexType(), level.indices()) : 0;
            dims[l] = DimensionMetadata.createDimensionMetadata(fbb,
                    level.sparse() ? DimensionType.SPARSE_CSR : DimensionType.DENSE, level.denseSize(),
                    level.indexType(), segments, level.indexType(), indices);
        }
        int sparsity = SparsityParameters.createSparsityParameters(fbb,
                SparsityParameters.createTraversalOrderVector(fbb, order),
                blockMap == null ? 0 : SparsityParameters.createBlockMapVector(fbb, blockMap),
                SparsityParameters.createDimMetadataVector(fbb, dims));
        int[] tensors = {
            tensor(fbb, "sparse", type, shape, 1, sparsity),
            tensor(fbb, "dense", type, shape, 0, 0),
            tensor(fbb, "dummy_in", DataType.FLOAT32, new int[] {1}, 0, 0),
            tensor(fbb, "dummy_out", DataType.FLOAT32, new int[] {1}, 0, 0)
        };
        int[] operators = {operator(fbb, 0, 0, 1), operator(fbb, 1, 2, 3)};
        int[] codes = {
            OperatorCode.createOperatorCode(fbb, (byte) BuiltinOperator.DENSIFY.code(), 0, 1,
                    BuiltinOperator.DENSIFY.code()),
            OperatorCode.createOperatorCode(fbb, (byte) BuiltinOperator.RELU.code(), 0, 1, BuiltinOperator.RELU.code())
        };
        int subgraph = SubGraph.createSubGraph(fbb, SubGraph.createTensorsVector(fbb, tensors),
                SubGraph.createInputsVector(fbb, new int[] {2}), SubGraph.createOutputsVector(fbb, new int[] {1, 3}),
                SubGraph.createOperatorsVector(fbb, operators), fbb.createString("main"));
        int model = Model.createModel(fbb, 3, Model.createOperatorCodesVector(fbb, codes),
                Model.createSubgraphsVector(fbb, new int[] {subgraph}), fbb.createString("densify test"),
                Model.createBuffersVector(fbb, buffers), 0, 0, 0);
        fbb.finish(model, "TFL3");
        return ByteBuffer.wrap(fbb.sizedByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int indexVector(FlatBufferBuilder fbb, byte type, int[] values) {
        switch (type) {
            case SparseIndexVector.Int32Vector:
                return Int32Vector.createInt32Vector(fbb, Int32Vector.createValuesVector(fbb, values));
            case SparseIndexVector.Uint16Vector:
                return Uint16Vector.createUint16Vector(fbb, Uint16Vector.createValuesVector(fbb, values));
            case SparseIndexVector.Uint8Vector: {
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) values[i];
                }
                return Uint8Vector.createUint8Vector(fbb, Uint8Vector.createValuesVector(fbb, bytes));
            }
            default:
                throw new IllegalArgumentException("index type " + type);
        }
    }

    private static int tensor(FlatBufferBuilder fbb, String name, DataType type, int[] shape, int buffer,
            int sparsity) {
        int shapeVector = Tensor.createShapeVector(fbb, shape);
        int nameString = fbb.createString(name);
        Tensor.startTensor(fbb);
        Tensor.addShape(fbb, shapeVector);
        Tensor.addType(fbb, (byte) type.code());
        Tensor.addBuffer(fbb, buffer);
        Tensor.addName(fbb, nameString);
        if (sparsity != 0) {
            Tensor.addSparsity(fbb, sparsity);
        }
        return Tensor.endTensor(fbb);
    }

    private static int operator(FlatBufferBuilder fbb, int code, int input, int output) {
        int inputs = Operator.createInputsVector(fbb, new int[] {input});
        int outputs = Operator.createOutputsVector(fbb, new int[] {output});
        Operator.startOperator(fbb);
        Operator.addOpcodeIndex(fbb, code);
        Operator.addInputs(fbb, inputs);
        Operator.addOutputs(fbb, outputs);
        return Operator.endOperator(fbb);
    }
}
