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
 * Finds faces with BlazeFace ({@code face_detection_short_range.tflite}, 128x128, faces within ~2 m, or
 * {@code face_detection_full_range.tflite}, 192x192, up to ~5 m), as MediaPipe's {@code FaceDetection} graph does
 * (mediapipe/modules/face_detection/face_detection.pbtxt): letterboxed input in [-1, 1], SSD decoding, weighted
 * non-max suppression at IoU 0.3.
 *
 * <p>Each detection carries six keypoints in MediaPipe's order: right eye, left eye (of the person), nose tip, mouth
 * centre, right ear tragion, left ear tragion. Not thread-safe: use one instance per thread.
 */
public final class FaceDetector implements AutoCloseable {

    /** Detection settings. */
    public static final class Options {
        private float minScore = 0.5f;
        private int maxResults = -1;
        private int numThreads = 1;

        /**
         * Faces scoring below this are dropped (default 0.5, the default min_detection_confidence of MediaPipe's
         * FaceDetection solution, which replaces the graphs' own 0.5 (short range) and 0.6 (full range)).
         */
        public Options minScore(float minScore) {
            this.minScore = TaskOptions.probability("minScore", minScore);
            return this;
        }

        /** At most this many faces, best first (default -1: all). */
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

    private FaceDetector(SsdDetector detector, Options options) {
        this.detector = detector;
        this.options = options;
    }

    /** Loads a BlazeFace model (short or full range, told apart by its input size). */
    public static FaceDetector create(Path model, Options options) {
        return create(InterpreterRunner.open(model, options.numThreads), options);
    }

    static FaceDetector create(ModelRunner runner, Options options) {
        try {
            return new FaceDetector(new SsdDetector(runner, config(runner)), options);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /** The graph constants for the model's input size. */
    static SsdDetector.Config config(ModelRunner runner) {
        int[] hw = runner.requireImageInput("face detection", 0, 0);
        AnchorOptions anchors;
        if (hw[0] == 128 && hw[1] == 128) {
            anchors = AnchorOptions.faceDetectionShortRange();
        } else if (hw[0] == 192 && hw[1] == 192) {
            anchors = AnchorOptions.faceDetectionFullRange();
        } else {
            throw new IllegalArgumentException("face detection: input " + hw[1] + "x" + hw[0]
                    + " is neither BlazeFace short range (128x128) nor full range (192x192)");
        }
        int boxes = anchors.inputWidth() == 128 ? 896 : 2304;
        return new SsdDetector.Config("face detection", SsdDetector.Fit.LETTERBOX, -1f, 1f, anchors,
                DecoderOptions.faceDetection(boxes, anchors.inputWidth(), 0.5f), NonMaxSuppression.Algorithm.WEIGHTED,
                0.3f, 0, 1);
    }

    /** Faces in the image, best first, in image pixels. */
    public List<Detection> detect(BufferedImage image) {
        long t0 = System.nanoTime();
        List<Detection> faces = detect(RgbImage.of(image));
        timings = new Timings(System.nanoTime() - t0, detector.runner().lastInferenceNanos());
        return faces;
    }

    /** Faces in an image file. */
    public List<Detection> detect(Path image) throws IOException {
        return detect(Images.read(image));
    }

    List<Detection> detect(RgbImage image) {
        return detector.detect(image, options.minScore, options.maxResults, i -> "face");
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
