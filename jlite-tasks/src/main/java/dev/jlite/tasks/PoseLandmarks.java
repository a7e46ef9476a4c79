package dev.jlite.tasks;

import java.util.List;

/**
 * One person's pose.
 *
 * @param detection    the pose detection it started from (box of the face; keypoints: mid-hip centre, a point
 *                     giving the full body's size and rotation, mid-shoulder centre, the upper body's one)
 * @param roi          the rotated region the landmark model ran on
 * @param presence     the landmark model's pose presence probability
 * @param landmarks    33 points with visibility and presence (BlazePose topology: 0 nose, 11/12 left/right
 *                     shoulder, 23/24 left/right hip, ...), in image pixels
 * @param segmentation the person mask the landmark model also outputs, at image size (0 outside the ROI); null when
 *                     the task was asked not to compute it
 */
public record PoseLandmarks(Detection detection, RotatedRect roi, float presence, List<Landmark> landmarks,
        SegmentationMask segmentation) {

    /** Landmark indices of BlazePose's 33-point topology used by tests and drawings. */
    public static final int NOSE = 0;
    public static final int LEFT_SHOULDER = 11;
    public static final int RIGHT_SHOULDER = 12;
    public static final int LEFT_ELBOW = 13;
    public static final int RIGHT_ELBOW = 14;
    public static final int LEFT_WRIST = 15;
    public static final int RIGHT_WRIST = 16;
    public static final int LEFT_HIP = 23;
    public static final int RIGHT_HIP = 24;
    public static final int LEFT_KNEE = 25;
    public static final int RIGHT_KNEE = 26;
    public static final int LEFT_ANKLE = 27;
    public static final int RIGHT_ANKLE = 28;

    public PoseLandmarks {
        landmarks = List.copyOf(landmarks);
    }
}
