package dev.jlite.tasks;

/**
 * A per-pixel probability map at image size: {@code values[y * width + x]} in [0, 1] is the probability that the
 * pixel (x, y) belongs to the foreground (a person).
 */
public final class SegmentationMask {
    private final int width;
    private final int height;
    private final float[] values;

    /** Wraps (does not copy) the values, row-major. */
    public SegmentationMask(int width, int height, float[] values) {
        if (width <= 0 || height <= 0 || values.length != width * height) {
            throw new IllegalArgumentException("mask of " + width + "x" + height + " needs " + width * height
                    + " values, got " + values.length);
        }
        this.width = width;
        this.height = height;
        this.values = values;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The probability at pixel (x, y). */
    public float get(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
        }
        return values[y * width + x];
    }

    /** The values, row-major (the mask's own array: do not modify). */
    public float[] values() {
        return values;
    }

    /** The fraction of pixels whose probability is above the threshold. */
    public float coverage(float threshold) {
        int n = 0;
        for (float v : values) {
            if (v > threshold) {
                n++;
            }
        }
        return (float) n / values.length;
    }
}
