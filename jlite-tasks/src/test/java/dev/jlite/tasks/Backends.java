package dev.jlite.tasks;

import dev.jlite.tasks.processing.InterpreterRunner;
import dev.jlite.tasks.processing.ModelRunner;

/**
 * Builds tasks for tests on jlite's interpreter, or, with {@code -Djlite.tasks.backend=official}, on the official
 * TensorFlow Lite interpreter (to check the pipelines themselves against a trusted inference).
 */
final class Backends {
    static final boolean OFFICIAL = "official".equals(System.getProperty("jlite.tasks.backend"));

    private Backends() {
    }

    static ModelRunner runner(String model) {
        return OFFICIAL ? OfficialRunner.of(model) : InterpreterRunner.open(TestFiles.model(model), 1);
    }

    static FaceDetector faceDetector(String model, FaceDetector.Options options) {
        return FaceDetector.create(runner(model), options);
    }

    static ObjectDetector objectDetector(ObjectDetector.Options options) {
        java.nio.file.Path map = TestFiles.model("object_detection_oidv4_labelmap.txt");
        java.util.List<String> labels;
        try {
            labels = java.nio.file.Files.readAllLines(map).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ObjectDetector.create(runner("object_detection_ssd_mobilenetv2_oidv4_fp16.tflite"), options, labels);
    }

    static FaceLandmarker faceLandmarker(FaceLandmarker.Options options) {
        return FaceLandmarker.create(runner("face_detection_short_range.tflite"), runner("face_landmark.tflite"),
                options);
    }

    static PalmDetector palmDetector(PalmDetector.Options options) {
        return PalmDetector.create(runner("palm_detection_lite.tflite"), options);
    }

    static HandLandmarker handLandmarker(String model, HandLandmarker.Options options) {
        return HandLandmarker.create(runner("palm_detection_lite.tflite"), runner(model), options);
    }

    static PoseLandmarker poseLandmarker(String model, PoseLandmarker.Options options) {
        return PoseLandmarker.create(runner("pose_detection.tflite"), runner(model), options);
    }

    static SelfieSegmenter selfieSegmenter() {
        return SelfieSegmenter.create(runner("selfie_segmentation.tflite"));
    }
}
