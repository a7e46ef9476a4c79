package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/** Validation shared by this family's kernels; every failure is the node's {@link Node#error}. */
final class Checks {
    private Checks() {}

    /**
     * The node's options table when it has the expected {@code BuiltinOptions} type, else {@code null} (defaults),
     * as TensorFlow Lite's parser reads options of another type as absent.
     */
    static FlatTable options(Node node, int expectedType) {
        FlatTable t = node.options();
        return t != null && node.optionsType() == expectedType ? t : null;
    }

    /** Fails unless the tensor's type is one whose elements this family can move (not STRING or opaque types). */
    static void movable(Node node, Tensor t, String what) {
        if (t.dataType().storage() == DataType.Storage.NONE || t.dataType() == DataType.STRING) {
            throw node.error(what + " has unsupported type " + t.dataType());
        }
    }

    /** Fails unless the output has the input's type. */
    static void sameType(Node node, Tensor input, Tensor output) {
        if (input.dataType() != output.dataType()) {
            throw node.error("output type " + output.dataType() + " differs from input type " + input.dataType());
        }
    }

    /** Fails unless the tensor is INT32 or INT64. */
    static void indexType(Node node, Tensor t, String what) {
        if (t.dataType() != DataType.INT32 && t.dataType() != DataType.INT64) {
            throw node.error(what + " must be INT32 or INT64, is " + t.dataType());
        }
    }

    /** Fails when the tensor has more than {@code max} dimensions. */
    static void maxRank(Node node, Tensor t, int max, String what) {
        if (t.numDimensions() > max) {
            throw node.error(what + " has " + t.numDimensions() + " dimensions, at most " + max + " are supported");
        }
    }

    /** Fails unless the tensor has exactly {@code rank} dimensions. */
    static void rank(Node node, Tensor t, int rank, String what) {
        if (t.numDimensions() != rank) {
            throw node.error(what + " must have " + rank + " dimensions, has shape " + Arrays.toString(t.shape()));
        }
    }

    /** The values of an INT32 or INT64 tensor, which must fit in an int. */
    static int[] ints(Node node, Tensor t, String what) {
        indexType(node, t, what);
        int n = t.numElements();
        int[] out = new int[n];
        if (t.dataType() == DataType.INT32) {
            System.arraycopy(t.ints(), t.offset(), out, 0, n);
        } else {
            long[] a = t.longs();
            for (int i = 0; i < n; i++) {
                long v = a[t.offset() + i];
                if (v != (int) v) {
                    throw node.error(what + " value " + v + " at " + i + " does not fit in 32 bits");
                }
                out[i] = (int) v;
            }
        }
        return out;
    }

    /** An axis in {@code [-rank, rank)} made non-negative. */
    static int axis(Node node, int axis, int rank, String what) {
        if (axis < -rank || axis >= rank) {
            throw node.error(what + " " + axis + " is out of range for rank " + rank);
        }
        return axis < 0 ? axis + rank : axis;
    }

    /** The product of {@code shape[from..to)}, failing on int overflow. */
    static int product(Node node, int[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
            if (p > Integer.MAX_VALUE) {
                throw node.error("shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return (int) p;
    }
}
