package dev.jlite.conformance;

import java.util.SplittableRandom;

/** The seeded source of everything a case generator chooses: shapes, options and tensor data. */
public final class CaseRandom {
    private final SplittableRandom random;

    public CaseRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A uniform int in [lo, hi] (both inclusive). */
    public int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** A uniform float in [lo, hi). */
    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * (float) random.nextDouble();
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** One of the given values. */
    @SafeVarargs
    public final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the given ints. */
    public int pickInt(int... values) {
        return values[random.nextInt(values.length)];
    }

    /** A shape of {@code rank} dimensions, each in [1, maxDim]. */
    public int[] shape(int rank, int maxDim) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = between(1, maxDim);
        }
        return s;
    }

    /** {@code n} floats uniform in [lo, hi). */
    public float[] floats(int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = uniform(lo, hi);
        }
        return a;
    }

    /** {@code n} ints uniform in [lo, hi]. */
    public int[] ints(int n, int lo, int hi) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = between(lo, hi);
        }
        return a;
    }

    /** {@code n} longs uniform in [lo, hi]. */
    public long[] longs(int n, int lo, int hi) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = between(lo, hi);
        }
        return a;
    }

    /** {@code n} bytes with values in [lo, hi] (int8: -128..127; uint8: 0..255 stored as the same bits). */
    public byte[] bytes(int n, int lo, int hi) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) between(lo, hi);
        }
        return a;
    }

    /** {@code n} shorts with values in [lo, hi]. */
    public short[] shorts(int n, int lo, int hi) {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) {
            a[i] = (short) between(lo, hi);
        }
        return a;
    }

    /** {@code n} booleans. */
    public boolean[] bools(int n) {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextBoolean();
        }
        return a;
    }

    /** The number of elements of a shape. */
    public static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
