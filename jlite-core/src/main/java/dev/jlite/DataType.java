package dev.jlite;

/**
 * Element types of tensors, numbered as TensorFlow Lite's {@code TensorType}. Each type is stored at run time in
 * the Java primitive array of its width ({@link #storage()}), which is what kernels read and write.
 */
public enum DataType {
    FLOAT32(0, 4, Storage.FLOAT),
    FLOAT16(1, 2, Storage.SHORT),
    INT32(2, 4, Storage.INT),
    UINT8(3, 1, Storage.BYTE),
    INT64(4, 8, Storage.LONG),
    STRING(5, 1, Storage.BYTE),
    BOOL(6, 1, Storage.BYTE),
    INT16(7, 2, Storage.SHORT),
    COMPLEX64(8, 8, Storage.NONE),
    INT8(9, 1, Storage.BYTE),
    FLOAT64(10, 8, Storage.DOUBLE),
    COMPLEX128(11, 16, Storage.NONE),
    UINT64(12, 8, Storage.LONG),
    RESOURCE(13, 0, Storage.NONE),
    VARIANT(14, 0, Storage.NONE),
    UINT32(15, 4, Storage.INT),
    UINT16(16, 2, Storage.SHORT);

    /** The Java array that holds a tensor of a type at run time. */
    public enum Storage { FLOAT, INT, LONG, SHORT, BYTE, DOUBLE, NONE }

    private static final DataType[] BY_CODE = values();

    private final int code;
    private final int byteSize;
    private final Storage storage;

    DataType(int code, int byteSize, Storage storage) {
        this.code = code;
        this.byteSize = byteSize;
        this.storage = storage;
    }

    /** The {@code TensorType} code in the model file. */
    public int code() {
        return code;
    }

    /** Bytes per element (1 for STRING, whose tensors are variable-length; 0 for RESOURCE/VARIANT). */
    public int byteSize() {
        return byteSize;
    }

    public Storage storage() {
        return storage;
    }

    /** The type with this {@code TensorType} code, or {@code null} when unknown. */
    public static DataType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
