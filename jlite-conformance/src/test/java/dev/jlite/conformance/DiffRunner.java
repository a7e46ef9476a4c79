package dev.jlite.conformance;

import dev.jlite.Interpreter;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.util.Arrays;

/** Runs a case in the official interpreter (builtin kernels, XNNPACK off) and in jlite, and compares the outputs. */
final class DiffRunner {
    private DiffRunner() {}

    /** The official interpreter's outputs and their shapes. */
    record Reference(Object[] data, int[][] shapes) {}

    /** Runs the case officially; an exception means the generator wrote a case the official interpreter rejects. */
    static Reference official(DiffCase c) {
        try (OfficialInterpreter official = new OfficialInterpreter(c.model(), 1, false)) {
            Object[] data = official.runFlat(c.inputs());
            int[][] shapes = new int[data.length][];
            for (int i = 0; i < data.length; i++) {
                shapes[i] = official.outputShape(i);
            }
            return new Reference(data, shapes);
        }
    }

    /**
     * Runs the case in jlite and returns why it disagrees with the reference, or null when it agrees. An exception
     * from jlite is a disagreement.
     */
    static String compare(DiffCase c, Reference expected, boolean simd, int threads) {
        JliteRunner.Outputs actual;
        try {
            actual = JliteRunner.runWithShapes(c.model(), new Interpreter.Options().setUseSimd(simd)
                    .setNumThreads(threads), c.inputs());
        } catch (RuntimeException e) {
            return "jlite threw " + e;
        }
        if (actual.data().length != expected.data().length) {
            return "jlite has " + actual.data().length + " outputs, official " + expected.data().length;
        }
        Object[] actualData = actual.data();
        Object[] expectedData = expected.data();
        if (c.undefinedMask() != null) {
            actualData = c.undefinedMask().apply(actualData);
            expectedData = c.undefinedMask().apply(expectedData.clone());
        }
        for (int i = 0; i < expectedData.length; i++) {
            if (!Arrays.equals(actual.shapes()[i], expected.shapes()[i])) {
                return "output " + i + " shape " + Arrays.toString(actual.shapes()[i]) + ", official "
                        + Arrays.toString(expected.shapes()[i]);
            }
            String why = compareData(actualData[i], expectedData[i], c.tolerance());
            if (why != null) {
                return "output " + i + ": " + why;
            }
        }
        return null;
    }

    private static String compareData(Object actual, Object expected, Tolerance tolerance) {
        if (actual.getClass() != expected.getClass()) {
            return "jlite gives " + actual.getClass().getSimpleName() + ", official "
                    + expected.getClass().getSimpleName();
        }
        int length = java.lang.reflect.Array.getLength(expected);
        if (java.lang.reflect.Array.getLength(actual) != length) {
            return "jlite gives " + java.lang.reflect.Array.getLength(actual) + " elements, official " + length;
        }
        if (actual instanceof float[] a) {
            return compareFloats(a, (float[]) expected, tolerance);
        }
        int n = java.lang.reflect.Array.getLength(expected);
        for (int k = 0; k < n; k++) {
            Object x = java.lang.reflect.Array.get(actual, k);
            Object y = java.lang.reflect.Array.get(expected, k);
            if (!x.equals(y)) {
                return "element " + k + " is " + x + ", official " + y + " (integers must be bit-exact)";
            }
        }
        return null;
    }

    private static String compareFloats(float[] a, float[] e, Tolerance tolerance) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : e) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double scale = lo > hi ? 0 : Math.max(hi - lo, Math.max(Math.abs(lo), Math.abs(hi)));
        double allowed = tolerance.relative * scale;
        for (int k = 0; k < e.length; k++) {
            float x = a[k];
            float y = e[k];
            if (Float.isNaN(y) || Float.isInfinite(y) || tolerance == Tolerance.EXACT) {
                if (Float.compare(x, y) != 0 && !(Float.isNaN(x) && Float.isNaN(y)) && !(x == 0 && y == 0)) {
                    return "element " + k + " is " + x + ", official " + y + " (must be exact)";
                }
            } else if (!(Math.abs(x - y) <= allowed)) {
                return "element " + k + " is " + x + ", official " + y + ": |diff| " + Math.abs(x - y)
                        + " > " + allowed + " (" + tolerance.relative + " of the output's range " + scale + ")";
            }
        }
        return null;
    }
}
