package dev.jlite.ops.math;

/**
 * The two-input element-wise functions of this family on one element pair, per storage: {@link #f} for FLOAT32,
 * {@link #i} for INT32 and for the narrow types (INT8, UINT8, INT16, BOOL; values widened to int, results narrowed
 * back), {@link #l} for INT64 (the types each is registered for are {@link MathOps}'). Integer errors TensorFlow
 * Lite reports (division by zero, negative integer exponents) throw {@link ArithmeticException}.
 */
enum BinaryFunction {
    /**
     * TensorFlow Lite's {@code MaximumOp}: {@code a > b ? a : b}, so a NaN on the left gives the right value and a
     * NaN on the right is passed on (the reverse of {@code std::max}).
     */
    MAXIMUM {
        @Override
        float f(float a, float b) {
            return a > b ? a : b;
        }

        @Override
        int i(int a, int b) {
            return a > b ? a : b;
        }

        @Override
        long l(long a, long b) {
            return a > b ? a : b;
        }
    },
    /** TensorFlow Lite's {@code MinimumOp}: {@code a < b ? a : b} (NaN handled as in {@link #MAXIMUM}). */
    MINIMUM {
        @Override
        float f(float a, float b) {
            return a < b ? a : b;
        }

        @Override
        int i(int a, int b) {
            return a < b ? a : b;
        }

        @Override
        long l(long a, long b) {
            return a < b ? a : b;
        }
    },
    /** Float: C's powf. Int32: exact while the result fits; a negative exponent is an error, as in TensorFlow Lite. */
    POW {
        @Override
        float f(float a, float b) {
            return (float) Math.pow(a, b);
        }

        @Override
        int i(int a, int b) {
            if (b < 0) {
                throw new ArithmeticException("integer power with the negative exponent " + b);
            }
            long result = 1;
            long base = a;
            for (int e = b; e > 0; e >>= 1) {
                if ((e & 1) != 0) {
                    result *= base;
                }
                base *= base;
            }
            return (int) result;
        }
    },
    SQUARED_DIFFERENCE {
        @Override
        float f(float a, float b) {
            float d = a - b;
            return d * d;
        }

        @Override
        int i(int a, int b) {
            int d = a - b;
            return d * d;
        }
    },
    /** {@code floor(a / b)} with the division in double, as TensorFlow Lite's {@code FloorDiv} (also for floats). */
    FLOOR_DIV {
        @Override
        float f(float a, float b) {
            return (float) Math.floor((double) a / (double) b);
        }

        @Override
        int i(int a, int b) {
            if (b == 0) {
                throw new ArithmeticException("division by 0");
            }
            return Math.floorDiv(a, b);
        }
    },
    /**
     * The remainder with the divisor's sign: C's truncated remainder ({@code fmod} for floats, which Java's
     * {@code %} is), plus the divisor when the signs differ, as TensorFlow Lite's {@code FloorMod}.
     */
    FLOOR_MOD {
        @Override
        float f(float a, float b) {
            float mod = a % b;
            return mod != 0 && (b < 0) != (mod < 0) ? mod + b : mod;
        }

        @Override
        int i(int a, int b) {
            if (b == 0) {
                throw new ArithmeticException("division by 0");
            }
            int mod = a % b;
            return mod != 0 && (b < 0) != (mod < 0) ? mod + b : mod;
        }

        @Override
        long l(long a, long b) {
            if (b == 0) {
                throw new ArithmeticException("division by 0");
            }
            long mod = a % b;
            return mod != 0 && (b < 0) != (mod < 0) ? mod + b : mod;
        }
    },
    LOGICAL_AND {
        @Override
        int i(int a, int b) {
            return a != 0 && b != 0 ? 1 : 0;
        }
    },
    LOGICAL_OR {
        @Override
        int i(int a, int b) {
            return a != 0 || b != 0 ? 1 : 0;
        }
    },
    /** INT64 only (the FLOAT32 and INT32 kernels are the elementwise family's); wraps on overflow. */
    ADD {
        @Override
        long l(long a, long b) {
            return a + b;
        }
    },
    SUB {
        @Override
        long l(long a, long b) {
            return a - b;
        }
    },
    MUL {
        @Override
        long l(long a, long b) {
            return a * b;
        }
    };

    float f(float a, float b) {
        throw new UnsupportedOperationException(this + " has no FLOAT32 kernel");
    }

    int i(int a, int b) {
        throw new UnsupportedOperationException(this + " has no integer kernel");
    }

    long l(long a, long b) {
        throw new UnsupportedOperationException(this + " has no INT64 kernel");
    }
}
