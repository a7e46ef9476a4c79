package dev.jlite.tasks;

import java.util.List;

/**
 * One hand.
 *
 * @param palm            the palm detection it started from (7 keypoints: wrist, then index, middle, ring, pinky
 *                        finger bases and two thumb points)
 * @param roi             the rotated region the landmark model ran on
 * @param presence        the landmark model's hand presence probability
 * @param handedness      "Left" or "Right", MediaPipe's label, which assumes a mirrored (selfie) image: in an
 *                        unmirrored photo "Left" is the person's right hand
 * @param handednessScore probability of that label
 * @param landmarks       21 points (wrist, then 4 per finger from thumb to pinky, base to tip), in image pixels
 */
public record HandLandmarks(Detection palm, RotatedRect roi, float presence, String handedness,
        float handednessScore, List<Landmark> landmarks) {

    public HandLandmarks {
        landmarks = List.copyOf(landmarks);
    }
}
