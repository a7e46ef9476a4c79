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
    /** As the official kernel computes it: see {@link #logistic(float)}. */
    LOGISTIC(16) {
        @Override
        void apply(float[] in, int ii, float[] out, int oi, int n, float alpha) {
            for (int i = 0; i < n; i++) {
                out[oi + i] = logistic(in[ii + i]);
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

    /** Eigen's logistic: below this input it is e^x. */
    static final float LOGISTIC_EXP_BELOW = -9f;
    /** Eigen's logistic: the smallest input for which its rational function is 1; larger inputs are clamped to it. */
    static final float LOGISTIC_UPPER = 15.7243833541870117f;
    /** Odd numerator coefficients of Eigen's logistic ({@code x * (A1 + A3 x^2 + ... + A9 x^8)}). */
    static final float A1 = 2.48287947061529e-01f;
    static final float A3 = 8.51377133304701e-03f;
    static final float A5 = 6.08574864600143e-05f;
    static final float A7 = 1.15627324459942e-07f;
    static final float A9 = 4.37031012579801e-11f;
    /** Even denominator coefficients of Eigen's logistic. */
    static final float B0 = 9.93151921023180e-01f;
    static final float B2 = 1.16817656904453e-01f;
    static final float B4 = 1.70198817374094e-03f;
    static final float B6 = 6.29106785017040e-06f;
    static final float B8 = 5.76102136993427e-09f;
    static final float B10 = 6.10247389755681e-13f;

    /**
     * The logistic function as TensorFlow Lite 2.6's float kernel computes it (Eigen's {@code scalar_logistic_op}):
     * a degree 9/10 rational function plus 1/2 in float arithmetic from -9 up (inputs above 15.72 give exactly 1),
     * and e^x below -9, flushed to 0 where it is subnormal. Its error near 0 is about 1e-7 absolute, so an exact
     * 1/(1 + e^-x) would differ from the official results by far more than their own size for inputs around -8.
     */
    static float logistic(float x) {
        if (x < LOGISTIC_EXP_BELOW) {
            float e = (float) Math.exp(x);
            return e < Float.MIN_NORMAL ? 0f : e;
        }
        float v = Math.min(x, LOGISTIC_UPPER);
        float v2 = v * v;
        float p = v2 * A9 + A7;
        p = v2 * p + A5;
        p = v2 * p + A3;
        p = v2 * p + A1;
        p = v * p;
        float q = v2 * B10 + B8;
        q = v2 * q + B6;
        q = v2 * q + B4;
        q = v2 * q + B2;
        q = v2 * q + B0;
        return p / q + 0.5f;
    }

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
