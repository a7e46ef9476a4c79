package dev.jlite.converter.savedmodel;

import dev.jlite.DataType;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Shapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.tensorflow.proto.TensorProto;

/** Decodes TensorFlow tensors ({@code TensorProto}, raw little-endian bytes) into {@link Constant}s. */
public final class TfTensors {
    private TfTensors() {}

    /** Decodes a {@code TensorProto}: raw {@code tensor_content}, or typed values (a single value fills the shape). */
    public static Constant decode(TensorProto t, String where) {
        DataType type = TfTypes.toJlite(t.getDtype());
        if (type == null) {
            throw new ConversionException(where + ": tensors of type " + t.getDtype() + " are not supported");
        }
        int[] shape = TfTypes.dims(t.getTensorShape());
        int n = Shapes.elements(shape);
        if (type == DataType.STRING && !t.getTensorContent().isEmpty()) {
            return new Constant(type, shape, strings(t.getTensorContent().toByteArray(), n, where));
        }
        if (type == DataType.STRING) {
            String[] s = new String[n];
            for (int i = 0; i < n; i++) {
                int k = Math.min(i, t.getStringValCount() - 1);
                s[i] = k < 0 ? "" : t.getStringVal(k).toString(StandardCharsets.UTF_8);
            }
            return new Constant(type, shape, s);
        }
        if (!t.getTensorContent().isEmpty()) {
            return fromBytes(type, shape, t.getTensorContent().asReadOnlyByteBuffer(), where);
        }
        Object data = switch (type) {
            case FLOAT32 -> {
                float[] a = new float[n];
                fill(n, t.getFloatValCount(), (i, k) -> a[i] = t.getFloatVal(k));
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                fill(n, t.getDoubleValCount(), (i, k) -> a[i] = t.getDoubleVal(k));
                yield a;
            }
            case INT32, UINT32 -> {
                int[] a = new int[n];
                fill(n, t.getIntValCount(), (i, k) -> a[i] = t.getIntVal(k));
                yield a;
            }
            case INT64, UINT64 -> {
                long[] a = new long[n];
                fill(n, t.getInt64ValCount(), (i, k) -> a[i] = t.getInt64Val(k));
                yield a;
            }
            case INT8, UINT8 -> {
                byte[] a = new byte[n];
                fill(n, t.getIntValCount(), (i, k) -> a[i] = (byte) t.getIntVal(k));
                yield a;
            }
            case INT16, UINT16 -> {
                short[] a = new short[n];
                fill(n, t.getIntValCount(), (i, k) -> a[i] = (short) t.getIntVal(k));
                yield a;
            }
            case FLOAT16 -> {
                short[] a = new short[n];
                fill(n, t.getHalfValCount(), (i, k) -> a[i] = (short) t.getHalfVal(k));
                yield a;
            }
            case BOOL -> {
                byte[] a = new byte[n];
                fill(n, t.getBoolValCount(), (i, k) -> a[i] = (byte) (t.getBoolVal(k) ? 1 : 0));
                yield a;
            }
            default -> throw new ConversionException(where + ": tensors of type " + type + " are not supported");
        };
        return new Constant(type, shape, data);
    }

    /** TensorFlow's packed strings: {@code n} varint lengths, then the bytes of each string. */
    private static String[] strings(byte[] b, int n, String where) {
        int[] lengths = new int[n];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            int v = 0;
            for (int shift = 0;; shift += 7) {
                if (pos >= b.length || shift > 28) {
                    throw new ConversionException(where + ": malformed string tensor");
                }
                byte x = b[pos++];
                v |= (x & 0x7f) << shift;
                if (x >= 0) {
                    break;
                }
            }
            lengths[i] = v;
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            if (pos + lengths[i] > b.length) {
                throw new ConversionException(where + ": malformed string tensor");
            }
            out[i] = new String(b, pos, lengths[i], StandardCharsets.UTF_8);
            pos += lengths[i];
        }
        return out;
    }

    private interface Setter {
        void set(int index, int source);
    }

    private static void fill(int n, int given, Setter setter) {
        for (int i = 0; i < n && given > 0; i++) {
            setter.set(i, Math.min(i, given - 1)); // TensorFlow repeats the last value given
        }
    }

    /** Decodes raw little-endian element bytes (tensor_content, or a checkpoint entry). */
    public static Constant fromBytes(DataType type, int[] shape, ByteBuffer raw, String where) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = Shapes.elements(shape);
        long needed = (long) n * type.byteSize();
        if (b.remaining() != needed) {
            throw new ConversionException(where + ": " + b.remaining() + " bytes for " + n + " elements of "
                    + type);
        }
        Object data = switch (type.storage()) {
            case FLOAT -> {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                yield a;
            }
            case DOUBLE -> {
                double[] a = new double[n];
                b.asDoubleBuffer().get(a);
                yield a;
            }
            case INT -> {
                int[] a = new int[n];
                b.asIntBuffer().get(a);
                yield a;
            }
            case LONG -> {
                long[] a = new long[n];
                b.asLongBuffer().get(a);
                yield a;
            }
            case SHORT -> {
                short[] a = new short[n];
                b.asShortBuffer().get(a);
                yield a;
            }
            case BYTE -> {
                byte[] a = new byte[n];
                b.get(a);
                yield a;
            }
            default -> throw new ConversionException(where + ": tensors of type " + type + " are not supported");
        };
        return new Constant(type, shape, data);
    }
}
