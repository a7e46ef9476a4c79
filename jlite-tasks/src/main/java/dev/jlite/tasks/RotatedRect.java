package dev.jlite.tasks;

/**
 * A rectangle rotated about its centre, in image pixel coordinates: the region of interest a landmark model was run
 * on. {@code rotation} is in radians, positive turning the rectangle's x axis towards the image's y axis (clockwise
 * on screen), as MediaPipe's {@code NormalizedRect.rotation}.
 */
public record RotatedRect(float centerX, float centerY, float width, float height, float rotation) {

    /**
     * The image point at normalized position (u, v) of this rectangle: (0, 0) is its top-left corner and (1, 1) its
     * bottom-right corner, before rotation. This is MediaPipe's {@code GetRotatedSubRectToRectTransformMatrix}
     * (mediapipe/calculators/tensor/image_to_tensor_utils.cc) in pixels.
     */
    public Point toImage(float u, float v) {
        float c = (float) Math.cos(rotation);
        float s = (float) Math.sin(rotation);
        float lx = (u - 0.5f) * width;
        float ly = (v - 0.5f) * height;
        return new Point(centerX + c * lx - s * ly, centerY + s * lx + c * ly);
    }

    /** The four corners, clockwise on screen from the top-left one (before rotation). */
    public Point[] corners() {
        return new Point[] {toImage(0, 0), toImage(1, 0), toImage(1, 1), toImage(0, 1)};
    }
}
