package dev.jlite.tasks.processing;

import java.util.Arrays;

/**
 * The fields of MediaPipe's {@code SsdAnchorsCalculatorOptions}
 * (mediapipe/calculators/tflite/ssd_anchors_calculator.proto) that its graphs set; the others keep their proto
 * defaults. Feature map sizes are always derived from the strides.
 */
public record AnchorOptions(int inputWidth, int inputHeight, float minScale, float maxScale, float anchorOffsetX,
        float anchorOffsetY, int[] strides, float[] aspectRatios, boolean reduceBoxesInLowestLayer,
        float interpolatedScaleAspectRatio, boolean fixedAnchorSize) {

    public AnchorOptions {
        if (inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("input size must be positive");
        }
        if (strides.length == 0) {
            throw new IllegalArgumentException("at least one stride is needed");
        }
        for (int s : strides) {
            if (s <= 0) {
                throw new IllegalArgumentException("strides must be positive: " + Arrays.toString(strides));
            }
        }
        strides = strides.clone();
        aspectRatios = aspectRatios.clone();
    }

    /**
     * BlazeFace short range (mediapipe/modules/face_detection/face_detection_short_range.pbtxt, with the
     * SsdAnchorsCalculator options of face_detection.pbtxt): 128x128, strides 8,16,16,16, interpolated ratio 1.
     */
    public static AnchorOptions faceDetectionShortRange() {
        return new AnchorOptions(128, 128, 0.1484375f, 0.75f, 0.5f, 0.5f, new int[] {8, 16, 16, 16},
                new float[] {1.0f}, false, 1.0f, true);
    }

    /**
     * BlazeFace full range (mediapipe/modules/face_detection/face_detection_full_range.pbtxt + face_detection.pbtxt):
     * 192x192, one layer of stride 4, no interpolated anchor.
     */
    public static AnchorOptions faceDetectionFullRange() {
        return new AnchorOptions(192, 192, 0.1484375f, 0.75f, 0.5f, 0.5f, new int[] {4}, new float[] {1.0f}, false,
                0.0f, true);
    }

    /**
     * Palm detection (mediapipe/modules/palm_detection/palm_detection_cpu.pbtxt): 192x192, strides 8,16,16,16;
     * interpolated_scale_aspect_ratio unset, so its proto default 1.0.
     */
    public static AnchorOptions palmDetection() {
        return new AnchorOptions(192, 192, 0.1484375f, 0.75f, 0.5f, 0.5f, new int[] {8, 16, 16, 16},
                new float[] {1.0f}, false, 1.0f, true);
    }

    /** Pose detection (mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt): 224x224, strides 8,16,32,32,32. */
    public static AnchorOptions poseDetection() {
        return new AnchorOptions(224, 224, 0.1484375f, 0.75f, 0.5f, 0.5f, new int[] {8, 16, 32, 32, 32},
                new float[] {1.0f}, false, 1.0f, true);
    }

    /**
     * SSD MobileNetV2 on Open Images v4 (mediapipe/modules/objectron/object_detection_oid_v4_cpu.pbtxt): 300x300,
     * six layers, five aspect ratios, three fixed boxes in the lowest layer, anchor sizes used for decoding.
     */
    public static AnchorOptions ssdMobileNetV2Oid() {
        return new AnchorOptions(300, 300, 0.2f, 0.95f, 0.5f, 0.5f, new int[] {16, 32, 64, 128, 256, 512},
                new float[] {1.0f, 2.0f, 0.5f, 3.0f, 0.3333f}, true, 1.0f, false);
    }
}
