package dev.jlite.tasks.processing;

/**
 * OpenCV's {@code cv::resize} as MediaPipe calls it: {@code INTER_AREA} when shrinking in both directions and
 * {@code INTER_LINEAR} otherwise for images (mediapipe/calculators/image/image_transformation_calculator.cc,
 * STRETCH mode), and {@code INTER_LINEAR} for float masks (tensors_to_segmentation_calculator.cc).
 */
public final class Resize {

    private Resize() {
    }

    /**
     * Stretches the whole image to {@code dw x dh} (aspect ratio not kept) into {@code out} (dh x dw x 3 floats),
     * mapping [0, 255] onto [rangeMin, rangeMax]; values are rounded to 8 bits first, as the intermediate image is.
     */
    public static void stretchToTensor(RgbImage image, int dw, int dh, float rangeMin, float rangeMax, float[] out) {
        stretchToTensor(image, dw, dh, rangeMin, rangeMax, out, 0);
    }

    /** {@link #stretchToTensor(RgbImage, int, int, float, float, float[])} from {@code out[offset]}. */
    public static void stretchToTensor(RgbImage image, int dw, int dh, float rangeMin, float rangeMax, float[] out,
            int offset) {
        if (offset < 0 || out.length - offset < dw * dh * 3) {
            throw new IllegalArgumentException("output needs " + dw * dh * 3 + " floats from " + offset + ", has "
                    + out.length);
        }
        int sw = image.width();
        int sh = image.height();
        boolean area = sw > dw && sh > dh;
        int[][] xi = new int[dw][];
        float[][] xw = new float[dw][];
        int[][] yi = new int[dh][];
        float[][] yw = new float[dh][];
        for (int d = 0; d < dw; d++) {
            tab(area, sw, dw, d, xi, xw);
        }
        for (int d = 0; d < dh; d++) {
            tab(area, sh, dh, d, yi, yw);
        }
        float scale = (rangeMax - rangeMin) / 255f;
        byte[] px = image.data();
        int ps = image.pixelStride();
        int rs = image.rowStride();
        int ro = image.redOffset();
        int go = image.greenOffset();
        int bo = image.blueOffset();
        float[] acc = new float[3];
        int o = offset;
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++, o += 3) {
                acc[0] = 0;
                acc[1] = 0;
                acc[2] = 0;
                for (int j = 0; j < yi[y].length; j++) {
                    int row = yi[y][j] * rs;
                    float wy = yw[y][j];
                    for (int i = 0; i < xi[x].length; i++) {
                        float wgt = wy * xw[x][i];
                        int p = row + xi[x][i] * ps;
                        acc[0] += wgt * (px[p + ro] & 0xFF);
                        acc[1] += wgt * (px[p + go] & 0xFF);
                        acc[2] += wgt * (px[p + bo] & 0xFF);
                    }
                }
                for (int ch = 0; ch < 3; ch++) {
                    int v = Math.min(255, Math.max(0, Math.round(acc[ch])));
                    out[o + ch] = v * scale + rangeMin;
                }
            }
        }
    }

    /** Source indices and weights of destination index {@code d} along one axis. */
    private static void tab(boolean area, int srcSize, int dstSize, int d, int[][] idx, float[][] wgt) {
        double scale = (double) srcSize / dstSize;
        if (area) {
            // computeResizeAreaTab (OpenCV imgproc/resize.cpp): the source cells under [d*scale, (d+1)*scale),
            // partial cells weighted by their covered fraction.
            double f1 = d * scale;
            double f2 = f1 + scale;
            int s1 = (int) Math.ceil(f1);
            int s2 = (int) Math.floor(f2);
            s2 = Math.min(s2, srcSize - 1);
            s1 = Math.min(s1, s2);
            int n = (s2 - s1) + (s1 - f1 > 1e-3 ? 1 : 0) + (f2 - s2 > 1e-3 ? 1 : 0);
            int[] is = new int[n];
            float[] ws = new float[n];
            int k = 0;
            if (s1 - f1 > 1e-3) {
                is[k] = s1 - 1;
                ws[k++] = (float) ((s1 - f1) / scale);
            }
            for (int s = s1; s < s2; s++) {
                is[k] = s;
                ws[k++] = (float) (1 / scale);
            }
            if (f2 - s2 > 1e-3) {
                is[k] = s2;
                ws[k++] = (float) (Math.min(Math.min(f2 - s2, 1.0), scale) / scale);
            }
            idx[d] = is;
            wgt[d] = ws;
        } else {
            float[] lw = new float[2];
            int i0 = linear(srcSize, dstSize, d, lw);
            idx[d] = new int[] {i0, Math.min(i0 + 1, srcSize - 1)};
            wgt[d] = lw;
        }
    }

    /** INTER_LINEAR source index and its two weights: half-pixel centres, clamped at the edges. */
    private static int linear(int srcSize, int dstSize, int d, float[] weights) {
        float s = (float) ((d + 0.5) * srcSize / dstSize - 0.5);
        int i0 = (int) Math.floor(s);
        float f = s - i0;
        if (i0 < 0) {
            i0 = 0;
            f = 0;
        }
        if (i0 >= srcSize - 1) {
            i0 = srcSize - 1;
            f = 0;
        }
        weights[0] = 1 - f;
        weights[1] = f;
        return i0;
    }

    /** Bilinear (INTER_LINEAR) resize of a one-channel float map. */
    public static float[] resizeBilinear(float[] src, int sw, int sh, int dw, int dh) {
        return resizeBilinear(src, 0, sw, sh, dw, dh);
    }

    /** {@link #resizeBilinear(float[], int, int, int, int)} of the map starting at {@code src[offset]}. */
    public static float[] resizeBilinear(float[] src, int offset, int sw, int sh, int dw, int dh) {
        if (offset < 0 || src.length - offset < sw * sh) {
            throw new IllegalArgumentException("source needs " + sw * sh + " values, has " + src.length);
        }
        float[] out = new float[dw * dh];
        int[] x0 = new int[dw];
        int[] x1 = new int[dw];
        float[] fx = new float[dw];
        float[] lw = new float[2];
        for (int x = 0; x < dw; x++) {
            x0[x] = linear(sw, dw, x, lw);
            x1[x] = Math.min(x0[x] + 1, sw - 1);
            fx[x] = lw[1];
        }
        // Each source row is resampled horizontally once (two rows kept), then rows are blended vertically.
        float[] rowA = new float[dw];
        float[] rowB = new float[dw];
        float[] blend = new float[dw];
        int rowAIndex = -1;
        int rowBIndex = -1;
        for (int y = 0; y < dh; y++) {
            int y0 = linear(sh, dh, y, lw);
            float fy = lw[1];
            int y1 = Math.min(y0 + 1, sh - 1);
            if (rowAIndex != y0) {
                if (rowBIndex == y0) {
                    float[] t = rowA;
                    rowA = rowB;
                    rowB = t;
                    rowBIndex = rowAIndex;
                } else {
                    horizontal(src, offset + y0 * sw, x0, x1, fx, rowA);
                }
                rowAIndex = y0;
            }
            if (rowBIndex != y1) {
                horizontal(src, offset + y1 * sw, x0, x1, fx, rowB);
                rowBIndex = y1;
            }
            // Blended into a scratch row (a plain indexed loop the JIT vectorizes), then copied into place.
            for (int x = 0; x < dw; x++) {
                blend[x] = rowA[x] + fy * (rowB[x] - rowA[x]);
            }
            System.arraycopy(blend, 0, out, y * dw, dw);
        }
        return out;
    }

    private static void horizontal(float[] src, int row, int[] x0, int[] x1, float[] fx, float[] dst) {
        for (int x = 0; x < dst.length; x++) {
            float a = src[row + x0[x]];
            dst[x] = a + fx[x] * (src[row + x1[x]] - a);
        }
    }
}
