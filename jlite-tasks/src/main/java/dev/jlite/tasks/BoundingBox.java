package dev.jlite.tasks;

/** An axis-aligned box in image pixel coordinates; {@code right >= left} and {@code bottom >= top}. */
public record BoundingBox(float left, float top, float right, float bottom) {

    public BoundingBox {
        if (!(right >= left) || !(bottom >= top)) {
            throw new IllegalArgumentException("box [" + left + ", " + top + ", " + right + ", " + bottom
                    + "] has negative or NaN width or height");
        }
    }

    public float width() {
        return right - left;
    }

    public float height() {
        return bottom - top;
    }

    public float area() {
        return width() * height();
    }

    public float centerX() {
        return (left + right) / 2;
    }

    public float centerY() {
        return (top + bottom) / 2;
    }

    /** Whether the point lies inside the box or on its border. */
    public boolean contains(float x, float y) {
        return x >= left && x <= right && y >= top && y <= bottom;
    }

    /** Intersection over union with another box, 0 when they do not overlap. */
    public float iou(BoundingBox other) {
        float iw = Math.min(right, other.right) - Math.max(left, other.left);
        float ih = Math.min(bottom, other.bottom) - Math.max(top, other.top);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        float intersection = iw * ih;
        return intersection / (area() + other.area() - intersection);
    }
}
