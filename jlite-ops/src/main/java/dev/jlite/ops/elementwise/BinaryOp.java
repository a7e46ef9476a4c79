package dev.jlite.ops.elementwise;

/**
 * The element functions of the two-input kernels, each written out as three plain loops (both inputs advancing,
 * a repeated, b repeated) so the JIT compiles a monomorphic, vectorizable loop per operator and pattern. Results
 * are clamped to the fused activation range as TensorFlow Lite's {@code ActivationFunctionWithMinMax} does.
 */
enum BinaryOp {
    ADD {
        @Override
        void vv(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] + b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(float a, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a + b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(float[] a, int ai, float b, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] + b, lo), hi);
            }
        }

        @Override
        void vv(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] + b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(int a, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a + b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(int[] a, int ai, int b, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] + b, lo), hi);
            }
        }
    },
    SUB {
        @Override
        void vv(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] - b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(float a, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a - b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(float[] a, int ai, float b, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] - b, lo), hi);
            }
        }

        @Override
        void vv(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] - b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(int a, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a - b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(int[] a, int ai, int b, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] - b, lo), hi);
            }
        }
    },
    MUL {
        @Override
        void vv(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] * b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(float a, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a * b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(float[] a, int ai, float b, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] * b, lo), hi);
            }
        }

        @Override
        void vv(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] * b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(int a, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a * b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(int[] a, int ai, int b, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] * b, lo), hi);
            }
        }
    },
    /** Float division is IEEE (x/0 is ±inf or NaN); int32 division truncates and fails on a zero divisor. */
    DIV {
        @Override
        void vv(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] / b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(float a, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a / b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(float[] a, int ai, float b, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] / b, lo), hi);
            }
        }

        @Override
        void vv(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] / b[bi + i], lo), hi);
            }
        }

        @Override
        void sv(int a, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a / b[bi + i], lo), hi);
            }
        }

        @Override
        void vs(int[] a, int ai, int b, int[] o, int oi, int n, int lo, int hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = Math.min(Math.max(a[ai + i] / b, lo), hi);
            }
        }
    },
    /** PRELU: {@code x >= 0 ? x : x * alpha} with a = input, b = alpha; it has no fused activation. */
    PRELU {
        @Override
        void vv(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                float x = a[ai + i];
                o[oi + i] = x >= 0f ? x : x * b[bi + i];
            }
        }

        @Override
        void sv(float a, float[] b, int bi, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                o[oi + i] = a >= 0f ? a : a * b[bi + i];
            }
        }

        @Override
        void vs(float[] a, int ai, float b, float[] o, int oi, int n, float lo, float hi) {
            for (int i = 0; i < n; i++) {
                float x = a[ai + i];
                o[oi + i] = x >= 0f ? x : x * b;
            }
        }

        @Override
        void vv(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            throw new UnsupportedOperationException("PRELU has no int32 kernel");
        }

        @Override
        void sv(int a, int[] b, int bi, int[] o, int oi, int n, int lo, int hi) {
            throw new UnsupportedOperationException("PRELU has no int32 kernel");
        }

        @Override
        void vs(int[] a, int ai, int b, int[] o, int oi, int n, int lo, int hi) {
            throw new UnsupportedOperationException("PRELU has no int32 kernel");
        }
    };

    /** Both inputs advance. */
    abstract void vv(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n, float lo, float hi);

    /** Input a repeats the value {@code a}. */
    abstract void sv(float a, float[] b, int bi, float[] o, int oi, int n, float lo, float hi);

    /** Input b repeats the value {@code b}. */
    abstract void vs(float[] a, int ai, float b, float[] o, int oi, int n, float lo, float hi);

    abstract void vv(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n, int lo, int hi);

    abstract void sv(int a, int[] b, int bi, int[] o, int oi, int n, int lo, int hi);

    abstract void vs(int[] a, int ai, int b, int[] o, int oi, int n, int lo, int hi);

    /** One run of {@code n} outputs; {@code as}/{@code bs} are the inputs' strides (0 or 1, not both 0). */
    final void run(float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n, float lo,
            float hi) {
        if (as == 0) {
            sv(a[ai], b, bi, o, oi, n, lo, hi);
        } else if (bs == 0) {
            vs(a, ai, b[bi], o, oi, n, lo, hi);
        } else {
            vv(a, ai, b, bi, o, oi, n, lo, hi);
        }
    }

    final void run(int[] a, int ai, int as, int[] b, int bi, int bs, int[] o, int oi, int n, int lo, int hi) {
        if (as == 0) {
            sv(a[ai], b, bi, o, oi, n, lo, hi);
        } else if (bs == 0) {
            vs(a, ai, b[bi], o, oi, n, lo, hi);
        } else {
            vv(a, ai, b, bi, o, oi, n, lo, hi);
        }
    }
}
