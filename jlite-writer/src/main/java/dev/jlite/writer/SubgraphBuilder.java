package dev.jlite.writer;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.model.Sparsity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Declares one subgraph of a {@link ModelBuilder}: its tensors (activations and constants), its inputs and outputs,
 * and its operators in execution order. Methods that declare something return its index, which later calls use to
 * refer to it. Arguments are checked as they are given; a bad one throws {@link IllegalArgumentException}.
 */
public final class SubgraphBuilder {
    /** A tensor as it will be written. */
    static final class TensorDef {
        final String name;
        final DataType type;
        final int[] shape;
        int[] signature;
        final byte[] data;
        float[] scales;
        long[] zeroPoints;
        int quantizedDimension;
        float[] min;
        float[] max;
        boolean variable;
        Sparsity sparsity;

        TensorDef(String name, DataType type, int[] shape, byte[] data) {
            this.name = name;
            this.type = type;
            this.shape = shape;
            this.data = data;
        }
    }

    /** An operator as it will be written. */
    record OperatorDef(int builtinCode, String customName, int version, int[] inputs, int[] outputs,
            BuiltinOptions options, byte[] customOptions) {}

    private final int index;
    private final String name;
    final List<TensorDef> tensors = new ArrayList<>();
    final List<Integer> inputs = new ArrayList<>();
    final List<Integer> outputs = new ArrayList<>();
    final List<OperatorDef> operators = new ArrayList<>();

    SubgraphBuilder(int index, String name) {
        this.index = index;
        this.name = name;
    }

    /** The index of this subgraph in the model (0 is the primary subgraph). */
    public int index() {
        return index;
    }

    /** The subgraph's name. */
    public String name() {
        return name;
    }

    /** The number of tensors declared so far. */
    public int tensorCount() {
        return tensors.size();
    }

    /** Declares an activation tensor and makes it the next input of the subgraph; returns its index. */
    public int input(String name, DataType type, int... shape) {
        int t = tensor(name, type, shape);
        inputs.add(t);
        return t;
    }

    /** Declares an activation tensor (written by an operator, or a variable); returns its index. */
    public int tensor(String name, DataType type, int... shape) {
        return add(new TensorDef(checkName(name), checkType(type), checkShape(name, shape), null));
    }

    /**
     * Declares a constant tensor with its own buffer; returns its index.
     *
     * @param flatData the values in row-major order: {@code float[]} (FLOAT32), {@code double[]} (FLOAT64),
     *     {@code int[]} (INT32, UINT32), {@code long[]} (INT64, UINT64), {@code short[]} (INT16, UINT16, and
     *     FLOAT16 as raw half-precision bits), {@code byte[]} (INT8, UINT8, BOOL), {@code boolean[]} (BOOL), and
     *     for STRING a {@code String[]} or {@code byte[]} in TensorFlow Lite's string-buffer format
     */
    public int constant(String name, DataType type, int[] shape, Object flatData) {
        int[] s = checkShape(name, shape);
        String where = "constant '" + name + "'";
        byte[] data = ConstantData.encode(where, checkType(type), elements(s), flatData);
        return add(new TensorDef(checkName(name), type, s, data));
    }

    /**
     * Declares a sparse constant (TensorFlow Lite's {@code SparsityParameters}), which a DENSIFY operator (or a
     * kernel that reads sparse weights) expands; returns its index. Index vectors are written in the smallest of
     * uint8, uint16 and int32 that holds them, as TensorFlow Lite's converter does. The encoding is written as
     * given: readers check that it is consistent with the shape.
     *
     * @param storedValues only the stored values (the non-zero entries and the dense blocks), in traversal order,
     *     in the element type {@link #constant} takes
     */
    public int sparseConstant(String name, DataType type, int[] shape, Sparsity sparsity, Object storedValues) {
        int[] s = checkShape(name, shape);
        Objects.requireNonNull(sparsity, "sparsity");
        String where = "sparse constant '" + name + "'";
        long stored = java.lang.reflect.Array.getLength(storedValues);
        byte[] data = ConstantData.encode(where, checkType(type), stored, storedValues);
        TensorDef t = new TensorDef(checkName(name), type, s, data);
        t.sparsity = sparsity;
        return add(t);
    }

    /** Makes a tensor the next output of the subgraph. */
    public SubgraphBuilder output(int tensor) {
        outputs.add(checkTensor(tensor, "output"));
        return this;
    }

    /**
     * Sets a tensor's shape signature: its shape with -1 for each dimension that may change at run time. The
     * declared shape stays the one the model is prepared with.
     */
    public SubgraphBuilder shapeSignature(int tensor, int... signature) {
        TensorDef t = tensors.get(checkTensor(tensor, "shape signature"));
        if (signature.length != t.shape.length) {
            throw new IllegalArgumentException("shape signature " + Arrays.toString(signature) + " of tensor '"
                    + t.name + "' has a different rank than its shape " + Arrays.toString(t.shape));
        }
        for (int d = 0; d < signature.length; d++) {
            if (signature[d] != -1 && signature[d] != t.shape[d]) {
                throw new IllegalArgumentException("shape signature " + Arrays.toString(signature) + " of tensor '"
                        + t.name + "' disagrees with its shape " + Arrays.toString(t.shape) + " in dimension " + d);
            }
        }
        t.signature = signature.clone();
        return this;
    }

