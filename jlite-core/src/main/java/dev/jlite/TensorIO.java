package dev.jlite;

import dev.jlite.kernel.ThreadPool;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Copies user data (multi-dimensional Java arrays, {@link ByteBuffer}s in native order, typed buffers) into and
 * out of tensors, checking type and shape first. The user's objects are never modified on the way in, and a
 * buffer's position is never moved.
 */
final class TensorIO {
    private TensorIO() {}

    /**
     * Names the input or output in an error message, e.g. "input 0". Built only on error, so a run that copies its
     * data in and out allocates nothing for messages.
     */
    private static String label(String kind, Object key) {
        return kind + " " + key;
    }

    /**
     * Copies {@code src} into {@code t}. A float buffer of at least {@link ParallelCopy#MIN_ELEMENTS} elements is
     * copied on all of {@code pool}'s threads.
     */
    static void copyIn(Tensor t, Object src, String kind, Object key, ThreadPool pool) {
        if (src == null) {
            throw new IllegalArgumentException(label(kind, key) + ": is null");
        }
        if (src instanceof Buffer b) {
            copyBuffer(t, b, kind, key, true, pool);
        } else if (src.getClass().isArray()) {
            checkArray(t, src, kind, key);
            flatten(src, t.array(), t.offset(), 0, t.numDimensions(), t);
        } else {
            throw new IllegalArgumentException(label(kind, key) + ": unsupported input type " + src.getClass().getName()
                    + "; give a Java array, a ByteBuffer or a typed buffer");
        }
    }

    /** Copies {@code t} into {@code dst}, a large float buffer on all of {@code pool}'s threads (see copyIn). */
    static void copyOut(Tensor t, Object dst, String kind, Object key, ThreadPool pool) {
        if (dst == null) {
            throw new IllegalArgumentException(label(kind, key) + ": is null");
        }
        if (dst instanceof Buffer b) {
            if (b.isReadOnly()) {
                throw new IllegalArgumentException(label(kind, key) + ": output buffer is read-only");
            }
            copyBuffer(t, b, kind, key, false, pool);
        } else if (dst.getClass().isArray()) {
            checkArray(t, dst, kind, key);
            unflatten(dst, t.array(), t.offset(), 0, t.numDimensions(), t);
        } else {
            throw new IllegalArgumentException(label(kind, key) + ": unsupported output type " + dst.getClass().getName()
                    + "; give a Java array, a ByteBuffer or a typed buffer");
        }
    }

    private static void copyBuffer(Tensor t, Buffer b, String kind, Object key, boolean in, ThreadPool pool) {
        int n = t.numElements();
        if (b instanceof ByteBuffer bb) {
            if (bb.remaining() != t.numBytes()) {
                throw new IllegalArgumentException(label(kind, key) + ": " + t.name() + " " + t.dataType()
                        + Arrays.toString(t.shape()) + " needs " + t.numBytes() + " bytes, the ByteBuffer has "
                        + bb.remaining());
            }
            Object array = t.array();
            if (array instanceof byte[] bytes) {
                // absolute bulk copies of bytes need no view
                int p = bb.position();
                int off = t.offset();
                if (in) {
                    for (int i = 0; i < n; i++) {
                        bytes[off + i] = bb.get(p + i);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        bb.put(p + i, bytes[off + i]);
                    }
                }
                return;
            }
            if (t.ioBuffer != bb || t.ioPosition != bb.position() || t.ioView.capacity() != n) {
                t.ioView = TensorData.view(bb.duplicate().order(ByteOrder.nativeOrder()), array);
                t.ioBuffer = bb;
                t.ioPosition = bb.position();
            }
            copyBuffer(t, t.ioView.clear(), kind, key, in, pool);
            return;
        }
        DataType.Storage expected = storageOf(b);
        if (expected != t.dataType().storage()) {
            throw new IllegalArgumentException(label(kind, key) + ": " + t.name() + " is " + t.dataType() + ", got a "
                    + b.getClass().getSimpleName());
        }
        if (b.remaining() != n) {
            throw new IllegalArgumentException(label(kind, key) + ": " + t.name() + " " + t.dataType()
                    + Arrays.toString(t.shape()) + " has " + n + " elements, the buffer has " + b.remaining());
        }
        int off = t.offset();
        // The caller's position is put back instead of copying through a duplicate, which would allocate.
        int position = b.position();
        if (b instanceof FloatBuffer f) {
            if (pool.size() > 1 && n >= ParallelCopy.MIN_ELEMENTS) {
                if (t.parallelCopy == null) {
                    t.parallelCopy = new ParallelCopy();
                }
                t.parallelCopy.run(pool, f, position, t.floats(), off, n, in);
            } else if (in) {
                f.get(t.floats(), off, n);
            } else {
                f.put(t.floats(), off, n);
            }
        } else if (b instanceof IntBuffer f) {
            if (in) {
                f.get(t.ints(), off, n);
            } else {
                f.put(t.ints(), off, n);
            }
        } else if (b instanceof LongBuffer f) {
            if (in) {
                f.get(t.longs(), off, n);
            } else {
                f.put(t.longs(), off, n);
            }
        } else if (b instanceof ShortBuffer f) {
            if (in) {
                f.get(t.shorts(), off, n);
            } else {
                f.put(t.shorts(), off, n);
            }
        } else if (b instanceof DoubleBuffer f) {
            if (in) {
                f.get(t.doubles(), off, n);
            } else {
                f.put(t.doubles(), off, n);
            }
        }
        b.position(position);
    }

