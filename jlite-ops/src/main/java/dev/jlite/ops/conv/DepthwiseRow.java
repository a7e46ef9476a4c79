package dev.jlite.ops.conv;

/**
 * One output row of a DEPTHWISE_CONV_2D as {@link ConvEngine#depthwiseRows} takes it: the interior run, whose pixels
 * share one tap list, and the border pixels, each with its own. Window origins are relative to {@link #inImage}.
 * Each part of a split loop has as many as its kernel passes the engine in one call, filled again for every call.
 */
final class DepthwiseRow {
    final int outW;
    final int interiorFrom;
    final int interiorTo;
    final int interiorStride;
    final int[] tapIn;
    final int[] tapW;
    int taps;
    /** Where the row's input image starts in the input array, and the row's first output in the output array. */
    int inImage;
    int outRow;
    /** The input offset of the first interior pixel's window. */
    int interiorOrigin;
    /** Border pixels in row order: output columns, window origins and tap lists. */
    final int borders;
    final int[] borderX;
    final int[] borderOrigin;
    final int[][] borderTapIn;
    final int[][] borderTapW;
    final int[] borderTaps;

    DepthwiseRow(Window g) {
        outW = g.outW;
        interiorFrom = g.interiorFrom;
        interiorTo = g.interiorTo;
        interiorStride = g.pixelStride();
        int taps = g.kh * g.kw;
        tapIn = new int[taps];
        tapW = new int[taps];
        borders = outW - (interiorTo - interiorFrom);
        borderX = new int[borders];
        int b = 0;
        for (int ox = 0; ox < outW; ox++) {
            if (ox < interiorFrom || ox >= interiorTo) {
                borderX[b++] = ox;
            }
        }
        borderOrigin = new int[borders];
        borderTapIn = new int[borders][taps];
        borderTapW = new int[borders][taps];
        borderTaps = new int[borders];
    }

    /**
     * Fills the taps of output row {@code oy} of {@code g}, whose filter has {@code channels} weights per tap, for
     * an image at {@code inImage} and the row's output at {@code outRow}.
     */
    void fill(Window g, int oy, int channels, int inImage, int outRow) {
        this.inImage = inImage;
        this.outRow = outRow;
        taps = g.rowTaps(oy, channels, tapIn, tapW);
        interiorOrigin = interiorTo > interiorFrom ? g.origin(oy, interiorFrom) : 0;
        for (int b = 0; b < borders; b++) {
            borderOrigin[b] = g.origin(oy, borderX[b]);
            borderTaps[b] = g.pixelTaps(oy, borderX[b], channels, borderTapIn[b], borderTapW[b]);
        }
    }

    int interiorPixels() {
        return interiorTo - interiorFrom;
    }
}
