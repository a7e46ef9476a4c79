package dev.jlite.tasks;

import java.util.List;

/**
 * One face mesh.
 *
 * @param face      the face detection it started from
 * @param roi       the rotated region the mesh model ran on
 * @param presence  the mesh model's face presence probability
 * @param landmarks the 468 mesh points (MediaPipe's canonical face mesh topology), in image pixels
 */
public record FaceLandmarks(Detection face, RotatedRect roi, float presence, List<Landmark> landmarks) {

    public FaceLandmarks {
        landmarks = List.copyOf(landmarks);
    }
}
