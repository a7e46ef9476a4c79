package dev.jlite.ops.conv;

import dev.jlite.ops.common.SimdSwitch;

/**
 * The Vector API engine behind a switch: calls go to the scalar engine until {@link SimdSwitch#on()}, then to
 * the vector one. Filters are packed for the vector engine; the scalar engine reads that layout too (padded
 * channel rows), except for a {@link PackedFilter#rowMajor} filter, which goes to its row-major loop.
 */
final class SwitchingConvEngine implements ConvEngine {
    private final ConvEngine vector;

    SwitchingConvEngine(ConvEngine vector) {
        this.vector = vector;
    }

    @Override
    public int channelAlignment() {
        return vector.channelAlignment();
    }

    @Override
    public int tileVectors() {
        return vector.tileVectors();
    }

    @Override
    public void convolve(PackedFilter f, int oFrom, int oTo, float[] in, int inBase, int inStride, int[] tapIn,
            int[] tapW, int taps, float[] out, int outBase, int outStride, int pixels) {
        if (SimdSwitch.on()) {
            vector.convolve(f, oFrom, oTo, in, inBase, inStride, tapIn, tapW, taps, out, outBase, outStride, pixels);
        } else if (f.rowMajor) {
            ScalarConvEngine.convolveRowMajor(f, oFrom, oTo, in, inBase, inStride, tapIn, tapW, taps, out, outBase,
                    outStride, pixels);
        } else {
            ScalarConvEngine.INSTANCE.convolve(f, oFrom, oTo, in, inBase, inStride, tapIn, tapW, taps, out, outBase,
                    outStride, pixels);
        }
    }

    @Override
    public void convolveTwoPhases(PackedFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW0,
            int[] tapW1, int taps, float[] out, int outBase, int pixels) {
        if (SimdSwitch.on()) {
            vector.convolveTwoPhases(f, in, inBase, inStride, tapIn, tapW0, tapW1, taps, out, outBase, pixels);
        } else {
            ConvEngine.super.convolveTwoPhases(f, in, inBase, inStride, tapIn, tapW0, tapW1, taps, out, outBase,
                    pixels);
        }
    }

    @Override
    public void depthwise(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW, int taps,
            float[] out, int outBase, int pixels) {
        if (SimdSwitch.on()) {
            vector.depthwise(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
        } else {
            ScalarConvEngine.INSTANCE.depthwise(f, in, inBase, inStride, tapIn, tapW, taps, out, outBase, pixels);
        }
    }

    @Override
    public void depthwiseRows(DepthwiseFilter f, float[] in, DepthwiseRow[] rows, int count, float[] out) {
        if (SimdSwitch.on()) {
            vector.depthwiseRows(f, in, rows, count, out);
        } else {
            ScalarConvEngine.INSTANCE.depthwiseRows(f, in, rows, count, out);
        }
    }

    @Override
    public void epilogue(Epilogue e, float[] out, int outBase, int at, int pixels, int channels, int oFrom, int oTo) {
        (SimdSwitch.on() ? vector : ScalarConvEngine.INSTANCE).epilogue(e, out, outBase, at, pixels, channels, oFrom,
                oTo);
    }

    @Override
    public void innerProducts(float[] w, int wBase, int depth, float[] bias, float lo, float hi, float[] in,
            int inBase, int rows, int oFrom, int oTo, float[] out, int outBase, int outStride) {
        if (SimdSwitch.on()) {
            vector.innerProducts(w, wBase, depth, bias, lo, hi, in, inBase, rows, oFrom, oTo, out, outBase, outStride);
        } else {
            ScalarConvEngine.INSTANCE.innerProducts(w, wBase, depth, bias, lo, hi, in, inBase, rows, oFrom, oTo, out,
                    outBase, outStride);
        }
    }
}
