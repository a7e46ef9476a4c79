package dev.jlite.ops.elementwise;

import java.util.function.DoubleBinaryOperator;

/** Straightforward reference implementations (index arithmetic per element) for cases the oracle cannot run. */
final class Naive {
    private Naive() {}

    /** The numpy broadcast of two shapes. */
    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("not broadcastable");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The flat index in a tensor of {@code shape} (right-aligned, broadcast) for output coordinates. */
    static int index(int[] shape, int[] coordinates) {
        int offset = coordinates.length - shape.length;
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            int c = shape[d] == 1 ? 0 : coordinates[d + offset];
            flat = flat * shape[d] + c;
        }
        return flat;
    }

    /** Coordinates of flat index {@code i} in {@code shape}. */
    static int[] coordinates(int[] shape, int i) {
        int[] c = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = i % shape[d];
            i /= shape[d];
        }
        return c;
    }

    /** {@code f(a, b)} broadcast, computed in double and rounded once. */
    static float[] binary(float[] a, int[] aShape, float[] b, int[] bShape, DoubleBinaryOperator f) {
        int[] out = broadcastShape(aShape, bShape);
        float[] result = new float[OpRuns.size(out)];
        for (int i = 0; i < result.length; i++) {
            int[] c = coordinates(out, i);
            result[i] = (float) f.applyAsDouble(a[index(aShape, c)], b[index(bShape, c)]);
        }
        return result;
    }
}
