package dev.jlite.converter.ir;

import java.util.Arrays;

/** Small shape helpers; -1 marks an unknown dimension. */
public final class Shapes {
    private Shapes() {}

    public static int elements(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static boolean isStatic(int[] shape) {
        if (shape == null) {
            return false;
        }
        for (int d : shape) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    public static String format(int[] shape) {
        return shape == null ? "[?]" : Arrays.toString(shape);
    }
}
