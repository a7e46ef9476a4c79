package dev.jlite.tasks.processing;

/**
 * A detection in normalized coordinates of some frame (the model input, or the image once projected): MediaPipe's
 * {@code Detection} with a {@code RELATIVE_BOUNDING_BOX}. {@code keypoints} holds x, y pairs.
 */
public record RawDetection(float xmin, float ymin, float width, float height, float score, int classId,
        float[] keypoints) {

    public float xmax() {
        return xmin + width;
    }

    public float ymax() {
        return ymin + height;
    }

    public int keypointCount() {
        return keypoints.length / 2;
    }

    public float keypointX(int i) {
        return keypoints[2 * i];
    }

    public float keypointY(int i) {
        return keypoints[2 * i + 1];
    }
}
