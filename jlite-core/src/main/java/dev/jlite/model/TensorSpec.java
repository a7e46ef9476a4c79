package dev.jlite.model;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import java.nio.ByteBuffer;

/**
 * A tensor as the model file declares it. Constant tensors carry {@link #data()}, a zero-copy read-only view of
 * their buffer in the model.
 */
public final class TensorSpec {
    private final int index;
    private final String name;
    private final DataType type;
    private final int[] shape;
    private final int[] shapeSignature;
    private final int bufferIndex;
    private final ByteBuffer data;
    private final QuantizationParams quantization;
    private final Sparsity sparsity;
    private final boolean variable;

    TensorSpec(int index, String name, DataType type, int[] shape, int[] shapeSignature, int bufferIndex,
            ByteBuffer data, QuantizationParams quantization, Sparsity sparsity, boolean variable) {
        this.index = index;
        this.name = name;
        this.type = type;
        this.shape = shape;
        this.shapeSignature = shapeSignature;
        this.bufferIndex = bufferIndex;
        this.data = data;
        this.quantization = quantization;
        this.sparsity = sparsity;
        this.variable = variable;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public DataType type() {
        return type;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** The shape with -1 for dimensions that can change; equals {@link #shape()} when the file has none. */
    public int[] shapeSignature() {
        return shapeSignature.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int bufferIndex() {
        return bufferIndex;
    }

    /** Whether the tensor has constant data in the model. */
    public boolean isConstant() {
        return data != null;
    }

    /** The constant data, little-endian and read-only (a new view each call), or {@code null}. */
    public ByteBuffer data() {
        return data == null ? null : data.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public QuantizationParams quantization() {
        return quantization;
    }

    /** The sparse encoding of the constant data, or {@code null} for dense tensors. */
    public Sparsity sparsity() {
        return sparsity;
    }

    public boolean isVariable() {
        return variable;
    }

    /** Number of elements of the declared shape. */
    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return "tensor " + index + " '" + name + "' " + type + java.util.Arrays.toString(shape);
    }
}
