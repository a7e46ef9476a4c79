package dev.jlite.ops.shape;

/**
 * Element moves over a tensor's storage array whatever its primitive type, so one data-movement kernel serves
 * every tensor type. Contiguous runs go through {@link System#arraycopy}; strided runs dispatch once per run on
 * the array's class and then loop over a typed array.
 */
final class Elements {
    private Elements() {}

    /** Copies {@code n} elements, reading every {@code srcStride}-th and writing every {@code dstStride}-th. */
    static void copyStrided(Object src, int srcPos, int srcStride, Object dst, int dstPos, int dstStride, int n) {
        if (srcStride == 1 && dstStride == 1) {
            System.arraycopy(src, srcPos, dst, dstPos, n);
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++, srcPos += srcStride, dstPos += dstStride) {
                d[dstPos] = s[srcPos];
            }
        } else if (src instanceof byte[] s) {
            byte[] d = (byte[]) dst;
            for (int i = 0; i < n; i++, srcPos += srcStride, dstPos += dstStride) {
                d[dstPos] = s[srcPos];
            }
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++, srcPos += srcStride, dstPos += dstStride) {
                d[dstPos] = s[srcPos];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++, srcPos += srcStride, dstPos += dstStride) {
                d[dstPos] = s[srcPos];
            }
        } else if (src instanceof short[] s) {
            short[] d = (short[]) dst;
            for (int i = 0; i < n; i++, srcPos += srcStride, dstPos += dstStride) {
                d[dstPos] = s[srcPos];
            }
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++, srcPos += srcStride, dstPos += dstStride) {
                d[dstPos] = s[srcPos];
            }
        } else {
            throw new IllegalStateException("unsupported storage " + src.getClass().getSimpleName());
        }
    }

    /**
     * Fills {@code dst[from..to)} with one value: {@code floatValue} for float and double storage,
     * {@code intValue} (narrowed to the element width) for integer storage.
     */
    static void fill(Object dst, int from, int to, float floatValue, long intValue) {
        if (dst instanceof float[] d) {
            java.util.Arrays.fill(d, from, to, floatValue);
        } else if (dst instanceof byte[] d) {
            java.util.Arrays.fill(d, from, to, (byte) intValue);
        } else if (dst instanceof int[] d) {
            java.util.Arrays.fill(d, from, to, (int) intValue);
        } else if (dst instanceof long[] d) {
            java.util.Arrays.fill(d, from, to, intValue);
        } else if (dst instanceof short[] d) {
            java.util.Arrays.fill(d, from, to, (short) intValue);
        } else if (dst instanceof double[] d) {
            java.util.Arrays.fill(d, from, to, floatValue);
        } else {
            throw new IllegalStateException("unsupported storage " + dst.getClass().getSimpleName());
        }
    }

    /** Copies {@code dst[dstPos + i] = src[srcBase + positions[i]]} for {@code i < n}. */
    static void gather(Object src, int srcBase, int[] positions, int n, Object dst, int dstPos) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = s[srcBase + positions[i]];
            }
        } else if (src instanceof byte[] s) {
            byte[] d = (byte[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = s[srcBase + positions[i]];
            }
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = s[srcBase + positions[i]];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = s[srcBase + positions[i]];
            }
        } else if (src instanceof short[] s) {
            short[] d = (short[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = s[srcBase + positions[i]];
            }
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = s[srcBase + positions[i]];
            }
        } else {
            throw new IllegalStateException("unsupported storage " + src.getClass().getSimpleName());
        }
    }
}
