package dev.jlite.bench;

import dev.jlite.tasks.FaceDetector;
import dev.jlite.tasks.FaceLandmarker;
import dev.jlite.tasks.HandLandmarker;
import dev.jlite.tasks.Images;
import dev.jlite.tasks.ObjectDetector;
import dev.jlite.tasks.PalmDetector;
import dev.jlite.tasks.PoseLandmarker;
import dev.jlite.tasks.SelfieSegmenter;
import dev.jlite.tasks.Timings;
import dev.jlite.testing.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * End-to-end time of each vision task on one thread, from the decoded image to the result, beside the time spent
 * in its model(s), on the shared photos. Each part is taken at its fastest of several warm runs: the least disturbed
 * estimate of its cost on a shared machine. PNG decoding is measured apart.
 *
 * <p>Usage: {@code scripts/bench-tasks.sh}
 */
public final class TaskBench {
    private static final int WARMUP = 12;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final int RUNS = 15;

    private TaskBench() {}

    public static void main(String[] args) throws IOException {
        Path models = ModelFiles.modelsDir();
        Path cache = Paths.get(System.getProperty("user.home"), ".cache", "jlite");
        Path poseDetector = models.resolve("pose_detection.tflite");
        if (!Files.isRegularFile(poseDetector)) {
            poseDetector = cache.resolve("models").resolve("pose_detection.tflite");
        }
        // The photos sit beside the models: ../shared/images, or the cache that scripts/fetch-images.sh fills.
        Path images = models.resolveSibling("images");
        if (!Files.isRegularFile(images.resolve("astronaut.png"))) {
            images = cache.resolve("images");
        }
        Path astronautFile = images.resolve("astronaut.png");
        BufferedImage astronaut = Images.read(astronautFile);
        BufferedImage coffee = Images.read(images.resolve("coffee.png"));
        // The shared photos show no hand; the hand photo kept with jlite-tasks' tests does (run from the repository).
        BufferedImage hand = Images.read(Paths.get("jlite-tasks/src/test/resources/photos/hand.jpg"));

        System.out.println("| task | end to end ms | inference ms | pre+post ms | pre+post / inference |");
        System.out.println("|---|---|---|---|---|");
        for (String m : new String[] {"face_detection_short_range", "face_detection_full_range"}) {
            try (FaceDetector d = FaceDetector.create(models.resolve(m + ".tflite"), new FaceDetector.Options())) {
                row("faces (" + m.substring(15) + ")", fastest(() -> d.detect(astronaut), d::lastTimings));
            }
        }
        try (ObjectDetector d = ObjectDetector.create(
                models.resolve("object_detection_ssd_mobilenetv2_oidv4_fp16.tflite"), new ObjectDetector.Options())) {
            row("objects (coffee.png)", fastest(() -> d.detect(coffee), d::lastTimings));
        }
        try (PalmDetector d = PalmDetector.create(models.resolve("palm_detection_lite.tflite"),
                new PalmDetector.Options())) {
            row("palms (hand.jpg)", fastest(() -> d.detect(hand), d::lastTimings));
        }
        try (HandLandmarker d = HandLandmarker.create(models.resolve("hand_landmark_lite.tflite"),
                new HandLandmarker.Options().palmModel(models.resolve("palm_detection_lite.tflite")))) {
            row("hands (hand.jpg: palm detection + landmarks)", fastest(() -> d.detect(hand), d::lastTimings));
        }
        for (String m : new String[] {"pose_landmark_lite", "pose_landmark_full"}) {
            try (PoseLandmarker d = PoseLandmarker.create(models.resolve(m + ".tflite"),
                    new PoseLandmarker.Options().detectorModel(poseDetector))) {
                row("pose " + m.substring(14) + " + mask", fastest(() -> d.detect(astronaut), d::lastTimings));
            }
        }
        try (FaceLandmarker d = FaceLandmarker.create(models.resolve("face_landmark.tflite"),
                new FaceLandmarker.Options().detectorModel(models.resolve("face_detection_short_range.tflite")))) {
            row("face mesh", fastest(() -> d.detect(astronaut), d::lastTimings));
        }
        try (SelfieSegmenter d = SelfieSegmenter.create(models.resolve("selfie_segmentation.tflite"),
                new SelfieSegmenter.Options())) {
            row("selfie", fastest(() -> d.segment(astronaut), d::lastTimings));
        }
        long decode = Long.MAX_VALUE;
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            Images.read(astronautFile);
            decode = Math.min(decode, System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "%nastronaut.png PNG decode (ImageIO, not part of the figures above): %.2f ms%n",
                decode / 1e6);
    }

    /** Runs the call RUNS times after a warm-up of at least WARMUP calls and a second; keeps each part's fastest. */
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

    private static void row(String task, Timings t) {
        double inference = t.inferenceNanos() / 1e6;
        double prePost = t.prePostNanos() / 1e6;
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f%% |%n", task, t.totalNanos() / 1e6, inference,
                prePost, 100 * prePost / inference);
    }
}
