package dev.jlite.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end time of each task on one thread (from the decoded BufferedImage to the result) against the time spent in
 * the model(s): pre- and post-processing must stay within 20% of inference.
 */
class TaskTimingTest {
    private static final int WARMUP = 12;
    private static final int RUNS = 9;
    private static BufferedImage astronaut;
    private static BufferedImage coffee;
    private static final List<String> REPORT = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        astronaut = Images.read(TestFiles.image("astronaut.png"));
        coffee = Images.read(TestFiles.image("coffee.png"));
    }

    /** Runs the call RUNS times after WARMUP calls (for the JIT) and returns the run with the median total time. */
    private static Timings median(Runnable call, Supplier<Timings> timings) {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        Timings[] t = new Timings[RUNS];
        for (int i = 0; i < RUNS; i++) {
            call.run();
            t[i] = timings.get();
        }
        Arrays.sort(t, (a, b) -> Long.compare(a.totalNanos(), b.totalNanos()));
        return t[RUNS / 2];
    }

    private static void check(String task, Timings t) {
        double total = t.totalNanos() / 1e6;
        double inference = t.inferenceNanos() / 1e6;
        double prePost = t.prePostNanos() / 1e6;
        String line = String.format(Locale.ROOT, "%-34s total %8.2f ms  inference %8.2f ms  pre+post %6.2f ms (%4.1f%%)",
                task, total, inference, prePost, 100 * prePost / inference);
        System.out.println(line);
        REPORT.add(line);
        assertThat(prePost).as(line).isLessThanOrEqualTo(0.2 * inference);
    }

    @Test
    void faceDetection() {
        for (String model : List.of("face_detection_short_range.tflite", "face_detection_full_range.tflite")) {
            try (FaceDetector d = Backends.faceDetector(model, new FaceDetector.Options())) {
                check("face detection " + model.substring(15, model.indexOf('.')),
                        median(() -> d.detect(astronaut), d::lastTimings));
            }
        }
    }

    @Test
    void objectDetection() {
        try (ObjectDetector d = Backends.objectDetector(new ObjectDetector.Options())) {
            check("object detection", median(() -> d.detect(coffee), d::lastTimings));
        }
    }

    @Test
    void faceLandmarks() {
        try (FaceLandmarker d = Backends.faceLandmarker(new FaceLandmarker.Options())) {
            check("face landmarks", median(() -> d.detect(astronaut), d::lastTimings));
        }
    }

    @Test
    void poseLandmarks() {
        for (String model : List.of("pose_landmark_lite.tflite", "pose_landmark_full.tflite")) {
            try (PoseLandmarker d = Backends.poseLandmarker(model, new PoseLandmarker.Options())) {
                check("pose " + model.substring(14, model.indexOf('.')) + " + segmentation",
                        median(() -> d.detect(astronaut), d::lastTimings));
            }
        }
    }

    @Test
    void handLandmarks() {
        // No hand in either photo: the palm detector runs alone, which is the whole task's cost there.
        try (HandLandmarker d = Backends.handLandmarker("hand_landmark_lite.tflite", new HandLandmarker.Options())) {
            check("hands (palm detection only)", median(() -> d.detect(astronaut), d::lastTimings));
        }
    }

    @Test
    void selfieSegmentation() {
        try (SelfieSegmenter d = Backends.selfieSegmenter()) {
            check("selfie segmentation", median(() -> d.segment(astronaut), d::lastTimings));
        }
    }
}
