package dev.jlite.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end time of each task on one thread (from the decoded BufferedImage to the result) against the time spent in
 * the model(s): pre- and post-processing (pixel access, sampling, decoding, projection, masks, copies in and out of
 * the interpreter) must stay within 20% of inference.
 */
class TaskTimingTest {
    private static final int WARMUP = 12;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final int RUNS = 15;
    private static BufferedImage astronaut;
    private static BufferedImage coffee;

    @BeforeAll
    static void load() throws IOException {
        astronaut = Images.read(TestFiles.image("astronaut.png"));
        coffee = Images.read(TestFiles.image("coffee.png"));
    }

    /**
     * Runs the call RUNS times after a warm-up (for the JIT: at least WARMUP calls and a second). The machine is
     * shared, so each part is taken at its fastest run: the least disturbed estimate of its own cost.
     */
    private static Timings fastest(Runnable call, Supplier<Timings> timings) {
        long start = System.nanoTime();
        for (int i = 0; i < WARMUP || System.nanoTime() - start < WARMUP_NANOS; i++) {
            call.run();
        }
        long prePost = Long.MAX_VALUE;
        long inference = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            call.run();
            Timings t = timings.get();
            prePost = Math.min(prePost, t.prePostNanos());
            inference = Math.min(inference, t.inferenceNanos());
        }
        return new Timings(prePost + inference, inference);
    }

    private static void check(String task, Timings t) {
        double total = t.totalNanos() / 1e6;
        double inference = t.inferenceNanos() / 1e6;
        double prePost = t.prePostNanos() / 1e6;
        String line = String.format(Locale.ROOT, "%-34s total %8.2f ms  inference %8.2f ms  pre+post %6.2f ms (%4.1f%%)",
                task, total, inference, prePost, 100 * prePost / inference);
        System.out.println(line);
        assertThat(prePost).as(line).isLessThanOrEqualTo(0.2 * inference);
    }

    @Test
    void imageDecodeForReference() throws IOException {
        java.nio.file.Path file = TestFiles.image("astronaut.png");
        long best = Long.MAX_VALUE;
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            Images.read(file);
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "%-34s %8.2f ms (ImageIO PNG decode, not part of the tasks' timings)%n",
                "astronaut.png decode", best / 1e6);
        assertThat(best).isPositive();
    }

    @Test
    void faceDetection() {
        for (String model : List.of("face_detection_short_range.tflite", "face_detection_full_range.tflite")) {
            try (FaceDetector d = Backends.faceDetector(model, new FaceDetector.Options())) {
                check("face detection " + model.substring(15, model.indexOf('.')),
                        fastest(() -> d.detect(astronaut), d::lastTimings));
            }
        }
    }

    @Test
    void objectDetection() {
        try (ObjectDetector d = Backends.objectDetector(new ObjectDetector.Options())) {
            check("object detection", fastest(() -> d.detect(coffee), d::lastTimings));
        }
    }

    @Test
    void faceLandmarks() {
        try (FaceLandmarker d = Backends.faceLandmarker(new FaceLandmarker.Options())) {
            check("face landmarks", fastest(() -> d.detect(astronaut), d::lastTimings));
        }
    }

    @Test
    void poseLandmarks() {
        for (String model : List.of("pose_landmark_lite.tflite", "pose_landmark_full.tflite")) {
            try (PoseLandmarker d = Backends.poseLandmarker(model, new PoseLandmarker.Options())) {
                check("pose " + model.substring(14, model.indexOf('.')) + " + segmentation",
                        fastest(() -> d.detect(astronaut), d::lastTimings));
            }
        }
    }

    @Test
    void palmDetection() {
        try (PalmDetector d = Backends.palmDetector(new PalmDetector.Options())) {
            check("palm detection", fastest(() -> d.detect(astronaut), d::lastTimings));
        }
    }

    @Test
    void handLandmarks() {
        // No hand in either photo: the palm detector runs alone, which is the whole task's cost there.
        try (HandLandmarker d = Backends.handLandmarker("hand_landmark_lite.tflite", new HandLandmarker.Options())) {
            check("hands (palm detection only)", fastest(() -> d.detect(astronaut), d::lastTimings));
        }
    }

    @Test
    void selfieSegmentation() {
        try (SelfieSegmenter d = Backends.selfieSegmenter()) {
            check("selfie segmentation", fastest(() -> d.segment(astronaut), d::lastTimings));
        }
    }
}
