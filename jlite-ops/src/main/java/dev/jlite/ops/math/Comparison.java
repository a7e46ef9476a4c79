package dev.jlite.ops.math;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import java.util.Arrays;

/**
 * The comparison operators. Floats compare as IEEE does (NaN is unequal to everything, so only NOT_EQUAL holds for
 * it); every other type compares as a long.
 */
enum Comparison {
    EQUAL(true) {
        @Override
        boolean f(float a, float b) {
            return a == b;
        }

        @Override
        boolean l(long a, long b) {
            return a == b;
        }
    },
    NOT_EQUAL(true) {
        @Override
        boolean f(float a, float b) {
            return a != b;
        }

        @Override
        boolean l(long a, long b) {
            return a != b;
        }
    },
    GREATER(false) {
        @Override
        boolean f(float a, float b) {
            return a > b;
        }

        @Override
        boolean l(long a, long b) {
            return a > b;
        }
    },
    GREATER_EQUAL(false) {
        @Override
        boolean f(float a, float b) {
            return a >= b;
        }

        @Override
        boolean l(long a, long b) {
            return a >= b;
        }
    },
    LESS(false) {
        @Override
        boolean f(float a, float b) {
            return a < b;
        }

        @Override
        boolean l(long a, long b) {
            return a < b;
        }
    },
    LESS_EQUAL(false) {
        @Override
        boolean f(float a, float b) {
            return a <= b;
        }

        @Override
        boolean l(long a, long b) {
            return a <= b;
        }
    };

    /** Whether TensorFlow Lite 2.6.2 has this comparison for BOOL inputs (only the equality tests). */
    private final boolean onBool;

    Comparison(boolean onBool) {
        this.onBool = onBool;
    }

    /** The input types TensorFlow Lite 2.6.2 has this comparison for (INT8 and UINT8 quantized). */
    DataType[] types() {
        return onBool ? new DataType[] {FLOAT32, INT32, INT64, INT8, UINT8, BOOL}
                : new DataType[] {FLOAT32, INT32, INT64, INT8, UINT8};
    }

    boolean supports(DataType type) {
        return Arrays.asList(types()).contains(type);
    }

    abstract boolean f(float a, float b);

    abstract boolean l(long a, long b);
}
