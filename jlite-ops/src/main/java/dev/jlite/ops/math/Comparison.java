package dev.jlite.ops.math;

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
    final boolean onBool;

    Comparison(boolean onBool) {
        this.onBool = onBool;
    }

    abstract boolean f(float a, float b);

    abstract boolean l(long a, long b);
}