    private static DataType.Storage storageOf(Buffer b) {
        if (b instanceof FloatBuffer) {
            return DataType.Storage.FLOAT;
        }
        if (b instanceof IntBuffer) {
            return DataType.Storage.INT;
        }
        if (b instanceof LongBuffer) {
            return DataType.Storage.LONG;
        }
        if (b instanceof ShortBuffer) {
            return DataType.Storage.SHORT;
        }
        if (b instanceof DoubleBuffer) {
            return DataType.Storage.DOUBLE;
        }
        return DataType.Storage.NONE;
    }

    /** The data type a Java array's elements map to, or {@code null}. */
    private static boolean matches(Class<?> component, DataType type) {
        if (component == float.class) {
            return type == DataType.FLOAT32;
        }
        if (component == int.class) {
            return type == DataType.INT32 || type == DataType.UINT32;
        }
        if (component == long.class) {
            return type == DataType.INT64 || type == DataType.UINT64;
        }
        if (component == byte.class) {
            return type == DataType.UINT8 || type == DataType.INT8;
        }
        if (component == short.class) {
            return type == DataType.INT16 || type == DataType.UINT16 || type == DataType.FLOAT16;
        }
        if (component == boolean.class) {
            return type == DataType.BOOL;
        }
        if (component == double.class) {
            return type == DataType.FLOAT64;
        }
        return false;
    }

    private static void checkArray(Tensor t, Object array, String kind, Object key) {
        Class<?> c = array.getClass();
        int rank = 0;
        while (c.isArray()) {
            c = c.getComponentType();
            rank++;
        }
        int[] shape = new int[rank];
        Object a = array;
        for (int d = 0; d < rank; d++) {
            shape[d] = Array.getLength(a);
            if (shape[d] == 0) {
                break;
            }
            a = Array.get(a, 0);
        }
        if (!matches(c, t.dataType())) {
            throw new IllegalArgumentException(label(kind, key) + ": " + t.name() + " is " + t.dataType() + ", got a "
                    + c.getName() + " array");
        }
        int[] expected = t.numDimensions() == 0 ? new int[] {1} : t.shape();
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(label(kind, key) + ": " + t.name() + " has shape " + Arrays.toString(t.shape())
                    + ", got an array of shape " + Arrays.toString(shape));
        }
    }

    /** Copies a rectangular array into storage; returns the next offset. */
    private static int flatten(Object src, Object dst, int offset, int depth, int rank, Tensor t) {
        int len = Array.getLength(src);
        if (depth < rank - 1) {
            for (int i = 0; i < len; i++) {
                Object row = Array.get(src, i);
                if (row == null || Array.getLength(row) != t.dim(depth + 1)) {
                    throw new IllegalArgumentException(t.name() + ": ragged input array at dimension " + (depth + 1));
                }
                offset = flatten(row, dst, offset, depth + 1, rank, t);
            }
            return offset;
        }
        if (src instanceof boolean[] b) {
            byte[] out = (byte[]) dst;
            for (int i = 0; i < b.length; i++) {
                out[offset + i] = (byte) (b[i] ? 1 : 0);
            }
        } else {
            System.arraycopy(src, 0, dst, offset, len);
        }
        return offset + len;
    }

    private static int unflatten(Object dst, Object src, int offset, int depth, int rank, Tensor t) {
        int len = Array.getLength(dst);
        if (depth < rank - 1) {
            for (int i = 0; i < len; i++) {
                Object row = Array.get(dst, i);
                if (row == null || Array.getLength(row) != t.dim(depth + 1)) {
                    throw new IllegalArgumentException(t.name() + ": ragged output array at dimension " + (depth + 1));
                }
                offset = unflatten(row, src, offset, depth + 1, rank, t);
            }
            return offset;
        }
        if (dst instanceof boolean[] b) {
            byte[] in = (byte[]) src;
            for (int i = 0; i < b.length; i++) {
                b[i] = in[offset + i] != 0;
            }
        } else {
            System.arraycopy(src, offset, dst, 0, len);
        }
        return offset + len;
    }
}
