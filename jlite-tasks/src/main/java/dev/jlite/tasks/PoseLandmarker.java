package dev.jlite.tasks;

import dev.jlite.tasks.processing.AnchorOptions;
import dev.jlite.tasks.processing.BorderMode;
import dev.jlite.tasks.processing.DecoderOptions;
import dev.jlite.tasks.processing.ImageToTensor;
import dev.jlite.tasks.processing.InterpreterRunner;
import dev.jlite.tasks.processing.LandmarkTensors;
import dev.jlite.tasks.processing.MaskProjection;
import dev.jlite.tasks.processing.ModelRunner;
import dev.jlite.tasks.processing.NonMaxSuppression;
import dev.jlite.tasks.processing.RgbImage;
import dev.jlite.tasks.processing.Rois;
import dev.jlite.tasks.processing.SsdDetector;
import dev.jlite.tasks.processing.TensorView;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Pose landmarks (BlazePose GHUM): 33 points with visibility, and the person segmentation mask. As MediaPipe Pose
 * on a still image (mediapipe/modules/pose_landmark/pose_landmark_cpu.pbtxt): one person found by
 * {@code pose_detection.tflite} (pose_detection_cpu.pbtxt: 224x224 letterboxed in [-1, 1], weighted NMS at IoU 0.3),
 * a square ROI centred on the mid-hip keypoint, twice as wide as its distance to the size keypoint, turned so the
 * body is upright and scaled 1.25 (pose_detection_to_roi.pbtxt), cut out to 256x256 in [0, 1] for
 * {@code pose_landmark_lite/full} (pose_landmark_by_roi_cpu.pbtxt), landmarks refined on the heatmap with a 7x7
 * kernel and the mask passed through a sigmoid (tensors_to_pose_landmarks_and_segmentation.pbtxt), both mapped
 * back to the image. Not thread-safe.
 */
public final class PoseLandmarker implements AutoCloseable {
    /** The pose detector looked for beside the landmark model when none is given. */
    public static final String DEFAULT_DETECTOR = "pose_detection.tflite";
    private static final int SIZE = 256;
    private static final int POINTS = 33;
    private static final int ALL_POINTS = 39;
    private static final int HEATMAP = 64;
    private static final float HALF_PI = (float) (Math.PI / 2);

    /** Settings. */
    public static final class Options {
        private Path detectorModel;
        private float minDetectionScore = 0.5f;
        private float minPresence = 0.5f;
        private boolean segmentation = true;
        private int numThreads = 1;

        /** The pose detection model (default: {@value #DEFAULT_DETECTOR} beside the landmark model). */
        public Options detectorModel(Path model) {
            this.detectorModel = model;
            return this;
        }

        /** Detections scoring below this are dropped (default 0.5, min_detection_confidence). */
        public Options minDetectionScore(float score) {
            this.minDetectionScore = TaskOptions.probability("minDetectionScore", score);
            return this;
        }

        /** Poses whose presence is below this are dropped (default 0.5). */
        public Options minPresence(float presence) {
            this.minPresence = TaskOptions.probability("minPresence", presence);
            return this;
        }

        /** Whether to compute the segmentation mask (default true). */
        public Options segmentation(boolean on) {
            this.segmentation = on;
            return this;
        }

        /** Interpreter threads (default 1). */
        public Options numThreads(int numThreads) {
            this.numThreads = TaskOptions.threads(numThreads);
            return this;
        }
    }

    private final SsdDetector detector;
    private final ModelRunner landmarks;
    private final Options options;
    private Timings timings = new Timings(0, 0);

    private PoseLandmarker(SsdDetector detector, ModelRunner landmarks, Options options) {
        this.detector = detector;
        this.landmarks = landmarks;
        this.options = options;
        landmarks.requireImageInput("pose landmarks", SIZE, SIZE);
        landmarks.requireOutputs("pose landmarks", ALL_POINTS * 5, 1, SIZE * SIZE, HEATMAP * HEATMAP * ALL_POINTS);
    }