    /** Quantizes a tensor per tensor: {@code real = scale * (q - zeroPoint)}. */
    public SubgraphBuilder quantize(int tensor, float scale, long zeroPoint) {
        TensorDef t = tensors.get(checkTensor(tensor, "quantization"));
        t.scales = new float[] {scale};
        t.zeroPoints = new long[] {zeroPoint};
        t.quantizedDimension = 0;
        return this;
    }

    /** Quantizes a tensor per axis: one scale and zero point for each slice along {@code axis}. */
    public SubgraphBuilder quantize(int tensor, float[] scales, long[] zeroPoints, int axis) {
        TensorDef t = tensors.get(checkTensor(tensor, "quantization"));
        if (axis < 0 || axis >= t.shape.length) {
            throw new IllegalArgumentException("quantized dimension " + axis + " is not a dimension of tensor '"
                    + t.name + "' " + Arrays.toString(t.shape));
        }
        if (scales.length != t.shape[axis] || zeroPoints.length != t.shape[axis]) {
            throw new IllegalArgumentException("tensor '" + t.name + "' needs " + t.shape[axis]
                    + " scales and zero points along dimension " + axis + ", got " + scales.length + " and "
                    + zeroPoints.length);
        }
        t.scales = scales.clone();
        t.zeroPoints = zeroPoints.clone();
        t.quantizedDimension = axis;
        return this;
    }

    /**
     * Records the calibration range of a tensor (the converter's {@code min}/{@code max}: one value per tensor,
     * or one per slice along the quantized dimension). Kernels do not read it; converters and tools do.
     */
    public SubgraphBuilder quantizationRange(int tensor, float[] min, float[] max) {
        TensorDef t = tensors.get(checkTensor(tensor, "quantization range"));
        if (min.length != max.length || min.length == 0) {
            throw new IllegalArgumentException("tensor '" + t.name + "': quantization range needs as many minimums"
                    + " as maximums, at least one (got " + min.length + " and " + max.length + ")");
        }
        t.min = min.clone();
        t.max = max.clone();
        return this;
    }

    /** Marks a tensor as a variable: state kept across runs, which operators may write more than once. */
    public SubgraphBuilder variable(int tensor) {
        TensorDef t = tensors.get(checkTensor(tensor, "variable"));
        if (t.data != null) {
            throw new IllegalArgumentException("constant '" + t.name + "' cannot be a variable");
        }
        t.variable = true;
        return this;
    }

    /** Adds a builtin operator, version 1; returns its index. {@code options} may be null (none). */
    public int operator(BuiltinOperator op, int[] inputs, int[] outputs, BuiltinOptions options) {
        return operator(op, 1, inputs, outputs, options);
    }

    /**
     * Adds a builtin operator; returns its index.
     *
     * @param version the operator version the kernels must support (1 for float models)
     * @param inputs tensor indices, -1 for an omitted optional input
     * @param outputs tensor indices, none of them constant
     * @param options the operator's options, or null
     */
    public int operator(BuiltinOperator op, int version, int[] inputs, int[] outputs, BuiltinOptions options) {
        Objects.requireNonNull(op, "op");
        if (op == BuiltinOperator.CUSTOM) {
            throw new IllegalArgumentException("use customOperator for CUSTOM operators");
        }
        return addOperator(new OperatorDef(op.code(), null, checkVersion(version), checkInputs(inputs),
                checkOutputs(outputs), options, null));
    }

    /** Adds a custom operator, version 1; returns its index. {@code customOptions} may be null. */
    public int customOperator(String name, int[] inputs, int[] outputs, byte[] customOptions) {
        return customOperator(name, 1, inputs, outputs, customOptions);
    }

    /** Adds a custom operator (resolved by name); returns its index. {@code customOptions} may be null. */
    public int customOperator(String name, int version, int[] inputs, int[] outputs, byte[] customOptions) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a custom operator needs a name");
        }
        return addOperator(new OperatorDef(BuiltinOperator.CUSTOM.code(), name, checkVersion(version),
                checkInputs(inputs), checkOutputs(outputs), null,
                customOptions == null ? null : customOptions.clone()));
    }

    private int add(TensorDef t) {
        tensors.add(t);
        return tensors.size() - 1;
    }

    private int addOperator(OperatorDef op) {
        operators.add(op);
        return operators.size() - 1;
    }

    private int checkTensor(int tensor, String what) {
        if (tensor < 0 || tensor >= tensors.size()) {
            throw new IllegalArgumentException(what + ": tensor index " + tensor + " out of range ("
                    + tensors.size() + " tensors in subgraph " + index + ")");
        }
        return tensor;
    }

    private int[] checkInputs(int[] inputs) {
        for (int t : inputs) {
            if (t != -1) {
                checkTensor(t, "operator input");
            }
        }
        return inputs.clone();
    }

    private int[] checkOutputs(int[] outputs) {
        for (int t : outputs) {
            if (tensors.get(checkTensor(t, "operator output")).data != null) {
                throw new IllegalArgumentException("operator output: tensor " + t + " '" + tensors.get(t).name
                        + "' is a constant");
            }
        }
        return outputs.clone();
    }

    private static int checkVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("operator version " + version + " is not positive");
        }
        return version;
    }

    private static String checkName(String name) {
        return Objects.requireNonNull(name, "tensor name");
    }

    private static DataType checkType(DataType type) {
        return Objects.requireNonNull(type, "tensor type");
    }

    private static int[] checkShape(String name, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                        + " has a negative dimension (use shapeSignature for dynamic dimensions)");
            }
        }
        return shape.clone();
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
