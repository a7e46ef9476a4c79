package dev.jlite.tasks.processing;

import dev.jlite.tasks.Point;
import dev.jlite.tasks.RotatedRect;

/**
 * Cuts a rotated region of interest out of an image into a float tensor (NHWC, RGB), as MediaPipe's
 * {@code ImageToTensorCalculator} does on CPU (mediapipe/calculators/tensor/image_to_tensor_converter_opencv.cc):
 * the ROI's four corners are mapped onto the tensor's corners (0,0)..(W,H) with {@code cv::warpPerspective},
 * bilinear interpolation in OpenCV's fixed point (coordinates in 1/32 pixel, 8-bit result), the chosen border mode,
 * then the linear map of [0, 255] onto the model's input range. Rotation, scaling and range conversion are done here in one pass over the output.
 */
public final class ImageToTensor {
    private static final int BITS = 5;
    private static final int TAB = 1 << BITS;
    private static final int SHIFT = 2 * BITS;
    private static final int HALF = 1 << (SHIFT - 1);
    private static final int FRACTION_BITS = 16;
    private static final double FRACTION = 1 << FRACTION_BITS;
    private static final long ROUND = 1L << (FRACTION_BITS - 1);

    private ImageToTensor() {
    }

    /**
     * Grows the ROI to the tensor's aspect ratio when {@code keepAspectRatio} is set, MediaPipe's {@code PadRoi}
     * (mediapipe/calculators/tensor/image_to_tensor_utils.cc): the image content keeps its proportions and the
     * added margin (letterbox) is filled by the border mode.
     */
    public static RotatedRect padRoi(RotatedRect roi, int tensorWidth, int tensorHeight, boolean keepAspectRatio) {
        if (!(roi.width() > 0) || !(roi.height() > 0)) {
            throw new IllegalArgumentException("ROI width and height must be > 0, got " + roi);
        }
        if (!keepAspectRatio) {
            return roi;
        }
        float tensorAspect = (float) tensorHeight / tensorWidth;
        float roiAspect = roi.height() / roi.width();
        float w;
        float h;
        if (tensorAspect > roiAspect) {
            w = roi.width();
            h = roi.width() * tensorAspect;
        } else {
            w = roi.height() / tensorAspect;
            h = roi.height();
        }
        return new RotatedRect(roi.centerX(), roi.centerY(), w, h, roi.rotation());
    }

    /**
     * The ROI covering the whole image (MediaPipe's {@code GetRoi} without a NORM_RECT input).
     */
    public static RotatedRect wholeImage(int width, int height) {
        return new RotatedRect(width / 2f, height / 2f, width, height, 0);
    }

    /**
     * Samples {@code roi} of the image into {@code out} (tensorHeight x tensorWidth x 3 floats), mapping pixel values
     * [0, 255] linearly onto [rangeMin, rangeMax].
     */
    public static void sample(RgbImage image, RotatedRect roi, int tensorWidth, int tensorHeight, float rangeMin,
            float rangeMax, BorderMode border, float[] out) {
        sample(image, roi, tensorWidth, tensorHeight, rangeMin, rangeMax, border, out, 0);
    }

    /** {@link #sample(RgbImage, RotatedRect, int, int, float, float, BorderMode, float[])} from {@code out[offset]}. */
    public static void sample(RgbImage image, RotatedRect roi, int tensorWidth, int tensorHeight, float rangeMin,
            float rangeMax, BorderMode border, float[] out, int offset) {
        if (offset < 0 || out.length - offset < tensorWidth * tensorHeight * 3) {
            throw new IllegalArgumentException("output needs " + tensorWidth * tensorHeight * 3 + " floats from "
                    + offset + ", has " + out.length);
        }
        if (!(rangeMin < rangeMax)) {
            throw new IllegalArgumentException("invalid range [" + rangeMin + ", " + rangeMax + "]");
        }
        float scale = (rangeMax - rangeMin) / 255f;
        // Output pixel (x, y) reads the image at origin + x * step_x + y * step_y (warpPerspective maps the tensor's
        // integer pixel coordinates, not pixel centres, through the inverse of the corner-to-corner transform).
        Point origin = roi.toImage(0, 0);
        double c = Math.cos(roi.rotation());
        double s = Math.sin(roi.rotation());
        // Source coordinates in 1/32 pixel, as OpenCV's warp computes them (INTER_BITS = 5, rounded half to even).
        double stepXx = TAB * c * roi.width() / tensorWidth;
        double stepXy = TAB * s * roi.width() / tensorWidth;
        double stepYx = TAB * -s * roi.height() / tensorHeight;
        double stepYy = TAB * c * roi.height() / tensorHeight;
        double originX = TAB * origin.x();
        double originY = TAB * origin.y();
        boolean zero = border == BorderMode.ZERO;
        if (roi.rotation() == 0f) {
            sampleAxisAligned(image, originX, stepXx, originY, stepYy, tensorWidth, tensorHeight, zero, scale, rangeMin,
                    out, offset);
        } else {
            sampleRotated(image, originX, originY, stepXx, stepXy, stepYx, stepYy, tensorWidth, tensorHeight, zero,
                    scale, rangeMin, out, offset);
        }
    }