    /** Loads a pose landmark model ({@code pose_landmark_lite/full.tflite}) and the pose detector. */
    public static PoseLandmarker create(Path landmarkModel, Options options) {
        Path detectorModel = TaskOptions.detectorModel(landmarkModel, options.detectorModel, DEFAULT_DETECTOR,
                "pose landmarks");
        return create(InterpreterRunner.open(detectorModel, options.numThreads),
                InterpreterRunner.open(landmarkModel, options.numThreads), options);
    }

    static PoseLandmarker create(ModelRunner detectorRunner, ModelRunner landmarkRunner, Options options) {
        try {
            SsdDetector.Config config = new SsdDetector.Config("pose detection", SsdDetector.Fit.LETTERBOX, -1f, 1f,
                    AnchorOptions.poseDetection(), DecoderOptions.poseDetection(0.5f),
                    NonMaxSuppression.Algorithm.WEIGHTED, 0.3f, 0, 1);
            return new PoseLandmarker(new SsdDetector(detectorRunner, config), landmarkRunner, options);
        } catch (RuntimeException e) {
            detectorRunner.close();
            landmarkRunner.close();
            throw e;
        }
    }

    /** The most confident person's pose, if one is found. */
    public Optional<PoseLandmarks> detect(BufferedImage image) {
        long t0 = System.nanoTime();
        RgbImage rgb = RgbImage.of(image);
        List<Detection> found = detector.detect(rgb, options.minDetectionScore, 1, i -> "person");
        long inference = detector.runner().lastInferenceNanos();
        PoseLandmarks pose = null;
        if (!found.isEmpty()) {
            Detection person = found.get(0);
            // Mid-hip (keypoint 0) to the full-body size point (keypoint 1) upright; margin 1.25.
            RotatedRect roi = Rois.transform(Rois.fromAlignmentPoints(person, 0, 1, HALF_PI), 1.25f, 1.25f, 0, 0,
                    true);
            RotatedRect padded = ImageToTensor.padRoi(roi, SIZE, SIZE, true);
            TensorView input = landmarks.input();
            ImageToTensor.sample(rgb, padded, SIZE, SIZE, 0f, 1f, BorderMode.REPLICATE, input.array(),
                    input.offset());
            landmarks.run();
            inference += landmarks.lastInferenceNanos();
            // The model's pose flag ends in LOGISTIC: a probability already (TensorsToFloats, no activation).
            float presence = landmarks.output(1).get(0);
            if (presence >= options.minPresence) {
                TensorView raw = landmarks.output(0);
                LandmarkTensors lm = LandmarkTensors.decode(raw.array(), raw.offset(), raw.size(), ALL_POINTS, SIZE,
                        SIZE, 1f, true);
                TensorView heatmap = landmarks.output(3);
                lm.refineFromHeatmap(heatmap.array(), heatmap.offset(), HEATMAP, HEATMAP, ALL_POINTS, 7, 0.5f);
                SegmentationMask mask = options.segmentation ? mask(landmarks.output(2), padded, rgb) : null;
                pose = new PoseLandmarks(person, roi, presence, lm.project(padded, POINTS), mask);
            }
        }
        timings = new Timings(System.nanoTime() - t0, inference);
        return Optional.ofNullable(pose);
    }

    private static SegmentationMask mask(TensorView logits, RotatedRect padded, RgbImage image) {
        float[] probabilities = new float[logits.size()];
        float[] a = logits.array();
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = (float) (1 / (1 + Math.exp(-a[logits.offset() + i])));
        }
        float[] atImage = MaskProjection.toImage(probabilities, SIZE, SIZE, padded, image.width(), image.height());
        return new SegmentationMask(image.width(), image.height(), atImage);
    }

    /** The pose in an image file. */
    public Optional<PoseLandmarks> detect(Path image) throws IOException {
        return detect(Images.read(image));
    }

    /** Timing of the last {@link #detect} call (both models' inference counted). */
    public Timings lastTimings() {
        return timings;
    }

    @Override
    public void close() {
        detector.close();
        landmarks.close();
    }
}
