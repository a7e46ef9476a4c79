package dev.jlite.ops.detection;

/**
 * Index sorts by decreasing score, without allocating. Stable: equal scores keep their index order, which is what
 * TensorFlow Lite's {@code std::stable_sort} gives and what its partial sorts give on distinct scores.
 */
final class Sorting {
    private Sorting() {}

    /** The index (from 0) of the first largest of {@code n} values starting at {@code offset}. */
    static int argMax(float[] values, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Fills {@code indices[0..n)} with 0..n-1 ordered by decreasing {@code values[offset + i]}, equal values in
     * increasing index order (insertion into a binary-searched place: n is at most a few thousand boxes).
     */
    static void decreasingArgSort(float[] values, int offset, int n, int[] indices) {
        for (int i = 0; i < n; i++) {
            float v = values[offset + i];
            // Place i after every index whose value is >= v.
            int lo = 0;
            int hi = i;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[offset + indices[mid]] >= v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(indices, lo, indices, lo + 1, i - lo);
            indices[lo] = i;
        }
    }
}