    /**
     * Unrotated ROI: source columns and rows (with their 1/32 weights, zeroed outside the image for a zero border,
     * clamped for a replicated one) are worked out once per column and per row.
     */
    private static void sampleAxisAligned(RgbImage image, double originX, double stepX, double originY,
            double stepY, int tw, int th, boolean zero, float scale, float min, float[] out,
            int offset) {
        int[] col0 = new int[tw];
        int[] col1 = new int[tw];
        int[] wx0 = new int[tw];
        int[] wx1 = new int[tw];
        for (int x = 0; x < tw; x++) {
            axis((int) Math.rint(originX + x * stepX), image.width(), image.pixelStride(), zero, x, col0, col1, wx0,
                    wx1);
        }
        int[] row0 = new int[1];
        int[] row1 = new int[1];
        int[] wy0 = new int[1];
        int[] wy1 = new int[1];
        byte[] px = image.data();
        int ro = image.redOffset();
        int go = image.greenOffset();
        int bo = image.blueOffset();
        int o = offset;
        for (int y = 0; y < th; y++) {
            axis((int) Math.rint(originY + y * stepY), image.height(), image.rowStride(), zero, 0, row0, row1, wy0,
                    wy1);
            int r0 = row0[0];
            int r1 = row1[0];
            int a0 = wy0[0];
            int a1 = wy1[0];
            for (int x = 0; x < tw; x++, o += 3) {
                int i00 = r0 + col0[x];
                int i01 = r0 + col1[x];
                int i10 = r1 + col0[x];
                int i11 = r1 + col1[x];
                int c00 = a0 * wx0[x];
                int c01 = a0 * wx1[x];
                int c10 = a1 * wx0[x];
                int c11 = a1 * wx1[x];
                int r;
                int g;
                int b;
                if ((c01 | c10 | c11) == 0) {
                    // On a source pixel exactly (integer scale factors): one tap.
                    r = c00 * (px[i00 + ro] & 0xFF);
                    g = c00 * (px[i00 + go] & 0xFF);
                    b = c00 * (px[i00 + bo] & 0xFF);
                } else {
                    r = c00 * (px[i00 + ro] & 0xFF) + c01 * (px[i01 + ro] & 0xFF) + c10 * (px[i10 + ro] & 0xFF)
                            + c11 * (px[i11 + ro] & 0xFF);
                    g = c00 * (px[i00 + go] & 0xFF) + c01 * (px[i01 + go] & 0xFF) + c10 * (px[i10 + go] & 0xFF)
                            + c11 * (px[i11 + go] & 0xFF);
                    b = c00 * (px[i00 + bo] & 0xFF) + c01 * (px[i01 + bo] & 0xFF) + c10 * (px[i10 + bo] & 0xFF)
                            + c11 * (px[i11 + bo] & 0xFF);
                }
                out[o] = ((r + HALF) >> SHIFT) * scale + min;
                out[o + 1] = ((g + HALF) >> SHIFT) * scale + min;
                out[o + 2] = ((b + HALF) >> SHIFT) * scale + min;
            }
        }
    }

    /**
     * One axis of a bilinear tap: the byte offsets of the two source samples around coordinate {@code fixed} (1/32
     * units) and their weights in 1/32; a sample outside the image is clamped to the edge, and weighs 0 with a zero
     * border.
     */
    private static void axis(int fixed, int size, int stride, boolean zero, int i, int[] at0, int[] at1, int[] w0,
            int[] w1) {
        int p0 = fixed >> BITS;
        int frac = fixed & (TAB - 1);
        int p1 = p0 + 1;
        int weight0 = TAB - frac;
        int weight1 = frac;
        if (p0 < 0 || p0 >= size) {
            weight0 = zero ? 0 : weight0;
            p0 = Math.min(Math.max(p0, 0), size - 1);
        }
        if (p1 < 0 || p1 >= size) {
            weight1 = zero ? 0 : weight1;
            p1 = Math.min(Math.max(p1, 0), size - 1);
        }
        at0[i] = p0 * stride;
        at1[i] = p1 * stride;
        w0[i] = weight0;
        w1[i] = weight1;
    }

