package dev.jlite.ops.conv;

import dev.jlite.kernel.Node;
import dev.jlite.ops.common.SimdSwitch;

/**
 * The inner loops of the convolution family, in a scalar flavour (the definition of correctness) and a Vector
 * API flavour. Kernels describe each call as a run of output pixels that share one list of filter taps: tap
 * {@code t} reads the input at {@code tapIn[t]} past the pixel's base and the packed weights at {@code tapW[t]}.
 * Border pixels, whose windows leave the input, are passed one at a time with only their valid taps, so the loops
 * never test bounds.
 */
interface ConvEngine {
    /** Output channels of a {@link PackedFilter} are padded to a multiple of this. */
    int channelAlignment();

    /**
     * Vectors of output channels in the engine's widest tile: a {@link PackedFilter#vectorMajor} filter keeps the
     * weights of each such block of channels together.
     */
    default int tileVectors() {
        return 1;
    }

    /**
     * Computes, for {@code j < pixels} and {@code oFrom <= o < min(oTo, f.channels)},
     * {@code out[outBase + j*outStride + o] = act(bias[o] + sum over t, c of
     * in[inBase + j*inStride + tapIn[t] + c] * w[f.base + tapW[t] + c*f.depthStep + f.offset(o)])} with
     * {@code c < f.depth} (for a {@link PackedFilter#rowMajor} filter the weight is
     * {@code w[f.base + o*taps*depth + tapW[t] + c]}). {@code oFrom} is a multiple of the filter's
     * {@link PackedFilter#block}, and so is {@code oTo} for a {@link PackedFilter#vectorMajor} filter.
     */
    void convolve(PackedFilter f, int oFrom, int oTo, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW,
            int taps, float[] out, int outBase, int outStride, int pixels);

    /**
     * For a filter of one output channel: {@link #convolve} of {@code pixels} pixels under two tap lists that share
     * their input offsets and differ in their weights, written interleaved: pixel {@code j}'s output under
     * {@code tapW0} to {@code out[outBase + 2j]}, under {@code tapW1} to {@code out[outBase + 2j + 1]}. These are
     * the two column phases of a transposed convolution whose filter is as wide as its stride, 2: one output row.
     */
    default void convolveTwoPhases(PackedFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW0,
            int[] tapW1, int taps, float[] out, int outBase, int pixels) {
        convolve(f, 0, 1, in, inBase, inStride, tapIn, tapW0, taps, out, outBase, 2, pixels);
        convolve(f, 0, 1, in, inBase, inStride, tapIn, tapW1, taps, out, outBase + 1, 2, pixels);
    }

    /**
     * Computes, for {@code j < pixels} and output channel {@code o = c*multiplier + m},
     * {@code out[outBase + j*channels + o] = act(bias[o] + sum over t of
     * in[inBase + j*inStride + tapIn[t] + c] * w[f.base + tapW[t] + o])}.
     */
    void depthwise(DepthwiseFilter f, float[] in, int inBase, int inStride, int[] tapIn, int[] tapW, int taps,
            float[] out, int outBase, int pixels);

    /**
     * {@link #depthwise} of {@code count} output rows: each row's interior run, then each of its border pixels with
     * their own taps. An engine may instead sweep the rows one block of channels at a time (the same sums in the
     * same order), so that on small images a block's weights and inputs stay in the first-level cache for all of the
     * rows' pixels.
     */
    default void depthwiseRows(DepthwiseFilter f, float[] in, DepthwiseRow[] rows, int count, float[] out) {
        int channels = f.channels;
        for (int i = 0; i < count; i++) {
            DepthwiseRow row = rows[i];
            if (row.interiorPixels() > 0) {
                depthwise(f, in, row.inImage + row.interiorOrigin, row.interiorStride, row.tapIn, row.tapW,
                        row.taps, out, row.outRow + row.interiorFrom * channels, row.interiorPixels());
            }
            for (int b = 0; b < row.borders; b++) {
                depthwise(f, in, row.inImage + row.borderOrigin[b], 0, row.borderTapIn[b], row.borderTapW[b],
                        row.borderTaps[b], out, row.outRow + row.borderX[b] * channels, 1);
            }
        }
    }

    /**
     * Computes, for {@code b < rows} and {@code oFrom <= o < oTo},
     * {@code out[outBase + b*outStride + o] = clamp(bias[o] + sum over i < depth of
     * in[inBase + b*depth + i] * w[wBase + o*depth + i], lo, hi)}: FULLY_CONNECTED on TensorFlow Lite's own
     * {@code [O][I]} weights, for small batches where each weight is used once and streaming them matters most.
     */
    void innerProducts(float[] w, int wBase, int depth, float[] bias, float lo, float hi, float[] in, int inBase,
            int rows, int oFrom, int oTo, float[] out, int outBase, int outStride);

    /** Outputs that {@link #innerProducts} computes together: a part of a split loop covers whole groups of them. */
    int INNER_PRODUCT_GROUP = 4;

    /**
     * Where part {@code part} of {@code parts} of {@code outputs} inner products starts (part {@code parts} gives
     * {@code outputs}): slices of whole {@link #INNER_PRODUCT_GROUP groups}, so that a split computes every output
     * as one thread would.
     */
    static int innerProductSlice(int outputs, int part, int parts) {
        return Math.min(outputs, innerProductGroups(outputs) * part / parts * INNER_PRODUCT_GROUP);
    }

    /** How many {@link #INNER_PRODUCT_GROUP groups} {@code outputs} inner products make: the units a split divides. */
    static int innerProductGroups(int outputs) {
        return (outputs + INNER_PRODUCT_GROUP - 1) / INNER_PRODUCT_GROUP;
    }

    /**
     * Applies {@code e} to channels {@code [oFrom, oTo)} of {@code pixels} output pixels {@code channels} apart,
     * starting {@code at} elements into the output tensor, which starts at {@code out[outBase]}:
     * {@code out = prelu(clamp(out + addend))}, with the addend and slopes {@code e} is bound to.
     */
    void epilogue(Epilogue e, float[] out, int outBase, int at, int pixels, int channels, int oFrom, int oTo);

    /**
     * The Vector API engine when the node may use SIMD and the module is present, else the scalar one. The vector
     * engine always comes behind a {@link SwitchingConvEngine}, which runs the scalar loops until the JVM's first
     * inference has finished ({@link SimdSwitch#on()}), also in interpreters built after that: the kernels of every
     * interpreter in a JVM then call one engine class. When later interpreters got the vector engine itself, their
     * first call met C2 code that the first interpreter had compiled for the switching engine: a class check failed,
     * the kernels' loops were thrown out to C1 code (where every vector operation allocates) and recompiled, and
     * the running interpreters slowed down with the new one (selfie_segmentation opened again after 3 s of
     * inferences: its first inferences 7.6-10.5 ms against 3.3 ms).
     */
    static ConvEngine of(Node node) {
        if (node.useSimd()) {
            ConvEngine vector = VectorEngineHolder.ENGINE;
            if (vector != null) {
                return new SwitchingConvEngine(vector);
            }
        }
        return ScalarConvEngine.INSTANCE;
    }
}
