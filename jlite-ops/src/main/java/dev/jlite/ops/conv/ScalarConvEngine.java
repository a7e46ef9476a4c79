package dev.jlite.ops.conv;

/**
 * Plain-Java inner loops: each output pixel's channels start from the bias in the output row, and groups of
 * {@link #GROUP} channels accumulate in local variables over taps and input channels, one product per weight in the
 * same order as a loop over the row would add them. (A contiguous multiply-add over the row's channels, stored back
 * for every input channel, ran at about 0.43 ns per multiply-add even in JDK 17's C2 code, not vectorized: presumably
 * as the output and the weights are arrays it cannot tell apart. This engine runs every float convolution of a JVM's
 * first inference.)
 */
final class ScalarConvEngine implements ConvEngine {
    static final ScalarConvEngine INSTANCE = new ScalarConvEngine();

    private ScalarConvEngine() {}

    @Override
    public int channelAlignment() {
        return 1;
    }

    @Override
    public void epilogue(Epilogue e, float[] out, int outBase, int at, int pixels, int channels, int oFrom, int oTo) {
        int a = e.addendAt(at, channels);
        for (int j = 0; j < pixels; j++) {
            epilogue(e, out, outBase + at + j * channels, a + j * e.addChannels, oFrom, oTo, e.addChannels);
        }
    }

    /**
     * {@link #epilogue} of elements {@code [from, to)} past {@code out[o]} and {@code addend[a]} (part of one pixel's
     * channels, or a run of whole pixels with an addend of the output's shape), the elements from {@code added} on
     * getting {@code +0.0f} instead of the addend (the zero channels of a folded channel PAD).
     */
    static void epilogue(Epilogue e, float[] out, int o, int a, int from, int to, int added) {
        float[] addend = e.addend;
        float[] alpha = e.alpha;
        int s = e.alphaBase;
        for (int c = from; c < to; c++) {
            float v = addend == null ? out[o + c] : out[o + c] + (c < added ? addend[a + c] : 0f);
            v = clamp(v, e.lo, e.hi);
            out[o + c] = alpha == null || v >= 0 ? v : v * alpha[s + c];
        }
    }

    @Override
    public void convolve(PackedFilter f, int oFrom, int oTo, float[] in, int inBase, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        int n = Math.min(oTo, f.channels) - oFrom;
        if (n <= 0) {
            return;
        }
        if (n < NARROW) {
            narrow(f, oFrom, n, in, inBase, inStride, tapIn, tapW, taps, out, outBase, outStride, pixels);
            return;
        }
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.depthStep;
        for (int j = 0; j < pixels; j++) {
            int o0 = outBase + j * outStride + oFrom;
            System.arraycopy(f.bias, oFrom, out, o0, n);
            int a0 = inBase + j * inStride;
            // Runs of channels whose weights are contiguous: all of them, or one vector's in a vector-major filter.
            for (int s = oFrom; s < oFrom + n; ) {
                int e = f.runEnd(s, oFrom + n);
                for (; s + GROUP <= e; s += GROUP) {
                    group(w, f.base + f.offset(s), ws, depth, in, a0, tapIn, tapW, taps, out, o0 + s - oFrom);
                }
                int m = e - s;
                int os = o0 + s - oFrom;
                for (int t = 0; t < taps && m > 0; t++) {
                    int a = a0 + tapIn[t];
                    int wr = f.base + tapW[t] + f.offset(s);
                    for (int c = 0; c < depth; c++, wr += ws) {
                        float x = in[a + c];
                        for (int o = 0; o < m; o++) {
                            out[os + o] += x * w[wr + o];
                        }
                    }
                }
                s = e;
            }
            if (f.clamp) {
                clamp(out, o0, n, f.lo, f.hi);
            }
        }
    }

    /** Output channels accumulated together in local variables by {@link #group}. */
    private static final int GROUP = 8;

    /**
     * Adds to {@code out[o .. o + GROUP)} (holding the bias) every tap's and input channel's products, with the
     * group's weights contiguous from {@code w[wo + tapW[t] + c * ws]}.
     */
    private static void group(float[] w, int wo, int ws, int depth, float[] in, int a0, int[] tapIn, int[] tapW,
            int taps, float[] out, int o) {
        float s0 = out[o];
        float s1 = out[o + 1];
        float s2 = out[o + 2];
        float s3 = out[o + 3];
        float s4 = out[o + 4];
        float s5 = out[o + 5];
        float s6 = out[o + 6];
        float s7 = out[o + 7];
        for (int t = 0; t < taps; t++) {
            int a = a0 + tapIn[t];
            int wr = wo + tapW[t];
            for (int c = 0; c < depth; c++, wr += ws) {
                float x = in[a + c];
                s0 += x * w[wr];
                s1 += x * w[wr + 1];
                s2 += x * w[wr + 2];
                s3 += x * w[wr + 3];
                s4 += x * w[wr + 4];
                s5 += x * w[wr + 5];
                s6 += x * w[wr + 6];
                s7 += x * w[wr + 7];
            }
        }
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = s3;
        out[o + 4] = s4;
        out[o + 5] = s5;
        out[o + 6] = s6;
        out[o + 7] = s7;
    }

    /** Output channel counts below this accumulate in a local variable, one channel at a time. */
    private static final int NARROW = 4;

