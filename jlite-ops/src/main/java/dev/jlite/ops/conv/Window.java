package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Padding;
import java.util.Arrays;

/**
 * The spatial geometry of CONV_2D and DEPTHWISE_CONV_2D (NHWC input, {@code kh x kw} filter, strides, dilations,
 * leading padding), and the tap lists the engines consume. An output row's taps are the filter positions whose
 * input row exists; pixels in {@code [interiorFrom, interiorTo)} see every column of those taps, the others
 * (borders) get their own, shorter list. Tap input offsets are relative to the pixel's window origin
 * ({@code (oy*strideH - padTop, ox*strideW - padLeft)}).
 */
final class Window {
    // Conv2DOptions and DepthwiseConv2DOptions share their first fields; depth_multiplier shifts the dilations by one.
    private static final int PADDING = 0;
    private static final int STRIDE_W = 1;
    private static final int STRIDE_H = 2;
    private static final int CONV_DILATION_W = 4;
    private static final int DEPTHWISE_DILATION_W = 5;
    /** {@link Node#fusedInputPadding} where no PAD was folded: top, bottom, left, right. */
    private static final int[] NO_PADDING = new int[4];

    final int inH;
    final int inW;
    final int inC;
    final int kh;
    final int kw;
    final int strideH;
    final int strideW;
    final int dilationH;
    final int dilationW;
    final int padTop;
    final int padLeft;
    final int outH;
    final int outW;
    /** First output column whose window lies inside the input. */
    final int interiorFrom;
    /** End of the interior columns; equals {@link #interiorFrom} when there are none. */
    final int interiorTo;

    /**
     * The geometry a CONV_2D or DEPTHWISE_CONV_2D node's options (padding, strides, dilations) give its NHWC input
     * of {@code inC} channels and a {@code kh x kw} filter; the output size is checked against the input. A PAD folded
     * into the input ({@link Node#fusedInputPadding}) counts as the input's size and comes before the options'
     * padding, whose taps, like its own, are then left out.
     */
    static Window of(Node node, FlatTable options, boolean depthwise, Tensor input, int inC, int kh, int kw) {
        Padding padding = Padding.of(Options.getByte(options, PADDING, 0), node);
        int strideW = Options.getInt(options, STRIDE_W, 0);
        int strideH = Options.getInt(options, STRIDE_H, 0);
        int dilationField = depthwise ? DEPTHWISE_DILATION_W : CONV_DILATION_W;
        int dilationW = Options.getInt(options, dilationField, 1);
        int dilationH = Options.getInt(options, dilationField + 1, 1);
        int inH = input.dim(1);
        int inW = input.dim(2);
        int[] folded = node.fusedInputPadding();
        if (folded == null) {
            folded = NO_PADDING;
        }
        long paddedH = (long) inH + folded[0] + folded[1];
        long paddedW = (long) inW + folded[2] + folded[3];
        // Each side is under 2^31, so their product fits a long, and so does that times inC when it is under 2^31.
        if (paddedH * paddedW > Integer.MAX_VALUE || paddedH * paddedW * inC > Integer.MAX_VALUE) {
            // As the PAD's output would be: the window arithmetic stays in ints.
            throw node.error("input " + java.util.Arrays.toString(input.shape()) + " with the folded padding "
                    + java.util.Arrays.toString(folded) + " has more than " + Integer.MAX_VALUE + " elements");
        }
        int outH = padding.checkedOutputSize(node, "height", (int) paddedH, kh, strideH, dilationH);
        int outW = padding.checkedOutputSize(node, "width", (int) paddedW, kw, strideW, dilationW);
        int padTop = folded[0] + padding.leadingPadding((int) paddedH, kh, strideH, dilationH, outH);
        int padLeft = folded[2] + padding.leadingPadding((int) paddedW, kw, strideW, dilationW, outW);
        return new Window(inH, inW, inC, kh, kw, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH,
                outW);
    }

