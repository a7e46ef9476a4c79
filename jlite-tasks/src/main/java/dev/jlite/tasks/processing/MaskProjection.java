package dev.jlite.tasks.processing;

import dev.jlite.tasks.RotatedRect;

/**
 * Brings a mask computed on a model input back to the image: the inverse of {@link ImageToTensor}'s warp
 * (MediaPipe's {@code PoseLandmarksAndSegmentationInverseProjection} / {@code WarpAffineCalculator}, zero outside the
 * ROI), bilinear.
 */
public final class MaskProjection {

    private MaskProjection() {
    }

    /**
     * For each image pixel, the mask value at the same place of the ROI (mask pixel i of {@code maskWidth} sits at
     * ROI position i / maskWidth, as in the forward warp); 0 outside the ROI.
     */
    public static float[] toImage(float[] mask, int maskWidth, int maskHeight, RotatedRect paddedRoi,
            int imageWidth, int imageHeight) {
        float[] out = new float[imageWidth * imageHeight];
        double c = Math.cos(paddedRoi.rotation());
        double s = Math.sin(paddedRoi.rotation());
        // Image (X, Y) -> mask (mx, my): un-rotate about the centre, scale to mask pixels, shift to the corner.
        double ax = c * maskWidth / paddedRoi.width();
        double ay = s * maskWidth / paddedRoi.width();
        double bx = -s * maskHeight / paddedRoi.height();
        double by = c * maskHeight / paddedRoi.height();
        for (int yy = 0; yy < imageHeight; yy++) {
            double dy = yy - paddedRoi.centerY();
            for (int xx = 0; xx < imageWidth; xx++) {
                double dx = xx - paddedRoi.centerX();
                double mx = ax * dx + ay * dy + maskWidth / 2.0;
                double my = bx * dx + by * dy + maskHeight / 2.0;
                out[yy * imageWidth + xx] = bilinearZero(mask, maskWidth, maskHeight, mx, my);
            }
        }
        return out;
    }

    private static float bilinearZero(float[] m, int w, int h, double x, double y) {
        if (x <= -1 || y <= -1 || x >= w || y >= h) {
            return 0;
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        float v00 = at(m, w, h, x0, y0);
        float v01 = at(m, w, h, x0 + 1, y0);
        float v10 = at(m, w, h, x0, y0 + 1);
        float v11 = at(m, w, h, x0 + 1, y0 + 1);
        return (1 - fy) * ((1 - fx) * v00 + fx * v01) + fy * ((1 - fx) * v10 + fx * v11);
    }

    private static float at(float[] m, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : m[y * w + x];
    }
}