    /** {@link #convolve} for a few output channels, where a loop over them would be all overhead. */
    private static void narrow(PackedFilter f, int oFrom, int n, float[] in, int inBase, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        float[] w = f.weights;
        int depth = f.depth;
        // Weight (t, c, o) lies at base + tapW[t] + c*cStep + (o's start) in every layout.
        int cStep = f.rowMajor ? 1 : f.depthStep;
        for (int j = 0; j < pixels; j++) {
            int a0 = inBase + j * inStride;
            for (int o = oFrom; o < oFrom + n; o++) {
                float sum = 0f;
                int wo = f.base + (f.rowMajor ? o * f.taps * depth : f.offset(o));
                for (int t = 0; t < taps; t++) {
                    int a = a0 + tapIn[t];
                    int wr = wo + tapW[t];
                    for (int c = 0; c < depth; c++, wr += cStep) {
                        sum += in[a + c] * w[wr];
                    }
                }
                float v = f.bias[o] + sum;
                out[outBase + j * outStride + o] = f.clamp ? clamp(v, f.lo, f.hi) : v;
            }
        }
    }

    @Override
    public void depthwise(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        for (int j = 0; j < pixels; j++) {
            depthwiseChannels(f, in, inBase + j * inStride, tapIn, tapW, taps, out, outBase + j * f.channels, 0,
                    f.channels);
        }
    }

    /** One pixel of {@link #depthwise}, output channels {@code [from, to)}. */
    static void depthwiseChannels(DepthwiseFilter f, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        float[] w = f.weights;
        System.arraycopy(f.bias, from, out, o0 + from, n);
        int m = f.multiplier;
        // Channels from rest on go through the loops over channels: past the groups, or all with a multiplier.
        int rest = from;
        if (m == 1) {
            for (; rest + GROUP <= to; rest += GROUP) {
                depthwiseGroup(w, f.base + rest, in, a0 + rest, tapIn, tapW, taps, out, o0 + rest);
            }
        }
        for (int t = 0; t < taps && rest < to; t++) {
            int a = a0 + tapIn[t];
            int wr = f.base + tapW[t];
            if (m == 1) {
                for (int c = rest; c < to; c++) {
                    out[o0 + c] += in[a + c] * w[wr + c];
                }
            } else {
                for (int o = rest; o < to; o++) {
                    out[o0 + o] += in[a + o / m] * w[wr + o];
                }
            }
        }
        if (f.clamp) {
            clamp(out, o0 + from, n, f.lo, f.hi);
        }
    }

    /**
     * {@link #depthwiseChannels} of {@link #GROUP} channels without a multiplier: {@code out[o ..]} (holding the
     * bias) plus every tap's products of {@code in[a + tapIn[t] ..]} and {@code w[wo + tapW[t] ..]}, in locals.
     */
    private static void depthwiseGroup(float[] w, int wo, float[] in, int a, int[] tapIn, int[] tapW, int taps,
            float[] out, int o) {
        float s0 = out[o];
        float s1 = out[o + 1];
        float s2 = out[o + 2];
        float s3 = out[o + 3];
        float s4 = out[o + 4];
        float s5 = out[o + 5];
        float s6 = out[o + 6];
        float s7 = out[o + 7];
        for (int t = 0; t < taps; t++) {
            int i = a + tapIn[t];
            int k = wo + tapW[t];
            s0 += in[i] * w[k];
            s1 += in[i + 1] * w[k + 1];
            s2 += in[i + 2] * w[k + 2];
            s3 += in[i + 3] * w[k + 3];
            s4 += in[i + 4] * w[k + 4];
            s5 += in[i + 5] * w[k + 5];
            s6 += in[i + 6] * w[k + 6];
            s7 += in[i + 7] * w[k + 7];
        }
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = s3;
        out[o + 4] = s4;
        out[o + 5] = s5;
        out[o + 6] = s6;
        out[o + 7] = s7;
    }

    /** {@link #convolve} for a row-major filter (see {@link PackedFilter#rowMajor}). */
    static void convolveRowMajor(PackedFilter f, int oFrom, int oTo, float[] in, int inBase, int inStride,
            int[] tapIn, int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        int n = Math.min(oTo, f.channels) - oFrom;
        if (n > 0) {
            narrow(f, oFrom, n, in, inBase, inStride, tapIn, tapW, taps, out, outBase, outStride, pixels);
        }
    }

    @Override
    public void innerProducts(float[] w, int wBase, int depth, float[] bias, float lo, float hi, float[] in,
            int inBase, int rows, int oFrom, int oTo, float[] out, int outBase, int outStride) {
        for (int b = 0; b < rows; b++) {
            int x = inBase + b * depth;
            for (int o = oFrom; o < oTo; o++) {
                int wr = wBase + o * depth;
                // Four partial sums: independent dependency chains for the FPU.
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                int i = 0;
                for (; i + 4 <= depth; i += 4) {
                    s0 += in[x + i] * w[wr + i];
                    s1 += in[x + i + 1] * w[wr + i + 1];
                    s2 += in[x + i + 2] * w[wr + i + 2];
                    s3 += in[x + i + 3] * w[wr + i + 3];
                }
                for (; i < depth; i++) {
                    s0 += in[x + i] * w[wr + i];
                }
                float v = bias[o] + ((s0 + s1) + (s2 + s3));
                out[outBase + b * outStride + o] = clamp(v, lo, hi);
            }
        }
    }

    /**
     * A fused activation's clamp as TensorFlow Lite writes it, {@code std::min(std::max(v, lo), hi)}: NaN stays NaN
     * and -0 stays -0 ({@link Math#max} would make it +0). Every conv engine clamps this way, so a pixel does not
     * depend on which kernel computed it.
     */
    static float clamp(float v, float lo, float hi) {
        float m = v < lo ? lo : v;
        return hi < m ? hi : m;
    }

    static void clamp(float[] a, int from, int n, float lo, float hi) {
        for (int i = from; i < from + n; i++) {
            a[i] = clamp(a[i], lo, hi);
        }
    }
}
