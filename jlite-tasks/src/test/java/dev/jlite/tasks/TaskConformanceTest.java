package dev.jlite.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.tasks.processing.InterpreterRunner;
import dev.jlite.tasks.processing.ModelRunner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same task on jlite's interpreter and on the official TensorFlow Lite one gives the same answer: the pipelines
 * are shared, so this checks that jlite's inference is close enough for results to agree to a fraction of a pixel.
 */
class TaskConformanceTest {
    private static final float PIXELS = 1.0f;
    private static BufferedImage astronaut;
    private static BufferedImage coffee;

    @BeforeAll
    static void load() throws IOException {
        astronaut = Images.read(TestFiles.image("astronaut.png"));
        coffee = Images.read(TestFiles.image("coffee.png"));
    }

    private static ModelRunner jlite(String model) {
        return InterpreterRunner.open(TestFiles.model(model), 1);
    }

    private static ModelRunner official(String model) {
        return OfficialRunner.of(model);
    }

    private static void assertSameDetections(List<Detection> actual, List<Detection> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            Detection a = actual.get(i);
            Detection e = expected.get(i);
            assertThat(a.label()).isEqualTo(e.label());
            assertThat(a.score()).isCloseTo(e.score(), within(0.01f));
            assertThat(a.box().left()).isCloseTo(e.box().left(), within(PIXELS));
            assertThat(a.box().top()).isCloseTo(e.box().top(), within(PIXELS));
            assertThat(a.box().right()).isCloseTo(e.box().right(), within(PIXELS));
            assertThat(a.box().bottom()).isCloseTo(e.box().bottom(), within(PIXELS));
            for (int k = 0; k < a.keypoints().size(); k++) {
                assertThat(a.keypoints().get(k).x()).isCloseTo(e.keypoints().get(k).x(), within(PIXELS));
                assertThat(a.keypoints().get(k).y()).isCloseTo(e.keypoints().get(k).y(), within(PIXELS));
            }
        }
    }

    private static void assertSameLandmarks(List<Landmark> actual, List<Landmark> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).x()).as("landmark %d x", i).isCloseTo(expected.get(i).x(), within(PIXELS));
            assertThat(actual.get(i).y()).as("landmark %d y", i).isCloseTo(expected.get(i).y(), within(PIXELS));
        }
    }

    private static float meanAbsDifference(SegmentationMask a, SegmentationMask b) {
        double sum = 0;
        for (int i = 0; i < a.values().length; i++) {
            sum += Math.abs(a.values()[i] - b.values()[i]);
        }
        return (float) (sum / a.values().length);
    }

    @Test
    void faceDetection() {
        for (String model : List.of("face_detection_short_range.tflite", "face_detection_full_range.tflite")) {
            try (FaceDetector j = FaceDetector.create(jlite(model), new FaceDetector.Options());
                    FaceDetector o = FaceDetector.create(official(model), new FaceDetector.Options())) {
                assertSameDetections(j.detect(astronaut), o.detect(astronaut));
            }
        }
    }

    @Test
    void objectDetection() {
        String model = "object_detection_ssd_mobilenetv2_oidv4_fp16.tflite";
        ObjectDetector.Options options = new ObjectDetector.Options().minScore(0.3f);
        try (ObjectDetector j = ObjectDetector.create(jlite(model), options, null);
                ObjectDetector o = ObjectDetector.create(official(model), options, null)) {
            assertSameDetections(j.detect(coffee), o.detect(coffee));
        }
    }

    @Test
    void faceLandmarks() {
        try (FaceLandmarker j = FaceLandmarker.create(jlite("face_detection_short_range.tflite"),
                jlite("face_landmark.tflite"), new FaceLandmarker.Options());
                FaceLandmarker o = FaceLandmarker.create(official("face_detection_short_range.tflite"),
                        official("face_landmark.tflite"), new FaceLandmarker.Options())) {
            List<FaceLandmarks> a = j.detect(astronaut);
            List<FaceLandmarks> e = o.detect(astronaut);
            assertThat(a).hasSameSizeAs(e).isNotEmpty();
            assertSameLandmarks(a.get(0).landmarks(), e.get(0).landmarks());
        }
    }

    @Test
    void poseLandmarksAndMask() {
        for (String model : List.of("pose_landmark_lite.tflite", "pose_landmark_full.tflite")) {
            try (PoseLandmarker j = PoseLandmarker.create(jlite("pose_detection.tflite"), jlite(model),
                    new PoseLandmarker.Options());
                    PoseLandmarker o = PoseLandmarker.create(official("pose_detection.tflite"), official(model),
                            new PoseLandmarker.Options())) {
                Optional<PoseLandmarks> a = j.detect(astronaut);
                Optional<PoseLandmarks> e = o.detect(astronaut);
                assertThat(a).isPresent();
                assertThat(e).isPresent();
                assertSameLandmarks(a.get().landmarks(), e.get().landmarks());
                assertThat(meanAbsDifference(a.get().segmentation(), e.get().segmentation())).isLessThan(0.01f);
            }
        }
    }

    @Test
    void selfieSegmentation() {
        try (SelfieSegmenter j = SelfieSegmenter.create(jlite("selfie_segmentation.tflite"));
                SelfieSegmenter o = SelfieSegmenter.create(official("selfie_segmentation.tflite"))) {
            assertThat(meanAbsDifference(j.segment(astronaut), o.segment(astronaut))).isLessThan(0.01f);
        }
    }
}
