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
        float c = (float) Math.cos(paddedRoi.rotation());
        float s = (float) Math.sin(paddedRoi.rotation());
        // Image (X, Y) -> mask (mx, my): un-rotate about the centre, scale to mask pixels, shift to the corner.
        float ax = c * maskWidth / paddedRoi.width();
        float ay = s * maskWidth / paddedRoi.width();
        float bx = -s * maskHeight / paddedRoi.height();
        float by = c * maskHeight / paddedRoi.height();
        // Only the ROI's bounding box (plus a pixel) can be non-zero.
        float minX = Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (var p : paddedRoi.corners()) {
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
        }
        int x0 = Math.max(0, (int) Math.floor(minX) - 1);
        int x1 = Math.min(imageWidth - 1, (int) Math.ceil(maxX) + 1);
        int y0 = Math.max(0, (int) Math.floor(minY) - 1);
        int y1 = Math.min(imageHeight - 1, (int) Math.ceil(maxY) + 1);
        float cx = paddedRoi.centerX();
        float cy = paddedRoi.centerY();
        for (int yy = y0; yy <= y1; yy++) {
            float dy = yy - cy;
            float dx0 = x0 - cx;
            float mx = ax * dx0 + ay * dy + maskWidth / 2f;
            float my = bx * dx0 + by * dy + maskHeight / 2f;
            int o = yy * imageWidth + x0;
            for (int xx = x0; xx <= x1; xx++, o++, mx += ax, my += bx) {
                if (mx >= 0 && my >= 0 && mx < maskWidth - 1 && my < maskHeight - 1) {
                    int ix = (int) mx;
                    int iy = (int) my;
                    float fx = mx - ix;
                    float fy = my - iy;
                    int i = iy * maskWidth + ix;
                    float top = mask[i] + fx * (mask[i + 1] - mask[i]);
                    float bottom = mask[i + maskWidth] + fx * (mask[i + maskWidth + 1] - mask[i + maskWidth]);
                    out[o] = top + fy * (bottom - top);
                } else {
                    out[o] = bilinearZero(mask, maskWidth, maskHeight, mx, my);
                }
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
