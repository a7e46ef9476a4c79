package dev.jlite.ops.math;

import java.util.Arrays;

/**
 * The one-input element-wise functions of this family, each a plain loop per storage type it has (the types each
 * is registered for are {@link MathOps}'). Float functions compute in double where the C library's float function is
 * correctly rounded or nearly so (exp, log, sin, cos), which keeps them within an ulp or two of it.
 */
enum UnaryFunction {
    ABS {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = Math.abs(in[ii + i]);
            }
        }
    },
    CEIL {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.ceil(in[ii + i]);
            }
        }
    },
    FLOOR {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.floor(in[ii + i]);
            }
        }
    },
    /** Halves go to the even neighbour (TensorFlow Lite's {@code RoundToNearest}, unlike C's {@code round}). */
    ROUND {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.rint(in[ii + i]);
            }
        }
    },
    COS {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.cos(in[ii + i]);
            }
        }
    },
    SIN {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.sin(in[ii + i]);
            }
        }
    },
    EXP {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.exp(in[ii + i]);
            }
        }
    },
    /** log(0) is -inf and log of a negative number NaN, as in C. */
    LOG {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.log(in[ii + i]);
            }
        }
    },
    /** Correctly rounded, as C's sqrtf: bit-exact. */
    SQRT {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.sqrt(in[ii + i]);
            }
        }
    },
    /** {@code 1 / sqrt(x)} in two float roundings, as TensorFlow Lite computes it. */
    RSQRT {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = 1f / (float) Math.sqrt(in[ii + i]);
            }
        }
    },
    SQUARE {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                float x = in[ii + i];
                out[oi + i] = x * x;
            }
        }
    },
    /** {@code x < 0 ? e^x - 1 : x}, through expm1 for the precision of small negative inputs. */
    ELU {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                float x = in[ii + i];
                out[oi + i] = x < 0f ? (float) Math.expm1(x) : x;
            }
        }
    },
    /** Integer negation wraps (-MIN_VALUE is MIN_VALUE), as two's complement C++ does. */
    NEG {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = -in[ii + i];
            }
        }

        @Override
        void ints(int[] in, int ii, int[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = -in[ii + i];
            }
        }

        @Override
        void longs(long[] in, int ii, long[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = -in[ii + i];
            }
        }
    },
    ZEROS_LIKE {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            Arrays.fill(out, oi, oi + n, 0f);
        }

        @Override
        void ints(int[] in, int ii, int[] out, int oi, int n) {
            Arrays.fill(out, oi, oi + n, 0);
        }

        @Override
        void longs(long[] in, int ii, long[] out, int oi, int n) {
            Arrays.fill(out, oi, oi + n, 0L);
        }
    },
    LOGICAL_NOT {
        @Override
        void bytes(byte[] in, int ii, byte[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = in[ii + i] == 0 ? (byte) 1 : (byte) 0;
            }
        }
    };

    void floats(float[] in, int ii, float[] out, int oi, int n) {
        throw new UnsupportedOperationException(this + " has no FLOAT32 kernel");
    }

    void ints(int[] in, int ii, int[] out, int oi, int n) {
        throw new UnsupportedOperationException(this + " has no INT32 kernel");
    }

    void longs(long[] in, int ii, long[] out, int oi, int n) {
        throw new UnsupportedOperationException(this + " has no INT64 kernel");
    }

    /** Byte storage: BOOL (0 or 1). */
    void bytes(byte[] in, int ii, byte[] out, int oi, int n) {
        throw new UnsupportedOperationException(this + " has no byte kernel");
    }
}