    Window(int inH, int inW, int inC, int kh, int kw, int strideH, int strideW, int dilationH, int dilationW,
            int padTop, int padLeft, int outH, int outW) {
        this.inH = inH;
        this.inW = inW;
        this.inC = inC;
        this.kh = kh;
        this.kw = kw;
        this.strideH = strideH;
        this.strideW = strideW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.outH = outH;
        this.outW = outW;
        int from = Math.min(outW, ceilDiv(padLeft, strideW));
        int to = Math.max(from, Math.min(outW, Math.floorDiv(inW - 1 - (kw - 1) * dilationW + padLeft, strideW) + 1));
        this.interiorFrom = from;
        this.interiorTo = to;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** Input offset (in floats, within one image) of output pixel {@code (oy, ox)}'s window origin. */
    int origin(int oy, int ox) {
        return ((oy * strideH - padTop) * inW + ox * strideW - padLeft) * inC;
    }

    /** Input floats between horizontally adjacent interior pixels. */
    int pixelStride() {
        return strideW * inC;
    }

    /** Input floats between vertically adjacent pixels. */
    int rowStride() {
        return strideH * inW * inC;
    }

    /** Fills the taps of output row {@code oy} (all columns); {@code weightsPerTap} scales the weight offsets. */
    int rowTaps(int oy, int weightsPerTap, int[] tapIn, int[] tapW) {
        int n = 0;
        int iy0 = oy * strideH - padTop;
        for (int ky = 0; ky < kh; ky++) {
            int iy = iy0 + ky * dilationH;
            if (iy < 0 || iy >= inH) {
                continue;
            }
            for (int kx = 0; kx < kw; kx++) {
                tapIn[n] = (ky * dilationH * inW + kx * dilationW) * inC;
                tapW[n] = (ky * kw + kx) * weightsPerTap;
                n++;
            }
        }
        return n;
    }

    /**
     * Fills the taps of output row {@code oy} for interior pixels with each filter row as one tap of
     * {@code kw * inC} channels (see {@link PackedFilter#filterRows}); only without horizontal dilation.
     */
    int rowTapsMerged(int oy, int weightsPerTap, int[] tapIn, int[] tapW) {
        int n = 0;
        int iy0 = oy * strideH - padTop;
        for (int ky = 0; ky < kh; ky++) {
            int iy = iy0 + ky * dilationH;
            if (iy < 0 || iy >= inH) {
                continue;
            }
            tapIn[n] = ky * dilationH * inW * inC;
            tapW[n] = ky * kw * weightsPerTap;
            n++;
        }
        return n;
    }

    /**
     * How many of the output rows {@code oy, oy + 1, ...} (at most {@code max}) have every filter row inside the
     * input, from {@code oy} on: 0 when row {@code oy} itself has not.
     */
    int fullRows(int oy, int max) {
        int n = 0;
        while (n < max) {
            int iy0 = (oy + n) * strideH - padTop;
            if (iy0 < 0 || iy0 + (kh - 1) * dilationH >= inH) {
                break;
            }
            n++;
        }
        return n;
    }

    /**
     * Writes each output pixel's window ({@code kh * kw * inC} floats, tap by tap) of {@code batches} images side by
     * side from {@code dst[dstBase]} on, with zeros for the taps outside the input; {@code tapIn} and {@code tapW}
     * ({@code kh * kw} long) hold each pixel's taps inside the input meanwhile ({@link #pixelTaps}).
     */
    void gather(float[] in, int inBase, int batches, float[] dst, int dstBase, int[] tapIn, int[] tapW) {
        int size = kh * kw * inC;
        int d = dstBase;
        for (int n = 0; n < batches; n++) {
            int image = inBase + n * inH * inW * inC;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++, d += size) {
                    Arrays.fill(dst, d, d + size, 0f);
                    int taps = pixelTaps(oy, ox, inC, tapIn, tapW);
                    int origin = image + origin(oy, ox);
                    for (int t = 0; t < taps; t++) {
                        System.arraycopy(in, origin + tapIn[t], dst, d + tapW[t], inC);
                    }
                }
            }
        }
    }

    /** Fills the taps of border pixel {@code (oy, ox)}: only those inside the input. */
    int pixelTaps(int oy, int ox, int weightsPerTap, int[] tapIn, int[] tapW) {
        int n = 0;
        int iy0 = oy * strideH - padTop;
        int ix0 = ox * strideW - padLeft;
        for (int ky = 0; ky < kh; ky++) {
            int iy = iy0 + ky * dilationH;
            if (iy < 0 || iy >= inH) {
                continue;
            }
            for (int kx = 0; kx < kw; kx++) {
                int ix = ix0 + kx * dilationW;
                if (ix < 0 || ix >= inW) {
                    continue;
                }
                tapIn[n] = (ky * dilationH * inW + kx * dilationW) * inC;
                tapW[n] = (ky * kw + kx) * weightsPerTap;
                n++;
            }
        }
        return n;
    }
}
