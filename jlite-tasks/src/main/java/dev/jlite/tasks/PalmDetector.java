package dev.jlite.tasks;

import dev.jlite.tasks.processing.AnchorOptions;
import dev.jlite.tasks.processing.DecoderOptions;
import dev.jlite.tasks.processing.InterpreterRunner;
import dev.jlite.tasks.processing.ModelRunner;
import dev.jlite.tasks.processing.NonMaxSuppression;
import dev.jlite.tasks.processing.RgbImage;
import dev.jlite.tasks.processing.SsdDetector;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds palms with {@code palm_detection_lite.tflite}, as MediaPipe's palm detection graph does
 * (mediapipe/modules/palm_detection/palm_detection_cpu.pbtxt): 192x192 letterboxed input in [0, 1], SSD decoding,
 * weighted non-max suppression at IoU 0.3. This is the first stage of {@link HandLandmarker}, which runs exactly
 * this detector before its landmark model.
 *
 * <p>Each detection carries seven keypoints in MediaPipe's order: wrist, index, middle, ring and pinky finger
 * bases, then two thumb points. Not thread-safe: use one instance per thread.
 */
public final class PalmDetector implements AutoCloseable {
    /** The palm detection model MediaPipe Hands ships. */
    public static final String DEFAULT_MODEL = "palm_detection_lite.tflite";

    /** Detection settings. */
    public static final class Options {
        private float minScore = 0.5f;
        private int maxResults = -1;
        private int numThreads = 1;

        /** Palms scoring below this are dropped (default 0.5, MediaPipe Hands' min_detection_confidence). */
        public Options minScore(float minScore) {
            this.minScore = TaskOptions.probability("minScore", minScore);
            return this;
        }

        /** At most this many palms, best first (default -1: all). */
        public Options maxResults(int maxResults) {
            this.maxResults = TaskOptions.maxResults(maxResults);
            return this;
        }

        /** Interpreter threads (default 1). */
        public Options numThreads(int numThreads) {
            this.numThreads = TaskOptions.threads(numThreads);
            return this;
        }
    }

    private final SsdDetector detector;
    private final Options options;
    private Timings timings = new Timings(0, 0);

    private PalmDetector(SsdDetector detector, Options options) {
        this.detector = detector;
        this.options = options;
    }

    /** Loads a palm detection model ({@value #DEFAULT_MODEL}). */
    public static PalmDetector create(Path model, Options options) {
        return create(InterpreterRunner.open(model, options.numThreads), options);
    }

    static PalmDetector create(ModelRunner runner, Options options) {
        try {
            // The graph's own min_score_thresh (0.5) is replaced by the caller's threshold at each call.
            SsdDetector.Config config = new SsdDetector.Config("palm detection", SsdDetector.Fit.LETTERBOX, 0f, 1f,
                    AnchorOptions.palmDetection(), DecoderOptions.palmDetection(0.5f),
                    NonMaxSuppression.Algorithm.WEIGHTED, 0.3f, 0, 1);
            return new PalmDetector(new SsdDetector(runner, config), options);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /** Palms in the image, best first, in image pixels. */
    public List<Detection> detect(BufferedImage image) {
        long t0 = System.nanoTime();
        List<Detection> palms = detect(RgbImage.of(image));
        timings = new Timings(System.nanoTime() - t0, lastInferenceNanos());
        return palms;
    }

    /** Palms in an image file. */
    public List<Detection> detect(Path image) throws IOException {
        return detect(Images.read(image));
    }

    List<Detection> detect(RgbImage image) {
        return detector.detect(image, options.minScore, options.maxResults, i -> "palm");
    }

    /** Inference time of the model's last run. */
    long lastInferenceNanos() {
        return detector.runner().lastInferenceNanos();
    }

    /** Timing of the last {@link #detect} call. */
    public Timings lastTimings() {
        return timings;
    }

    @Override
    public void close() {
        detector.close();
    }
}
