package dev.jlite.testing;

/**
 * Error measures between an output and its reference (usually the official interpreter's output), and an
 * assertion that names the worst element when they disagree.
 */
public final class Compare {

    private Compare() {
    }

    /**
     * {@code max|a - r| / max|r|}: the largest error relative to the reference's range. When the reference is all
     * zeros the relative error is undefined and the absolute error is returned instead.
     */
    public static double maxRelativeError(float[] actual, float[] reference) {
        double range = maxAbs(reference);
        double error = maxAbsError(actual, reference);
        return range == 0 ? error : error / range;
    }

    /** {@code max|a - r|}; infinite when an element is NaN in one array and not in the other. */
    public static double maxAbsError(float[] actual, float[] reference) {
        int worst = worstIndex(actual, reference);
        return worst < 0 ? 0 : difference(actual[worst], reference[worst]);
    }

    /**
     * Fails with an {@link AssertionError} naming the worst element when {@link #maxRelativeError} exceeds the
     * tolerance.
     *
     * @param what names the compared output in the failure message
     */
    public static void assertClose(String what, float[] actual, float[] reference, double relativeTolerance) {
        double relative = maxRelativeError(actual, reference);
        if (!(relative <= relativeTolerance)) {
            int worst = worstIndex(actual, reference);
            throw new AssertionError(String.format(
                    "%s: max relative error %.3g exceeds %.3g; worst at flat index %d of %d: actual %s, reference %s"
                            + " (reference max |r| = %s)",
                    what, relative, relativeTolerance, worst, reference.length, actual[worst], reference[worst],
                    maxAbs(reference)));
        }
    }

    /** Index of the largest {@code |a - r|}, or -1 for empty arrays. */
    public static int worstIndex(float[] actual, float[] reference) {
        if (actual.length != reference.length) {
            throw new AssertionError("length " + actual.length + " differs from reference length " + reference.length);
        }
        int worst = -1;
        double worstError = -1;
        for (int i = 0; i < actual.length; i++) {
            double e = difference(actual[i], reference[i]);
            if (e > worstError) {
                worstError = e;
                worst = i;
            }
        }
        return worst;
    }

    private static double difference(float a, float r) {
        if (Float.isNaN(a) || Float.isNaN(r)) {
            return Float.isNaN(a) && Float.isNaN(r) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (a == r) {
            return 0; // also equal infinities, whose difference would be NaN
        }
        return Math.abs((double) a - (double) r);
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            if (!Float.isNaN(v)) {
                m = Math.max(m, Math.abs((double) v));
            }
        }
        return m;
    }
}
