package dev.jlite.tasks.processing;

/**
 * The fields of MediaPipe's {@code TensorsToDetectionsCalculatorOptions}
 * (mediapipe/calculators/tensor/tensors_to_detections_calculator.proto) that the graphs used here set.
 *
 * @param boxFormat           XYWH where the graph sets {@code reverse_output_order: true}, else YXHW
 * @param scoreClippingThresh raw scores are clamped to +-this before the sigmoid; NaN when the graph sets none
 * @param ignoreClass0        whether class 0 (background) is skipped ({@code ignore_classes: 0})
 */
public record DecoderOptions(int numClasses, int numBoxes, int numCoords, int boxCoordOffset,
        int keypointCoordOffset, int numKeypoints, BoxFormat boxFormat, float xScale, float yScale, float wScale,
        float hScale, boolean applyExponentialOnBoxSize, boolean sigmoidScore, float scoreClippingThresh,
        float minScoreThresh, boolean ignoreClass0) {

    /** How the four box values of each row are laid out. */
    public enum BoxFormat { YXHW, XYWH }

    public DecoderOptions {
        if (numClasses <= 0 || numBoxes <= 0) {
            throw new IllegalArgumentException("num_classes and num_boxes must be positive");
        }
        if (numCoords != 4 + 2 * numKeypoints) {
            throw new IllegalArgumentException("num_coords " + numCoords + " != 4 + 2 * num_keypoints ("
                    + numKeypoints + ")");
        }
    }

    /** The same options with another score threshold. */
    public DecoderOptions withMinScoreThresh(float threshold) {
        return new DecoderOptions(numClasses, numBoxes, numCoords, boxCoordOffset, keypointCoordOffset,
                numKeypoints, boxFormat, xScale, yScale, wScale, hScale, applyExponentialOnBoxSize, sigmoidScore,
                scoreClippingThresh, threshold, ignoreClass0);
    }

    /** BlazeFace (face_detection.pbtxt): 16 coords, 6 keypoints, sigmoid clipped at 100, XYWH. */
    public static DecoderOptions faceDetection(int numBoxes, float inputSize, float minScore) {
        return new DecoderOptions(1, numBoxes, 16, 0, 4, 6, BoxFormat.XYWH, inputSize, inputSize, inputSize,
                inputSize, false, true, 100f, minScore, false);
    }

    /** Palm detection (palm_detection_cpu.pbtxt): 2016 boxes, 18 coords, 7 keypoints, scales 192. */
    public static DecoderOptions palmDetection(float minScore) {
        return new DecoderOptions(1, 2016, 18, 0, 4, 7, BoxFormat.XYWH, 192, 192, 192, 192, false, true, 100f,
                minScore, false);
    }

    /** Pose detection (pose_detection_cpu.pbtxt): 2254 boxes, 12 coords, 4 keypoints, scales 224. */
    public static DecoderOptions poseDetection(float minScore) {
        return new DecoderOptions(1, 2254, 12, 0, 4, 4, BoxFormat.XYWH, 224, 224, 224, 224, false, true, 100f,
                minScore, false);
    }

    /**
     * SSD MobileNetV2 OID (object_detection_oid_v4_cpu.pbtxt): YXHW, scales 10/10/5/5 with exponential sizes,
     * sigmoid without clipping, class 0 ignored.
     */
    public static DecoderOptions ssdMobileNetV2Oid(int numClasses, float minScore) {
        return new DecoderOptions(numClasses, 1917, 4, 0, 4, 0, BoxFormat.YXHW, 10, 10, 5, 5, true, true,
                Float.NaN, minScore, true);
    }
}
