package dev.jlite;

import java.nio.ByteBuffer;

import java.util.Arrays;

/**
 * A tensor of a running interpreter: its type, current shape and quantization, and (for kernels) its data.
 *
 * <p>Data lives in a Java primitive array chosen by the type's {@link DataType#storage() storage} (FLOAT32 in a
 * {@code float[]}, INT8/UINT8/BOOL in a {@code byte[]}, ...), starting at {@link #offset()}. Activations share
 * the interpreter's arena arrays; constants are shared, read-only arrays of the model. Kernels read and write
 * through {@link #floats()} and its siblings plus {@link #offset()}; users go through the {@link Interpreter}.
 */
public final class Tensor {
    /** Where a tensor's data comes from. */
    enum Kind { ARENA, CONSTANT, FOLDED, DYNAMIC }

    private final int index;
    private final String name;
    private final DataType type;
    private final int[] shapeSignature;
    private final QuantizationParams quantization;
    private final long maxBytes;
    private dev.jlite.model.Sparsity sparsity;
    private int[] shape;
    private int elements;
    private Kind kind;
    private Object data;
    private int offset;
    private int capacity;
    /** Whether the data was dropped by {@link #release()} (for the error message of a later read). */
    private boolean released;
    /**
     * The caller's buffer of the last copy in or out and the typed view made of it (see TensorIO): a loop that
     * passes the same buffer every run then copies without allocating a view each time.
     */
    ByteBuffer ioBuffer;
    java.nio.Buffer ioView;
    int ioPosition = -1;
    /** The copier of this tensor's large copies on more than one thread (see TensorIO), made on the first. */
    ParallelCopy parallelCopy;

    Tensor(int index, String name, DataType type, int[] shape, int[] shapeSignature, QuantizationParams quantization,
            Kind kind, long maxBytes) {
        this.index = index;
        this.name = name;
        this.type = type;
        this.shapeSignature = shapeSignature.clone();
        this.quantization = quantization;
        this.kind = kind;
        this.maxBytes = maxBytes;
        setShape(shape.clone());
    }

    /** The tensor's index in its subgraph. */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public DataType dataType() {
        return type;
    }

    /** The current shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape with -1 where the model allows any size. */
    public int[] shapeSignature() {
        return shapeSignature.clone();
    }

    public int numDimensions() {
        return shape.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int numElements() {
        return elements;
    }

    public int numBytes() {
        return elements * type.byteSize();
    }

    public QuantizationParams quantizationParams() {
        return quantization;
    }

    /** Whether the data is fixed before any run: a model constant, or computed from constants at prepare time. */
    public boolean isConstant() {
        return kind == Kind.CONSTANT || kind == Kind.FOLDED;
    }

    /** Whether the shape is only known while running (a kernel called {@link #markDynamic()}). */
    public boolean isDynamic() {
        return kind == Kind.DYNAMIC;
    }

    /**
     * Sets a new shape. Kernels call this on outputs in prepare. While running, only a dynamic tensor may grow
     * beyond the space it was given.
     *
     * @throws ModelFormatException if a dimension is negative or the size exceeds the model's limit
     */
    public void resize(int... newShape) {
        if (Arrays.equals(newShape, shape)) {
            return;
        }
        if (kind == Kind.CONSTANT) {
            throw new IllegalStateException("tensor " + index + " '" + name + "' is a constant and cannot be resized");
        }
        setShape(newShape.clone());
        if (kind == Kind.DYNAMIC && data != null && elements > capacity) {
            data = TensorData.allocate(type.storage(), elements);
            offset = 0;
            capacity = elements;
        } else if (data != null && elements > capacity) {
            throw new IllegalStateException("tensor " + index + " '" + name + "' resized to " + Arrays.toString(shape)
                    + " after allocation; call allocateTensors()");
        }
    }

    private void setShape(int[] s) {
        long n = 1;
        for (int d = 0; d < s.length; d++) {
            if (s[d] < 0) {
                throw new ModelFormatException("tensor " + index + " '" + name + "': dimension " + d + " of "
                        + Arrays.toString(s) + " is negative");
            }
            n *= s[d];
            if (n * Math.max(1, type.byteSize()) > maxBytes) {
                throw new ModelFormatException("tensor " + index + " '" + name + "': shape " + Arrays.toString(s)
                        + " exceeds the tensor size limit of " + maxBytes + " bytes");
            }
        }
        shape = s;
        elements = (int) n;
    }

    /** Marks an output whose shape depends on input values; it gets its own storage, sized while running. */
    public void markDynamic() {
        if (kind == Kind.ARENA) {
            kind = Kind.DYNAMIC;
        }
    }

    /**
     * The sparse encoding of a constant whose data holds only the non-zero values (read by DENSIFY), or
     * {@code null} for dense tensors.
     */
    public dev.jlite.model.Sparsity sparsity() {
        return sparsity;
    }

    void setSparsity(dev.jlite.model.Sparsity sparsity) {
        this.sparsity = sparsity;
    }

    Kind kind() {
        return kind;
    }

    void setKind(Kind kind) {
        this.kind = kind;
    }

    void bind(Object array, int offset, int capacity) {
        this.data = array;
        this.offset = offset;
        this.capacity = capacity;
        this.released = false;
    }

    void unbind() {
        this.data = null;
        this.capacity = 0;
        this.released = false;
    }

    /** Drops the data of a tensor computed at prepare whose readers all copied it ({@code Node.markInputCopied}). */
    void release() {
        unbind();
        this.released = true;
    }

    boolean isBound() {
        return data != null;
    }

    /** Element offset of this tensor's data in its storage array. */
    public int offset() {
        return offset;
    }

    /** The storage array (for kernels and the interpreter). */
    public Object array() {
        return data;
    }

    public float[] floats() {
        return (float[]) checked(DataType.Storage.FLOAT);
    }

    public int[] ints() {
        return (int[]) checked(DataType.Storage.INT);
    }

    public long[] longs() {
        return (long[]) checked(DataType.Storage.LONG);
    }

    public short[] shorts() {
        return (short[]) checked(DataType.Storage.SHORT);
    }

    public byte[] bytes() {
        return (byte[]) checked(DataType.Storage.BYTE);
    }

    public double[] doubles() {
        return (double[]) checked(DataType.Storage.DOUBLE);
    }

    private Object checked(DataType.Storage storage) {
        if (type.storage() != storage) {
            throw new IllegalStateException("tensor " + index + " '" + name + "' is " + type + ", not stored as "
                    + storage);
        }
        if (data == null) {
            throw new IllegalStateException("tensor " + index + " '" + name + "' has no data; " + (released
                    ? "it was computed at prepare and released once the operators reading it had copied it"
                    : "call allocateTensors()"));
        }
        return data;
    }

    @Override
    public String toString() {
        return "tensor " + index + " '" + name + "' " + type + Arrays.toString(shape);
    }
}
