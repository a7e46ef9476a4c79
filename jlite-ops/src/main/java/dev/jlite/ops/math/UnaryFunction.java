package dev.jlite.ops.math;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;

import dev.jlite.DataType;
import java.util.Arrays;

/**
 * The one-input element-wise functions of this family, each a plain loop per storage type it has, and the types
 * TensorFlow Lite 2.6.2 has a kernel for. Float functions compute in double where the C library's float function is
 * correctly rounded or nearly so (exp, log, sin, cos), which keeps them within an ulp or two of it.
 */
enum UnaryFunction {
    ABS(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = Math.abs(in[ii + i]);
            }
        }
    },
    CEIL(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.ceil(in[ii + i]);
            }
        }
    },
    FLOOR(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.floor(in[ii + i]);
            }
        }
    },
    /** Halves go to the even neighbour (TensorFlow Lite's {@code RoundToNearest}, unlike C's {@code round}). */
    ROUND(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.rint(in[ii + i]);
            }
        }
    },
    COS(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.cos(in[ii + i]);
            }
        }
    },
    SIN(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.sin(in[ii + i]);
            }
        }
    },
    EXP(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.exp(in[ii + i]);
            }
        }
    },
    /** log(0) is -inf and log of a negative number NaN, as in C. */
    LOG(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.log(in[ii + i]);
            }
        }
    },
    /** Correctly rounded, as C's sqrtf: bit-exact. */
    SQRT(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = (float) Math.sqrt(in[ii + i]);
            }
        }
    },
    /** {@code 1 / sqrt(x)} in two float roundings, as TensorFlow Lite computes it. */
    RSQRT(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = 1f / (float) Math.sqrt(in[ii + i]);
            }
        }
    },
    SQUARE(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                float x = in[ii + i];
                out[oi + i] = x * x;
            }
        }
    },
    /** {@code x < 0 ? e^x - 1 : x}, through expm1 for the precision of small negative inputs. */
    ELU(FLOAT32) {
        @Override
        void floats(float[] in, int ii, float[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                float x = in[ii + i];
                out[oi + i] = x < 0f ? (float) Math.expm1(x) : x;
            }
        }
    },
    /** Integer negation wraps (-MIN_VALUE is MIN_VALUE), as two's complement C++ does. */
    NEG(FLOAT32, INT32, INT64) {
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
    ZEROS_LIKE(FLOAT32, INT32, INT64) {
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
    LOGICAL_NOT(BOOL) {
        @Override
        void bytes(byte[] in, int ii, byte[] out, int oi, int n) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = in[ii + i] == 0 ? (byte) 1 : (byte) 0;
            }
        }
    };

    private final DataType[] types;

    UnaryFunction(DataType... types) {
        this.types = types;
    }

    /** The input (and output) types TensorFlow Lite 2.6.2 has this function for. */
    DataType[] types() {
        return types.clone();
    }

    boolean supports(DataType type) {
        return Arrays.asList(types).contains(type);
    }

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
