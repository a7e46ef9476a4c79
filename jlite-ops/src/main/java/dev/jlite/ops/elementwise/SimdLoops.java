package dev.jlite.ops.elementwise;

import dev.jlite.ops.common.FloatSpecies;
import dev.jlite.ops.common.Vectorization;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the hot float loops. Each loop covers the longest multiple of the vector length and
 * returns how many elements it did (or finishes the rest with the scalar code), so results differ from the scalar
 * kernels only where a vector operation rounds differently (exp, tanh, summation order in softmax).
 * Only touch this class when {@link Vectorization#AVAILABLE}.
 */
final class SimdLoops {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int STEP = S.length();

    // No helper methods that take or return vectors: C2 inlines the Vector API's own methods always (they are
    // force-inlined), but a helper only where the profile saw its call site run, and a call left in compiled code
    // passes its vectors as heap objects for as long as that code lives. One-line `load` and `clamp` helpers were
    // left as calls that way (-XX:+LogCompilation of averagePixel compiled while selfie_segmentation ran: "call site
    // not reached" for both, on the 2x2 window's path).
    //
    // Activations clamp with two compares and blends, `x <= lo ? lo : x` then `y >= hi ? hi : y` (NaN passing
    // through), for lo not -0 and hi not +0 (no activation range has them): FloatVector's max and min cost several
    // instructions each on x86 to order -0 below +0 and to propagate NaN.

    private SimdLoops() {}

    /**
     * PRELU with one slope per channel (the usual {@code [1, 1, C]} alpha against {@code [N, H, W, C]}): one flat
     * loop over all {@code total} elements whose slope index wraps at {@code channels}, instead of a loop per pixel
     * (two vectors long for 16 channels, where the per-row overhead dominated).
     */
    private static void preluPerChannel(float[] a, int ai, float[] b, int bi, float[] o, int oi, int total,
            int channels) {
        int c = 0;
        for (int i = 0; i < total; i += STEP) {
            FloatVector x = FloatVector.fromArray(S, a, ai + i);
            x.blend(x.mul(FloatVector.fromArray(S, b, bi + c)), x.compare(VectorOperators.LT, 0f))
                    .intoArray(o, oi + i);
            c += STEP;
            if (c == channels) {
                c = 0;
            }
        }
    }

    /**
     * {@link BinaryOp#run} over {@code rows} rows of {@code n} outputs, row {@code r} reading a from
     * {@code ai + r * aStep} and b from {@code bi + r * bStep}; inner strides are 0 or 1, not both 0. Keeping the
     * row loop here avoids a call per row, which matters for short rows (bias and per-channel scale over C).
     */
    static void binary(BinaryOp op, float[] a, int ai, int aStep, int as, float[] b, int bi, int bStep, int bs,
            float[] o, int oi, int rows, int n, float lo, float hi) {
        if ((op == BinaryOp.ADD || op == BinaryOp.MUL) && perChannel(rows, n, bStep, bs, aStep, as)) {
            // Commutative, exactly (IEEE sum and product do not depend on the order): the repeated operand second.
            binary(op, b, bi, bStep, bs, a, ai, aStep, as, o, oi, rows, n, lo, hi);
            return;
        }
        switch (op) {
            case ADD:
                add(a, ai, aStep, as, b, bi, bStep, bs, o, oi, rows, n, lo, hi);
                break;
            case SUB:
                sub(a, ai, aStep, as, b, bi, bStep, bs, o, oi, rows, n, lo, hi);
                break;
            case MUL:
                mul(a, ai, aStep, as, b, bi, bStep, bs, o, oi, rows, n, lo, hi);
                break;
            case DIV:
                div(a, ai, aStep, as, b, bi, bStep, bs, o, oi, rows, n, lo, hi);
                break;
            default:
                prelu(a, ai, aStep, as, b, bi, bStep, bs, o, oi, rows, n);
        }
    }

    /**
     * Whether rows of {@code n} elements read operand a whole ({@code aStep == n}) and repeat operand b's n elements
     * ({@code bStep == 0}): the per-channel broadcast ({@code [N, H, W, C]} against {@code [C]}), done as one flat
     * loop whose b index wraps at n, as {@link #preluPerChannel} does, instead of a short loop per row.
     */
    private static boolean perChannel(int rows, int n, int aStep, int as, int bStep, int bs) {
        return rows > 1 && as == 1 && bs == 1 && aStep == n && bStep == 0 && n % STEP == 0;
    }

    private static void add(float[] a, int ai, int aStep, int as, float[] b, int bi, int bStep, int bs,
            float[] o, int oi, int rows, int n, float lo, float hi) {
        if (perChannel(rows, n, aStep, as, bStep, bs)) {
            int c = 0;
            for (int i = 0, total = rows * n; i < total; i += STEP) {
                FloatVector z = FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + c));
                z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                c += STEP;
                if (c == n) {
                    c = 0;
                }
            }
            return;
        }
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, ai += aStep, bi += bStep, oi += n) {
            int i = 0;
            if (as == 0) {
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                for (; i < bound; i += STEP) {
                    FloatVector z = x.add(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else if (bs == 0) {
                FloatVector y = FloatVector.broadcast(S, b[bi]);
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).add(y);
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else {
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            }
            if (i < n) {
                BinaryOp.ADD.run(a, ai + i * as, as, b, bi + i * bs, bs, o, oi + i, n - i, lo, hi);
            }
        }
    }

    private static void sub(float[] a, int ai, int aStep, int as, float[] b, int bi, int bStep, int bs,
            float[] o, int oi, int rows, int n, float lo, float hi) {
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, ai += aStep, bi += bStep, oi += n) {
            int i = 0;
            if (as == 0) {
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                for (; i < bound; i += STEP) {
                    FloatVector z = x.sub(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else if (bs == 0) {
                FloatVector y = FloatVector.broadcast(S, b[bi]);
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).sub(y);
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else {
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).sub(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            }
            if (i < n) {
                BinaryOp.SUB.run(a, ai + i * as, as, b, bi + i * bs, bs, o, oi + i, n - i, lo, hi);
            }
        }
    }

    private static void mul(float[] a, int ai, int aStep, int as, float[] b, int bi, int bStep, int bs,
            float[] o, int oi, int rows, int n, float lo, float hi) {
        if (perChannel(rows, n, aStep, as, bStep, bs)) {
            int c = 0;
            for (int i = 0, total = rows * n; i < total; i += STEP) {
                FloatVector z = FloatVector.fromArray(S, a, ai + i).mul(FloatVector.fromArray(S, b, bi + c));
                z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                c += STEP;
                if (c == n) {
                    c = 0;
                }
            }
            return;
        }
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, ai += aStep, bi += bStep, oi += n) {
            int i = 0;
            if (as == 0) {
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                for (; i < bound; i += STEP) {
                    FloatVector z = x.mul(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else if (bs == 0) {
                FloatVector y = FloatVector.broadcast(S, b[bi]);
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).mul(y);
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else {
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).mul(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            }
            if (i < n) {
                BinaryOp.MUL.run(a, ai + i * as, as, b, bi + i * bs, bs, o, oi + i, n - i, lo, hi);
            }
        }
    }

    private static void div(float[] a, int ai, int aStep, int as, float[] b, int bi, int bStep, int bs,
            float[] o, int oi, int rows, int n, float lo, float hi) {
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, ai += aStep, bi += bStep, oi += n) {
            int i = 0;
            if (as == 0) {
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                for (; i < bound; i += STEP) {
                    FloatVector z = x.div(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else if (bs == 0) {
                FloatVector y = FloatVector.broadcast(S, b[bi]);
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).div(y);
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            } else {
                for (; i < bound; i += STEP) {
                    FloatVector z = FloatVector.fromArray(S, a, ai + i).div(FloatVector.fromArray(S, b, bi + i));
                    z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                    z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(o, oi + i);
                }
            }
            if (i < n) {
                BinaryOp.DIV.run(a, ai + i * as, as, b, bi + i * bs, bs, o, oi + i, n - i, lo, hi);
            }
        }
    }

    /** {@code x >= 0 ? x : x * alpha}; a is the input, b the slope. */
    private static void prelu(float[] a, int ai, int aStep, int as, float[] b, int bi, int bStep, int bs, float[] o,
            int oi, int rows, int n) {
        if (rows > 1 && as == 1 && bs == 1 && aStep == n && bStep == 0 && n % STEP == 0) {
            preluPerChannel(a, ai, b, bi, o, oi, rows * n, n);
            return;
        }
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, ai += aStep, bi += bStep, oi += n) {
            int i = 0;
            if (as == 0) {
                // One input value against many slopes: the result is that value or value * slope.
                float x = a[ai];
                FloatVector v = FloatVector.broadcast(S, x);
                for (; i < bound; i += STEP) {
                    (x >= 0f ? v : v.mul(FloatVector.fromArray(S, b, bi + i))).intoArray(o, oi + i);
                }
            } else if (bs == 0) {
                float alpha = b[bi];
                for (; i < bound; i += STEP) {
                    FloatVector x = FloatVector.fromArray(S, a, ai + i);
                    x.blend(x.mul(alpha), x.compare(VectorOperators.LT, 0f)).intoArray(o, oi + i);
                }
            } else {
                for (; i < bound; i += STEP) {
                    FloatVector x = FloatVector.fromArray(S, a, ai + i);
                    x.blend(x.mul(FloatVector.fromArray(S, b, bi + i)), x.compare(VectorOperators.LT, 0f))
                            .intoArray(o, oi + i);
                }
            }
            if (i < n) {
                BinaryOp.PRELU.run(a, ai + i * as, as, b, bi + i * bs, bs, o, oi + i, n - i, 0f, 0f);
            }
        }
    }

    // The activations' vector loops: each returns how many elements it did (whole vectors); UnaryKernel calls
    // each from its own task (see there why) and finishes the tail with the scalar code.

    static int clamp(float[] in, int ii, float[] out, int oi, int n, float lo, float hi) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += STEP) {
            FloatVector z = FloatVector.fromArray(S, in, ii + i);
            z = z.blend(lo, z.compare(VectorOperators.LE, lo));
            z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code min(x > 0 ? x : 0, 6)}: NaN becomes 0, as in TensorFlow Lite (a vector max would keep it). */
    static int relu6(float[] in, int ii, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += STEP) {
            FloatVector x = FloatVector.fromArray(S, in, ii + i);
            zero.blend(x, x.compare(VectorOperators.GT, 0f)).min(6f).intoArray(out, oi + i);
        }
        return i;
    }

    /** {@code x > 0 ? x : x * alpha}. */
    static int leakyRelu(float[] in, int ii, float[] out, int oi, int n, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += STEP) {
            FloatVector x = FloatVector.fromArray(S, in, ii + i);
            x.mul(alpha).blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(out, oi + i);
        }
        return i;
    }

    /** Times 1/6 rather than divided by 6 (within an ulp of it): a vector division costs several multiplies. */
    static int hardSwish(float[] in, int ii, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        float sixth = 1f / 6f;
        for (; i < bound; i += STEP) {
            FloatVector x = FloatVector.fromArray(S, in, ii + i);
            FloatVector z = x.add(3f);
            z = z.blend(0f, z.compare(VectorOperators.LE, 0f));
            z = z.blend(6f, z.compare(VectorOperators.GE, 6f));
            x.mul(z).mul(sixth).intoArray(out, oi + i);
        }
        return i;
    }

    /**
     * {@link UnaryOp#logistic}: the rational function on every lane (no EXP: cheaper than 1/(1 + e^-x)); only a
     * vector with a lane below -9 also computes e^x, as Eigen's packet code does. Lanes whose e^x is subnormal are
     * set to 0: besides matching the official results, a subnormal result costs a microcode assist of ~100 cycles
     * per vector (selfie_segmentation's background, measured 6x slower).
     */
    static int logistic(float[] in, int ii, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += STEP) {
            FloatVector x = FloatVector.fromArray(S, in, ii + i);
            FloatVector v = x.min(UnaryOp.LOGISTIC_UPPER);
            FloatVector v2 = v.mul(v);
            FloatVector p = v2.mul(UnaryOp.A9).add(UnaryOp.A7);
            p = v2.mul(p).add(UnaryOp.A5);
            p = v2.mul(p).add(UnaryOp.A3);
            p = v2.mul(p).add(UnaryOp.A1);
            p = v.mul(p);
            FloatVector q = v2.mul(UnaryOp.B10).add(UnaryOp.B8);
            q = v2.mul(q).add(UnaryOp.B6);
            q = v2.mul(q).add(UnaryOp.B4);
            q = v2.mul(q).add(UnaryOp.B2);
            q = v2.mul(q).add(UnaryOp.B0);
            FloatVector y = p.div(q).add(0.5f);
            // Stored on each path rather than merged into one y after the branch: JDK 17's C2 boxes a vector that
            // two paths assign. The branch is kept to few vector operations for the same reason: C2 inlines a
            // method's Vector API calls only while its node count stays under NodeCountInliningCutoff, and calls
            // inlined later box their vectors (selfie_segmentation, whose background is below -9: 0.5 MB per
            // inference with one more compare and an or here).
            y.intoArray(out, oi + i);
            VectorMask<Float> small = x.compare(VectorOperators.LT, UnaryOp.LOGISTIC_EXP_BELOW);
            if (small.anyTrue()) {
                // e^x is computed no lower than ln(Float.MIN_NORMAL): a subnormal result would cost a microcode
                // assist per vector (selfie_segmentation 1.9x slower with the inputs clamped at -88 instead);
                // lanes below it are 0, as the official kernel flushes their subnormal e^x.
                FloatVector e = x.max(LOGISTIC_ZERO_BELOW).lanewise(VectorOperators.EXP);
                y.blend(e.blend(0f, x.compare(VectorOperators.LT, LOGISTIC_ZERO_BELOW)), small).intoArray(out, oi + i);
            }
        }
        return i;
    }

    /** ln(Float.MIN_NORMAL), rounded up: below it e^x is subnormal, which the official kernel gives as 0. */
    private static final float LOGISTIC_ZERO_BELOW = -87.33654f;

    /**
     * tanh through EXP (VectorOperators.TANH has no intrinsic in JDK 17; EXP has). Near 0, where
     * {@code 1 - 2/(e^2x + 1)} cancels, the odd Taylor series (error below 1e-8 relative for |x| < 1/16) is used.
     */
    static int tanh(float[] in, int ii, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        for (; i < bound; i += STEP) {
            FloatVector x = FloatVector.fromArray(S, in, ii + i);
            FloatVector far = one.sub(two.div(x.add(x).lanewise(VectorOperators.EXP).add(one)));
            FloatVector x2 = x.mul(x);
            FloatVector near = x.mul(one.sub(x2.mul(x2.mul(-2f / 15f).add(1f / 3f))));
            far.blend(near, x.abs().compare(VectorOperators.LT, 0.0625f)).intoArray(out, oi + i);
        }
        return i;
    }

    /** Softmax of one row: {@code y = exp((x - max) * beta) / sum}. */
    static void softmaxRow(float[] x, int xi, float[] y, int yi, int n, float beta) {
        int bound = S.loopBound(n);
        int i = 0;
        float max = -Float.MAX_VALUE;
        if (bound > 0) {
            FloatVector m = FloatVector.broadcast(S, -Float.MAX_VALUE);
            for (; i < bound; i += STEP) {
                m = m.max(FloatVector.fromArray(S, x, xi + i));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            max = Math.max(max, x[xi + i]);
        }
        FloatVector vmax = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        for (i = 0; i < bound; i += STEP) {
            FloatVector e = FloatVector.fromArray(S, x, xi + i).sub(vmax).mul(beta).lanewise(VectorOperators.EXP);
            e.intoArray(y, yi + i);
            acc = acc.add(e);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp((x[xi + i] - max) * beta);
            y[yi + i] = e;
            sum += e;
        }
        float scale = 1f / sum;
        for (i = 0; i < bound; i += STEP) {
            FloatVector.fromArray(S, y, yi + i).mul(scale).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] *= scale;
        }
    }

    /** {@code y[yi..yi+n) += x[xi..xi+n)}. */
    static void addInto(float[] x, int xi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += STEP) {
            FloatVector.fromArray(S, y, yi + i).add(FloatVector.fromArray(S, x, xi + i)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] += x[xi + i];
        }
    }

    /** {@code y = x > y ? x : y} elementwise: NaN in x is passed over, as TensorFlow Lite's max reductions do. */
    static void maxInto(float[] x, int xi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += STEP) {
            FloatVector v = FloatVector.fromArray(S, x, xi + i);
            FloatVector m = FloatVector.fromArray(S, y, yi + i);
            VectorMask<Float> greater = v.compare(VectorOperators.GT, m);
            m.blend(v, greater).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            float v = x[xi + i];
            float m = y[yi + i];
            y[yi + i] = v > m ? v : m;
        }
    }

    /**
     * One output pixel of an average pooling: sums the window's input pixels
     * {@code x[base + fy * rowStride + fx * c]} ({@code fy0 <= fy < fy1}, {@code fx0 <= fx < fx1}) channel-wise, in
     * row-major window order as TensorFlow Lite's reference does, divides by their count and clamps. The window is
     * walked as one flat loop: the JDK 17 JIT keeps a vector accumulator in a register across one loop, not
     * across two nested ones. Channels are covered by whole vectors, the last one at {@code c - STEP} when
     * {@code c} is not a multiple of the vector length: its lanes below the previous vector's end are computed
     * again from the same inputs, to the same values. Fewer than {@code STEP} channels take the scalar loop.
     */
    static void averagePixel(float[] x, int base, int rowStride, int c, int fy0, int fy1, int fx0, int fx1,
            float[] y, int yi, float lo, float hi) {
        int width = fx1 - fx0;
        int taps = (fy1 - fy0) * width;
        float count = taps;
        int start = base + fy0 * rowStride + fx0 * c;
        if (c < STEP) {
            averageScalar(x, start, rowStride, c, fy1 - fy0, width, count, y, yi, lo, hi);
            return;
        }
        int last = c - STEP;
        if (taps == 4 && width == 2) {
            // The 2x2 window (stride 2 pooling away from the edges): four loads, no tap loop.
            int next = start + rowStride;
            for (int ci = 0; ; ci = Math.min(ci + STEP, last)) {
                FloatVector acc = FloatVector.zero(S).add(FloatVector.fromArray(S, x, start + ci))
                        .add(FloatVector.fromArray(S, x, start + c + ci)).add(FloatVector.fromArray(S, x, next + ci))
                        .add(FloatVector.fromArray(S, x, next + c + ci));
                FloatVector z = acc.div(count);
                z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(y, yi + ci);
                if (ci == last) {
                    return;
                }
            }
        }
        // Two channel vectors per pass over the window: each sum is a chain of dependent adds, and two chains
        // hide half of the add latency on long windows (global pooling; the largest ones are bound by memory
        // anyway). With c == STEP both are the same vector, computed twice.
        int wrap = rowStride - width * c;
        for (int ci = 0; ; ) {
            int cj = Math.min(ci + STEP, last);
            FloatVector acc = FloatVector.zero(S);
            FloatVector acc2 = acc;
            int offset = start;
            int fx = 0;
            for (int t = 0; t < taps; t++) {
                acc = acc.add(FloatVector.fromArray(S, x, offset + ci));
                acc2 = acc2.add(FloatVector.fromArray(S, x, offset + cj));
                offset += c;
                if (++fx == width) {
                    fx = 0;
                    offset += wrap;
                }
            }
            FloatVector z = acc.div(count);
            z = z.blend(lo, z.compare(VectorOperators.LE, lo));
            z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(y, yi + ci);
            z = acc2.div(count);
            z = z.blend(lo, z.compare(VectorOperators.LE, lo));
            z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(y, yi + cj);
            if (cj == last) {
                return;
            }
            ci = Math.min(cj + STEP, last);
        }
    }

    private static void averageScalar(float[] x, int start, int rowStride, int c, int height, int width,
            float count, float[] y, int yi, float lo, float hi) {
        for (int ci = 0; ci < c; ci++) {
            float acc = 0f;
            for (int fy = 0; fy < height; fy++) {
                int rowBase = start + fy * rowStride + ci;
                for (int fx = 0; fx < width; fx++) {
                    acc += x[rowBase + fx * c];
                }
            }
            y[yi + ci] = Math.min(Math.max(acc / count, lo), hi);
        }
    }

    /**
     * One output pixel of a max pooling over the same window as {@link #averagePixel}, with the same channel
     * covering: starts at {@code -Float.MAX_VALUE} and passes over NaN inputs ({@code v > max ? v : max}, in
     * row-major window order, which also decides between -0 and +0), then clamps.
     */
    static void maxPixel(float[] x, int base, int rowStride, int c, int fy0, int fy1, int fx0, int fx1, float[] y,
            int yi, float lo, float hi) {
        int width = fx1 - fx0;
        int taps = (fy1 - fy0) * width;
        int start = base + fy0 * rowStride + fx0 * c;
        if (c < STEP) {
            maxScalar(x, start, rowStride, c, fy1 - fy0, width, y, yi, lo, hi);
            return;
        }
        int last = c - STEP;
        if (taps == 4 && width == 2) {
            int next = start + rowStride;
            for (int ci = 0; ; ci = Math.min(ci + STEP, last)) {
                FloatVector acc = FloatVector.broadcast(S, -Float.MAX_VALUE);
                FloatVector v = FloatVector.fromArray(S, x, start + ci);
                acc = acc.blend(v, v.compare(VectorOperators.GT, acc));
                v = FloatVector.fromArray(S, x, start + c + ci);
                acc = acc.blend(v, v.compare(VectorOperators.GT, acc));
                v = FloatVector.fromArray(S, x, next + ci);
                acc = acc.blend(v, v.compare(VectorOperators.GT, acc));
                v = FloatVector.fromArray(S, x, next + c + ci);
                acc = acc.blend(v, v.compare(VectorOperators.GT, acc));
                FloatVector z = acc;
                z = z.blend(lo, z.compare(VectorOperators.LE, lo));
                z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(y, yi + ci);
                if (ci == last) {
                    return;
                }
            }
        }
        // Two channel vectors per pass, as in averagePixel.
        int wrap = rowStride - width * c;
        for (int ci = 0; ; ) {
            int cj = Math.min(ci + STEP, last);
            FloatVector acc = FloatVector.broadcast(S, -Float.MAX_VALUE);
            FloatVector acc2 = acc;
            int offset = start;
            int fx = 0;
            for (int t = 0; t < taps; t++) {
                FloatVector v = FloatVector.fromArray(S, x, offset + ci);
                acc = acc.blend(v, v.compare(VectorOperators.GT, acc));
                FloatVector v2 = FloatVector.fromArray(S, x, offset + cj);
                acc2 = acc2.blend(v2, v2.compare(VectorOperators.GT, acc2));
                offset += c;
                if (++fx == width) {
                    fx = 0;
                    offset += wrap;
                }
            }
            FloatVector z = acc;
            z = z.blend(lo, z.compare(VectorOperators.LE, lo));
            z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(y, yi + ci);
            z = acc2;
            z = z.blend(lo, z.compare(VectorOperators.LE, lo));
            z.blend(hi, z.compare(VectorOperators.GE, hi)).intoArray(y, yi + cj);
            if (cj == last) {
                return;
            }
            ci = Math.min(cj + STEP, last);
        }
    }

    private static void maxScalar(float[] x, int start, int rowStride, int c, int height, int width, float[] y,
            int yi, float lo, float hi) {
        for (int ci = 0; ci < c; ci++) {
            float acc = -Float.MAX_VALUE;
            for (int fy = 0; fy < height; fy++) {
                int rowBase = start + fy * rowStride + ci;
                for (int fx = 0; fx < width; fx++) {
                    float v = x[rowBase + fx * c];
                    acc = v > acc ? v : acc;
                }
            }
            y[yi + ci] = Math.min(Math.max(acc, lo), hi);
        }
    }
}
