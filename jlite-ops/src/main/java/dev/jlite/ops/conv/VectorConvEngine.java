package dev.jlite.ops.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API inner loops. {@link #convolve} is register-blocked: a tile of 4 output pixels times 2 vectors of
 * output channels is accumulated in 8 vector registers while the loop runs over taps and input channels, so each
 * weight vector loaded serves 4 pixels and each broadcast input serves 2 vectors. {@link #depthwise} keeps 4
 * pixels of one channel vector in registers. Only loaded through {@link VectorEngineHolder}.
 */
final class VectorConvEngine implements ConvEngine {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    @Override
    public int channelAlignment() {
        return V;
    }

    @Override
    public void convolve(PackedFilter f, int oFrom, int oTo, float[] in, int inBase, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        int oEnd = Math.min(oTo, f.channels);
        if (oEnd - oFrom < V / 2) {
            // Mostly padding lanes: the scalar loop does less work.
            ScalarConvEngine.INSTANCE.convolve(f, oFrom, oTo, in, inBase, inStride, tapIn, tapW, taps, out, outBase,
                    outStride, pixels);
            return;
        }
        int j = 0;
        for (; j + 4 <= pixels; j += 4) {
            int a = inBase + j * inStride;
            int o = outBase + j * outStride;
            int ob = oFrom;
            for (; ob + V < oEnd; ob += 2 * V) {
                tile4x2(f, ob, oEnd, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
            }
            if (ob < oEnd) {
                tile4x1(f, ob, oEnd, in, a, inStride, tapIn, tapW, taps, out, o, outStride);
            }
        }
        for (; j < pixels; j++) {
            int a = inBase + j * inStride;
            int o = outBase + j * outStride;
            int ob = oFrom;
            for (; ob + V < oEnd; ob += 2 * V) {
                tile1x2(f, ob, oEnd, in, a, tapIn, tapW, taps, out, o);
            }
            if (ob < oEnd) {
                tile1x1(f, ob, oEnd, in, a, tapIn, tapW, taps, out, o);
            }
        }
    }

    private static void tile4x2(PackedFilter f, int ob, int oEnd, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector b0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector b1 = FloatVector.fromArray(S, f.bias, ob + V);
        FloatVector c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
        for (int t = 0; t < taps; t++) {
            int p0 = a0 + tapIn[t];
            int p1 = p0 + inStride;
            int p2 = p1 + inStride;
            int p3 = p2 + inStride;
            int wr = f.base + tapW[t] + ob;
            for (int c = 0; c < depth; c++, wr += ws) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + V);
                FloatVector x = FloatVector.broadcast(S, in[p0 + c]);
                c00 = w0.fma(x, c00);
                c01 = w1.fma(x, c01);
                x = FloatVector.broadcast(S, in[p1 + c]);
                c10 = w0.fma(x, c10);
                c11 = w1.fma(x, c11);
                x = FloatVector.broadcast(S, in[p2 + c]);
                c20 = w0.fma(x, c20);
                c21 = w1.fma(x, c21);
                x = FloatVector.broadcast(S, in[p3 + c]);
                c30 = w0.fma(x, c30);
                c31 = w1.fma(x, c31);
            }
        }
        int o = o0 + ob;
        int lanes = oEnd - ob - V;
        store(f, c00, out, o, V);
        store(f, c01, out, o + V, lanes);
        o += outStride;
        store(f, c10, out, o, V);
        store(f, c11, out, o + V, lanes);
        o += outStride;
        store(f, c20, out, o, V);
        store(f, c21, out, o + V, lanes);
        o += outStride;
        store(f, c30, out, o, V);
        store(f, c31, out, o + V, lanes);
    }

    private static void tile4x1(PackedFilter f, int ob, int oEnd, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0, int outStride) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector c1 = c0, c2 = c0, c3 = c0;
        for (int t = 0; t < taps; t++) {
            int p0 = a0 + tapIn[t];
            int p1 = p0 + inStride;
            int p2 = p1 + inStride;
            int p3 = p2 + inStride;
            int wr = f.base + tapW[t] + ob;
            for (int c = 0; c < depth; c++, wr += ws) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                c0 = w0.fma(FloatVector.broadcast(S, in[p0 + c]), c0);
                c1 = w0.fma(FloatVector.broadcast(S, in[p1 + c]), c1);
                c2 = w0.fma(FloatVector.broadcast(S, in[p2 + c]), c2);
                c3 = w0.fma(FloatVector.broadcast(S, in[p3 + c]), c3);
            }
        }
        int o = o0 + ob;
        int lanes = oEnd - ob;
        store(f, c0, out, o, lanes);
        store(f, c1, out, o + outStride, lanes);
        store(f, c2, out, o + 2 * outStride, lanes);
        store(f, c3, out, o + 3 * outStride, lanes);
    }

    private static void tile1x2(PackedFilter f, int ob, int oEnd, float[] in, int a0, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        FloatVector c1 = FloatVector.fromArray(S, f.bias, ob + V);
        for (int t = 0; t < taps; t++) {
            int p = a0 + tapIn[t];
            int wr = f.base + tapW[t] + ob;
            for (int c = 0; c < depth; c++, wr += ws) {
                FloatVector x = FloatVector.broadcast(S, in[p + c]);
                c0 = FloatVector.fromArray(S, w, wr).fma(x, c0);
                c1 = FloatVector.fromArray(S, w, wr + V).fma(x, c1);
            }
        }
        store(f, c0, out, o0 + ob, V);
        store(f, c1, out, o0 + ob + V, oEnd - ob - V);
    }

    private static void tile1x1(PackedFilter f, int ob, int oEnd, float[] in, int a0, int[] tapIn, int[] tapW,
            int taps, float[] out, int o0) {
        float[] w = f.weights;
        int depth = f.depth;
        int ws = f.stride;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, ob);
        for (int t = 0; t < taps; t++) {
            int p = a0 + tapIn[t];
            int wr = f.base + tapW[t] + ob;
            for (int c = 0; c < depth; c++, wr += ws) {
                c0 = FloatVector.fromArray(S, w, wr).fma(FloatVector.broadcast(S, in[p + c]), c0);
            }
        }
        store(f, c0, out, o0 + ob, oEnd - ob);
    }

    /** Stores the first {@code lanes} lanes (all when {@code lanes >= V}) after the fused activation. */
    private static void store(PackedFilter f, FloatVector v, float[] out, int at, int lanes) {
        if (f.clamp) {
            v = v.max(f.lo).min(f.hi);
        }
        if (lanes >= V) {
            v.intoArray(out, at);
        } else {
            v.intoArray(out, at, S.indexInRange(0, lanes));
        }
    }

    @Override
    public void depthwise(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int pixels) {
        int channels = f.channels;
        int full = channels - channels % V;
        if (f.multiplier != 1 || full == 0) {
            // The multiplier spreads one input channel over several output lanes: no contiguous vector to load.
            ScalarConvEngine.INSTANCE.depthwise(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
            return;
        }
        int j = 0;
        for (; j + 4 <= pixels; j += 4) {
            int a = inBase + j * inStride;
            int o = outBase + j * channels;
            for (int c = 0; c < full; c += V) {
                depthwise4(f, c, in, a, inStride, tapIn, tapW, taps, out, o);
            }
            for (int k = 0; k < 4; k++) {
                ScalarConvEngine.depthwiseChannels(f, in, a + k * inStride, tapIn, tapW, taps, out,
                        o + k * channels, full, channels);
            }
        }
        for (; j < pixels; j++) {
            int a = inBase + j * inStride;
            int o = outBase + j * channels;
            for (int c = 0; c < full; c += V) {
                depthwise1(f, c, in, a, tapIn, tapW, taps, out, o);
            }
            ScalarConvEngine.depthwiseChannels(f, in, a, tapIn, tapW, taps, out, o, full, channels);
        }
    }

    private static void depthwise4(DepthwiseFilter f, int c, float[] in, int a0, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int o0) {
        float[] w = f.weights;
        FloatVector c0 = FloatVector.fromArray(S, f.bias, c);
        FloatVector c1 = c0, c2 = c0, c3 = c0;
        for (int t = 0; t < taps; t++) {
            int p = a0 + tapIn[t] + c;
            FloatVector wv = FloatVector.fromArray(S, w, f.base + tapW[t] + c);
            c0 = FloatVector.fromArray(S, in, p).fma(wv, c0);
            c1 = FloatVector.fromArray(S, in, p + inStride).fma(wv, c1);
            c2 = FloatVector.fromArray(S, in, p + 2 * inStride).fma(wv, c2);
            c3 = FloatVector.fromArray(S, in, p + 3 * inStride).fma(wv, c3);
        }
        int channels = f.channels;
        int o = o0 + c;
        storeDepthwise(f, c0, out, o);
        storeDepthwise(f, c1, out, o + channels);
        storeDepthwise(f, c2, out, o + 2 * channels);
        storeDepthwise(f, c3, out, o + 3 * channels);
    }

    private static void depthwise1(DepthwiseFilter f, int c, float[] in, int a0, int[] tapIn, int[] tapW, int taps,
            float[] out, int o0) {
        float[] w = f.weights;
        FloatVector acc = FloatVector.fromArray(S, f.bias, c);
        for (int t = 0; t < taps; t++) {
            acc = FloatVector.fromArray(S, in, a0 + tapIn[t] + c)
                    .fma(FloatVector.fromArray(S, w, f.base + tapW[t] + c), acc);
        }
        storeDepthwise(f, acc, out, o0 + c);
    }

    private static void storeDepthwise(DepthwiseFilter f, FloatVector v, float[] out, int at) {
        if (f.clamp) {
            v = v.max(f.lo).min(f.hi);
        }
        v.intoArray(out, at);
    }
}