    private static void sampleRotated(RgbImage image, double originX, double originY, double stepXx, double stepXy,
            double stepYx, double stepYy, int tw, int th, boolean zero, float scale, float min, float[] out,
            int offset) {
        int w = image.width();
        int h = image.height();
        byte[] px = image.data();
        int ps = image.pixelStride();
        int stride = image.rowStride();
        int ro = image.redOffset();
        int go = image.greenOffset();
        int bo = image.blueOffset();
        int o = offset;
        // Coordinates stepped in 16 more fraction bits than OpenCV's 1/32, then rounded to 1/32: the same taps up to
        // rounding ties, without a floating-point rounding per pixel.
        long dxx = Math.round(stepXx * FRACTION);
        long dxy = Math.round(stepXy * FRACTION);
        for (int y = 0; y < th; y++) {
            long fx = Math.round((originX + y * stepYx) * FRACTION) + ROUND;
            long fy = Math.round((originY + y * stepYy) * FRACTION) + ROUND;
            for (int x = 0; x < tw; x++, o += 3, fx += dxx, fy += dxy) {
                int fxy = (int) (fx >> FRACTION_BITS);
                int fyy = (int) (fy >> FRACTION_BITS);
                int x0 = fxy >> BITS;
                int y0 = fyy >> BITS;
                int ax = fxy & (TAB - 1);
                int ay = fyy & (TAB - 1);
                int w00 = (TAB - ax) * (TAB - ay);
                int w01 = ax * (TAB - ay);
                int w10 = (TAB - ax) * ay;
                int w11 = ax * ay;
                int r;
                int g;
                int b;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
                    int i00 = y0 * stride + x0 * ps;
                    int i01 = i00 + ps;
                    int i10 = i00 + stride;
                    int i11 = i10 + ps;
                    r = w00 * (px[i00 + ro] & 0xFF) + w01 * (px[i01 + ro] & 0xFF) + w10 * (px[i10 + ro] & 0xFF)
                            + w11 * (px[i11 + ro] & 0xFF);
                    g = w00 * (px[i00 + go] & 0xFF) + w01 * (px[i01 + go] & 0xFF) + w10 * (px[i10 + go] & 0xFF)
                            + w11 * (px[i11 + go] & 0xFF);
                    b = w00 * (px[i00 + bo] & 0xFF) + w01 * (px[i01 + bo] & 0xFF) + w10 * (px[i10 + bo] & 0xFF)
                            + w11 * (px[i11 + bo] & 0xFF);
                } else {
                    int p00 = pixel(image, x0, y0, zero);
                    int p01 = pixel(image, x0 + 1, y0, zero);
                    int p10 = pixel(image, x0, y0 + 1, zero);
                    int p11 = pixel(image, x0 + 1, y0 + 1, zero);
                    r = w00 * (p00 >> 16 & 0xFF) + w01 * (p01 >> 16 & 0xFF) + w10 * (p10 >> 16 & 0xFF)
                            + w11 * (p11 >> 16 & 0xFF);
                    g = w00 * (p00 >> 8 & 0xFF) + w01 * (p01 >> 8 & 0xFF) + w10 * (p10 >> 8 & 0xFF)
                            + w11 * (p11 >> 8 & 0xFF);
                    b = w00 * (p00 & 0xFF) + w01 * (p01 & 0xFF) + w10 * (p10 & 0xFF) + w11 * (p11 & 0xFF);
                }
                out[o] = ((r + HALF) >> SHIFT) * scale + min;
                out[o + 1] = ((g + HALF) >> SHIFT) * scale + min;
                out[o + 2] = ((b + HALF) >> SHIFT) * scale + min;
            }
        }
    }

    private static int pixel(RgbImage image, int x, int y, boolean zero) {
        if (x < 0 || y < 0 || x >= image.width() || y >= image.height()) {
            if (zero) {
                return 0;
            }
            x = Math.min(Math.max(x, 0), image.width() - 1);
            y = Math.min(Math.max(y, 0), image.height() - 1);
        }
        return image.rgb(x, y);
    }
}
