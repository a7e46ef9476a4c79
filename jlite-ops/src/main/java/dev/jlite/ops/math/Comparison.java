package dev.jlite.ops.math;

/**
 * The comparison operators. Floats compare as IEEE does (NaN is unequal to everything, so only NOT_EQUAL holds for
 * it); every other type compares as a long.
 */
enum Comparison {
    EQUAL {
        @Override
        boolean f(float a, float b) {
            return a == b;
        }

        @Override
        boolean l(long a, long b) {
            return a == b;
        }
    },
    NOT_EQUAL {
        @Override
        boolean f(float a, float b) {
            return a != b;
        }

        @Override
        boolean l(long a, long b) {
            return a != b;
        }
    },
    GREATER {
        @Override
        boolean f(float a, float b) {
            return a > b;
        }

        @Override
        boolean l(long a, long b) {
            return a > b;
        }
    },
    GREATER_EQUAL {
        @Override
        boolean f(float a, float b) {
            return a >= b;
        }

        @Override
        boolean l(long a, long b) {
            return a >= b;
        }
    },
    LESS {
        @Override
        boolean f(float a, float b) {
            return a < b;
        }

        @Override
        boolean l(long a, long b) {
            return a < b;
        }
    },
    LESS_EQUAL {
        @Override
        boolean f(float a, float b) {
            return a <= b;
        }

        @Override
        boolean l(long a, long b) {
            return a <= b;
        }
    };

    abstract boolean f(float a, float b);

    abstract boolean l(long a, long b);
}
