package dev.jlite.ops.elementwise;

/** The float functions of the one-input activation kernels, each a plain loop over a contiguous run. */
enum UnaryOp {
    RELU(1) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = Math.max(in[ii + i], 0f);
            }
        }
    },
    /** TensorFlow Lite's {@code std::min(std::max(0.f, x), 6.f)}: NaN becomes 0 (Math.max would keep it). */
    RELU6(1) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                float x = in[ii + i];
                out[oi + i] = Math.min(x > 0f ? x : 0f, 6f);
            }
        }
    },
    RELU_N1_TO_1(1) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = Math.min(Math.max(in[ii + i], -1f), 1f);
            }
        }
    },
    /** {@code x > 0 ? x : alpha * x}, for any alpha (also above 1). */
    LEAKY_RELU(1) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                float x = in[ii + i];
                out[oi + i] = x > 0f ? x : x * alpha;
            }
        }
    },
    /** {@code x * relu6(x + 3) / 6}. */
    HARD_SWISH(1) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                float x = in[ii + i];
                out[oi + i] = x * Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
            }
        }
    },
    LOGISTIC(16) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                float y = (float) (1.0 / (1.0 + Math.exp(-in[ii + i])));
                // The official kernel flushes subnormal results to 0.
                out[oi + i] = y < Float.MIN_NORMAL ? 0f : y;
            }
        }
    },
    TANH(16) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = tanh(in[ii + i]);
            }
        }
    };

    /** Rough cost of one element relative to a clamp, to decide when splitting across threads pays. */
    final int cost;

    UnaryOp(int cost) {
        this.cost = cost;
    }

    /** {@code out[oi..oi+n) = f(in[ii..ii+n))}; {@code alpha} is LEAKY_RELU's slope, ignored by the others. */
    abstract void apply(float[] in, int ii, float[] out, int oi, int n, float alpha);

    /**
     * tanh through the intrinsic {@link Math#exp} (Math.tanh is a slow software routine), with the Taylor series
     * near 0 where {@code 1 - 2/(e^2x + 1)} would lose the relative precision of tiny results.
     */
    static float tanh(float x) {
        if (x > 10f) {
            return 1f;
        }
        if (x < -10f) {
            return -1f;
        }
        double d = x;
        if (Math.abs(d) < 1e-3) {
            double d2 = d * d;
            return (float) (d * (1.0 - d2 * (1.0 / 3.0 - d2 * (2.0 / 15.0))));
        }
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * d) + 1.0));
    }
}
