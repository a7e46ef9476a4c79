package dev.jlite.tasks;

import java.util.List;

/**
 * One detected object.
 *
 * @param box        its box, in image pixels
 * @param score      the model's confidence in [0, 1]
 * @param labelIndex index of the class in the model's label map (0 for single-class detectors)
 * @param label      the class name ("face", "palm", "person" for single-class detectors)
 * @param keypoints  keypoints the detector predicts with the box (in image pixels), empty if none
 */
public record Detection(BoundingBox box, float score, int labelIndex, String label, List<Point> keypoints) {

    public Detection {
        keypoints = List.copyOf(keypoints);
    }
}
