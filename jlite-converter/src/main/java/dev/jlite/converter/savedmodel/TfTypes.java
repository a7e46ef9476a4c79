package dev.jlite.converter.savedmodel;

import dev.jlite.DataType;
import org.tensorflow.proto.TensorShapeProto;

/** TensorFlow's {@code DataType} and {@code TensorShapeProto} in jlite terms. */
public final class TfTypes {
    private TfTypes() {}

    /** The jlite type of a TensorFlow dtype, or null where TensorFlow Lite has none (resource, variant, ...). */
    public static DataType toJlite(org.tensorflow.proto.DataType tf) {
        return switch (tf) {
            case DT_FLOAT -> DataType.FLOAT32;
            case DT_DOUBLE -> DataType.FLOAT64;
            case DT_INT32 -> DataType.INT32;
            case DT_UINT8 -> DataType.UINT8;
            case DT_INT16 -> DataType.INT16;
            case DT_INT8 -> DataType.INT8;
            case DT_STRING -> DataType.STRING;
            case DT_INT64 -> DataType.INT64;
            case DT_BOOL -> DataType.BOOL;
            case DT_HALF -> DataType.FLOAT16;
            case DT_UINT16 -> DataType.UINT16;
            case DT_UINT32 -> DataType.UINT32;
            case DT_UINT64 -> DataType.UINT64;
            case DT_COMPLEX64 -> DataType.COMPLEX64;
            default -> null;
        };
    }

    /** Dimensions of a shape proto, -1 for unknown ones; null for an unknown rank. */
    public static int[] dims(TensorShapeProto shape) {
        if (shape.getUnknownRank()) {
            return null;
        }
        int[] d = new int[shape.getDimCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(shape.getDim(i).getSize());
        }
        return d;
    }
}
