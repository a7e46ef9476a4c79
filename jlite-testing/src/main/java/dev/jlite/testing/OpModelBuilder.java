package dev.jlite.testing;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * Writes small .tflite models (schema version 3, one subgraph) around one operator, or a short chain of them, with
 * the generated TFLite schema classes. Used to test kernels one at a time against the official interpreter.
 *
 * <p>Tensors are declared in order and each declaration is attached to the <em>current</em> operator (the last one
 * started by the constructor or {@link #addOperator}): {@link #input}, {@link #constant}, {@link #optionalInput} and
 * {@link #use} append to its inputs, {@link #output} and {@link #intermediate} to its outputs. Model inputs are the
 * {@code input} tensors and model outputs the {@code output} tensors, in declaration order.
 *
 * <pre>{@code
 * OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD)
 *         .options(BuiltinOptions.AddOptions, fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.RELU, false));
 * b.input(DataType.FLOAT32, 1, 2, 2, 3);
 * b.constant(DataType.FLOAT32, new int[] {3}, new float[] {1, 2, 3});
 * b.output(DataType.FLOAT32, 1, 2, 2, 3);
 * ByteBuffer model = b.build();
 * }</pre>
 */
public final class OpModelBuilder {

    private static final int SCHEMA_VERSION = 3;
    private static final String FILE_IDENTIFIER = "TFL3";
    private static final int DATA_ALIGNMENT = 16;
    /** Builtin codes above this only fit the 32-bit {@code builtin_code} field of operator codes. */
    private static final int MAX_DEPRECATED_BUILTIN_CODE = 127;

    private final List<TensorDecl> tensors = new ArrayList<>();
    private final List<Integer> modelInputs = new ArrayList<>();
    private final List<Integer> modelOutputs = new ArrayList<>();
    private final List<OperatorDecl> operators = new ArrayList<>();

    /** Starts a model whose first operator is the builtin {@code op}. */
    public OpModelBuilder(BuiltinOperator op) {
        this(op.code());
    }

    /** Starts a model whose first operator has this builtin code (also for codes unknown to jlite). */
    public OpModelBuilder(int builtinCode) {
        operators.add(new OperatorDecl(builtinCode, null, null));
    }

    private OpModelBuilder(String customName, byte[] customOptions) {
        operators.add(new OperatorDecl(BuiltinOperator.CUSTOM.code(), customName, customOptions));
    }

    /** Starts a model whose first operator is the custom op {@code name} with these (raw) custom options. */
    public static OpModelBuilder custom(String name, byte[] customOptions) {
        return new OpModelBuilder(Objects.requireNonNull(name, "name"), customOptions);
    }

    /** Starts a further builtin operator; later declarations attach to it. */
    public OpModelBuilder addOperator(BuiltinOperator op) {
        operators.add(new OperatorDecl(op.code(), null, null));
        return this;
    }

    /** Starts a further custom operator; later declarations attach to it. */
    public OpModelBuilder addCustomOperator(String name, byte[] customOptions) {
        operators.add(new OperatorDecl(BuiltinOperator.CUSTOM.code(), Objects.requireNonNull(name, "name"),
                customOptions));
        return this;
    }

    /** Declares a model input tensor and makes it the current operator's next input; returns its tensor index. */
    public int input(DataType type, int... shape) {
        int t = addTensor(type, shape, null, "input");
        modelInputs.add(t);
        current().inputs.add(t);
        return t;
    }

    /**
     * Declares a constant tensor (its own buffer) and makes it the current operator's next input.
     *
     * @param flatData row-major data: {@code float[]} (FLOAT32), {@code int[]} (INT32, UINT32), {@code byte[]}
     *     (INT8, UINT8, BOOL), {@code boolean[]} (BOOL), {@code short[]} (INT16, UINT16, or FLOAT16 bit patterns),
     *     {@code long[]} (INT64, UINT64) or {@code double[]} (FLOAT64), one element per shape element
     * @return the tensor index
     */
    public int constant(DataType type, int[] shape, Object flatData) {
        int t = addTensor(type, shape, encode(type, shape, flatData), "constant");
        current().inputs.add(t);
        return t;
    }

    /** Adds an omitted optional input (tensor index -1) to the current operator; returns -1. */
    public int optionalInput() {
        current().inputs.add(-1);
        return -1;
    }

    /** Makes an already declared tensor (e.g. an earlier operator's output) the current operator's next input. */
    public OpModelBuilder use(int tensorIndex) {
        checkTensor(tensorIndex);
        current().inputs.add(tensorIndex);
        return this;
    }

    /** Declares a model output tensor written by the current operator; returns its tensor index. */
    public int output(DataType type, int... shape) {
        int t = addTensor(type, shape, null, "output");
        modelOutputs.add(t);
        current().outputs.add(t);
        return t;
    }

    /** Declares a tensor written by the current operator that is not a model output; returns its tensor index. */
    public int intermediate(DataType type, int... shape) {
        int t = addTensor(type, shape, null, "intermediate");
        current().outputs.add(t);
        return t;
    }

    /**
     * Sets the current operator's builtin options.
     *
     * @param unionType the {@code BuiltinOptions} union type, e.g. {@code BuiltinOptions.Conv2DOptions}
     * @param writeOptionsTable writes the options table and returns its offset, e.g.
     *     {@code fbb -> Conv2DOptions.createConv2DOptions(fbb, Padding.SAME, 1, 1, ActivationFunctionType.NONE, 1, 1)}
     */
    public OpModelBuilder options(byte unionType, ToIntFunction<FlatBufferBuilder> writeOptionsTable) {
        current().optionsType = unionType;
        current().optionsWriter = Objects.requireNonNull(writeOptionsTable, "writeOptionsTable");
        return this;
    }

    /** Sets the current operator's version (default 1). */
    public OpModelBuilder version(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("operator version must be >= 1, got " + version);
        }
        current().version = version;
        return this;
    }

    /** Gives a tensor per-tensor (affine) quantization parameters. */
    public OpModelBuilder quantize(int tensorIndex, float scale, long zeroPoint) {
        return quantize(tensorIndex, new float[] {scale}, new long[] {zeroPoint}, 0);
    }

    /** Gives a tensor per-channel quantization parameters along {@code quantizedDimension}. */
    public OpModelBuilder quantize(int tensorIndex, float[] scales, long[] zeroPoints, int quantizedDimension) {
        checkTensor(tensorIndex);
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException("need as many zero points as scales (at least one), got "
                    + scales.length + " scales and " + zeroPoints.length + " zero points");
        }
        TensorDecl t = tensors.get(tensorIndex);
        t.scales = scales.clone();
        t.zeroPoints = zeroPoints.clone();
        t.quantizedDimension = quantizedDimension;
        return this;
    }

    /** Writes the model file; returns its bytes in a little-endian heap buffer positioned at 0. */
    public ByteBuffer build() {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1024);

        // Buffer 0 is the empty sentinel that all tensors without data point to.
        int[] bufferOffsets = new int[1 + (int) tensors.stream().filter(t -> t.data != null).count()];
        bufferOffsets[0] = Buffer.createBuffer(fbb, 0);
        int[] tensorOffsets = new int[tensors.size()];
        int nextBuffer = 1;
        for (int i = 0; i < tensors.size(); i++) {
            TensorDecl t = tensors.get(i);
            int buffer = 0;
            if (t.data != null) {
                buffer = nextBuffer++;
                bufferOffsets[buffer] = Buffer.createBuffer(fbb, alignedByteVector(fbb, t.data));
            }
            tensorOffsets[i] = writeTensor(fbb, t, buffer);
        }

        List<OperatorDecl> codes = new ArrayList<>();
        int[] operatorOffsets = new int[operators.size()];
        for (int i = 0; i < operators.size(); i++) {
            OperatorDecl op = operators.get(i);
            int opcodeIndex = opcodeIndex(codes, op);
            operatorOffsets[i] = writeOperator(fbb, op, opcodeIndex);
        }
        int[] codeOffsets = new int[codes.size()];
        for (int i = 0; i < codes.size(); i++) {
            OperatorDecl op = codes.get(i);
            int name = op.customName == null ? 0 : fbb.createString(op.customName);
            codeOffsets[i] = OperatorCode.createOperatorCode(fbb,
                    (byte) Math.min(op.builtinCode, MAX_DEPRECATED_BUILTIN_CODE), name, op.version, op.builtinCode);
        }

        int subgraph = SubGraph.createSubGraph(fbb,
                SubGraph.createTensorsVector(fbb, tensorOffsets),
                SubGraph.createInputsVector(fbb, toArray(modelInputs)),
                SubGraph.createOutputsVector(fbb, toArray(modelOutputs)),
                SubGraph.createOperatorsVector(fbb, operatorOffsets),
                fbb.createString("main"));
        int model = Model.createModel(fbb, SCHEMA_VERSION,
                Model.createOperatorCodesVector(fbb, codeOffsets),
                Model.createSubgraphsVector(fbb, new int[] {subgraph}),
                fbb.createString("jlite OpModelBuilder"),
                Model.createBuffersVector(fbb, bufferOffsets),
                0, 0, 0);
        fbb.finish(model, FILE_IDENTIFIER);
        return ByteBuffer.wrap(fbb.sizedByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private OperatorDecl current() {
        return operators.get(operators.size() - 1);
    }

    private int addTensor(DataType type, int[] shape, byte[] data, String kind) {
        Objects.requireNonNull(type, "type");
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(kind + " shape " + Arrays.toString(shape) + " has a negative size");
            }
        }
        tensors.add(new TensorDecl(type, shape.clone(), data, kind + "_" + tensors.size()));
        return tensors.size() - 1;
    }

    private void checkTensor(int tensorIndex) {
        if (tensorIndex < 0 || tensorIndex >= tensors.size()) {
            throw new IllegalArgumentException("no tensor " + tensorIndex + " (" + tensors.size() + " declared)");
        }
    }

    private static int writeTensor(FlatBufferBuilder fbb, TensorDecl t, int buffer) {
        int shape = Tensor.createShapeVector(fbb, t.shape);
        int name = fbb.createString(t.name);
        int quantization = 0;
        if (t.scales != null) {
            int scale = QuantizationParameters.createScaleVector(fbb, t.scales);
            int zeroPoint = QuantizationParameters.createZeroPointVector(fbb, t.zeroPoints);
            quantization = QuantizationParameters.createQuantizationParameters(fbb, 0, 0, scale, zeroPoint,
                    (byte) 0, 0, t.quantizedDimension);
        }
        Tensor.startTensor(fbb);
        Tensor.addShape(fbb, shape);
        Tensor.addType(fbb, (byte) t.type.code());
        Tensor.addBuffer(fbb, buffer);
        Tensor.addName(fbb, name);
        if (quantization != 0) {
            Tensor.addQuantization(fbb, quantization);
        }
        return Tensor.endTensor(fbb);
    }

    private static int writeOperator(FlatBufferBuilder fbb, OperatorDecl op, int opcodeIndex) {
        int inputs = Operator.createInputsVector(fbb, toArray(op.inputs));
        int outputs = Operator.createOutputsVector(fbb, toArray(op.outputs));
        int options = op.optionsWriter == null ? 0 : op.optionsWriter.applyAsInt(fbb);
        int customOptions = op.customOptions == null ? 0 : Operator.createCustomOptionsVector(fbb, op.customOptions);
        Operator.startOperator(fbb);
        Operator.addOpcodeIndex(fbb, opcodeIndex);
        Operator.addInputs(fbb, inputs);
        Operator.addOutputs(fbb, outputs);
        if (op.optionsWriter != null) {
            Operator.addBuiltinOptionsType(fbb, op.optionsType);
            Operator.addBuiltinOptions(fbb, options);
        }
        if (customOptions != 0) {
            Operator.addCustomOptions(fbb, customOptions);
        }
        return Operator.endOperator(fbb);
    }

    /** Index of the operator's (code, custom name, version) in {@code codes}, adding it when new. */
    private static int opcodeIndex(List<OperatorDecl> codes, OperatorDecl op) {
        for (int i = 0; i < codes.size(); i++) {
            OperatorDecl c = codes.get(i);
            if (c.builtinCode == op.builtinCode && Objects.equals(c.customName, op.customName)
                    && c.version == op.version) {
                return i;
            }
        }
        codes.add(op);
        return codes.size() - 1;
    }

    /** A byte vector whose first element is 16-byte aligned in the file, so that kernels may read it in place. */
    private static int alignedByteVector(FlatBufferBuilder fbb, byte[] data) {
        fbb.startVector(1, data.length, DATA_ALIGNMENT);
        for (int i = data.length - 1; i >= 0; i--) {
            fbb.putByte(data[i]);
        }
        return fbb.endVector();
    }

    private static byte[] encode(DataType type, int[] shape, Object flat) {
        Objects.requireNonNull(flat, "constant data");
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        int length = flat.getClass().isArray() ? java.lang.reflect.Array.getLength(flat) : -1;
        if (length != n) {
            throw new IllegalArgumentException("constant " + type + Arrays.toString(shape) + " needs " + n
                    + " elements, got " + (length < 0 ? flat.getClass().getSimpleName() : String.valueOf(length)));
        }
        ByteBuffer out = ByteBuffer.allocate((int) n * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT32 -> out.asFloatBuffer().put(as(flat, float[].class, type));
            case INT32, UINT32 -> out.asIntBuffer().put(as(flat, int[].class, type));
            case INT64, UINT64 -> out.asLongBuffer().put(as(flat, long[].class, type));
            case INT16, UINT16, FLOAT16 -> out.asShortBuffer().put(as(flat, short[].class, type));
            case FLOAT64 -> out.asDoubleBuffer().put(as(flat, double[].class, type));
            case INT8, UINT8 -> out.put(as(flat, byte[].class, type));
            case BOOL -> {
                if (flat instanceof boolean[] bools) {
                    for (boolean b : bools) {
                        out.put((byte) (b ? 1 : 0));
                    }
                } else {
                    out.put(as(flat, byte[].class, type));
                }
            }
            default -> throw new IllegalArgumentException("constants of type " + type + " are not supported");
        }
        return out.array();
    }

    private static <T> T as(Object flat, Class<T> arrayType, DataType type) {
        if (!arrayType.isInstance(flat)) {
            throw new IllegalArgumentException("constant of type " + type + " needs a " + arrayType.getSimpleName()
                    + ", got " + flat.getClass().getSimpleName());
        }
        return arrayType.cast(flat);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static final class TensorDecl {
        final DataType type;
        final int[] shape;
        final byte[] data;
        final String name;
        float[] scales;
        long[] zeroPoints;
        int quantizedDimension;

        TensorDecl(DataType type, int[] shape, byte[] data, String name) {
            this.type = type;
            this.shape = shape;
            this.data = data;
            this.name = name;
        }
    }

    private static final class OperatorDecl {
        final int builtinCode;
        final String customName;
        final byte[] customOptions;
        final List<Integer> inputs = new ArrayList<>();
        final List<Integer> outputs = new ArrayList<>();
        byte optionsType;
        ToIntFunction<FlatBufferBuilder> optionsWriter;
        int version = 1;

        OperatorDecl(int builtinCode, String customName, byte[] customOptions) {
            this.builtinCode = builtinCode;
            this.customName = customName;
            this.customOptions = customOptions == null ? null : customOptions.clone();
        }
    }
}
