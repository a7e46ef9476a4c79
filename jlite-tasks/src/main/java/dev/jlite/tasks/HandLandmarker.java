package dev.jlite.tasks;

import dev.jlite.tasks.processing.BorderMode;
import dev.jlite.tasks.processing.ImageToTensor;
import dev.jlite.tasks.processing.InterpreterRunner;
import dev.jlite.tasks.processing.LandmarkTensors;
import dev.jlite.tasks.processing.ModelRunner;
import dev.jlite.tasks.processing.RgbImage;
import dev.jlite.tasks.processing.Rois;
import dev.jlite.tasks.processing.TensorView;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand landmarks: 21 points per hand with handedness. As MediaPipe Hands on a still image
 * (mediapipe/modules/hand_landmark/hand_landmark_tracking_cpu.pbtxt): palms found by {@link PalmDetector}
 * ({@code palm_detection_lite}), each palm box turned so the
 * wrist-to-middle-finger line points up, shifted half its height towards the fingers, squared and scaled 2.6
 * (palm_detection_detection_to_roi.pbtxt), cut out to 224x224 in [0, 1] for {@code hand_landmark_lite/full}
 * (hand_landmark_cpu.pbtxt), kept when the hand flag reaches the presence threshold. Not thread-safe.
 */
public final class HandLandmarker implements AutoCloseable {
    /** The palm detector looked for beside the landmark model when none is given. */
    public static final String DEFAULT_DETECTOR = PalmDetector.DEFAULT_MODEL;
    private static final int SIZE = 224;
    private static final int POINTS = 21;
    private static final float HALF_PI = (float) (Math.PI / 2);

    /** Settings. */
    public static final class Options {
        private Path palmModel;
        private int maxHands = 2;
        private float minDetectionScore = 0.5f;
        private float minPresence = 0.5f;
        private int numThreads = 1;

        /** The palm detection model (default: {@value #DEFAULT_DETECTOR} beside the landmark model). */
        public Options palmModel(Path model) {
            this.palmModel = model;
            return this;
        }

        /** At most this many hands (default 2, as Hands' max_num_hands). */
        public Options maxHands(int maxHands) {
            this.maxHands = TaskOptions.positive("maxHands", maxHands);
            return this;
        }

        /** Palms scoring below this are dropped (default 0.5, min_detection_confidence). */
        public Options minDetectionScore(float score) {
            this.minDetectionScore = TaskOptions.probability("minDetectionScore", score);
            return this;
        }

        /** Hands whose presence is below this are dropped (default 0.5). */
        public Options minPresence(float presence) {
            this.minPresence = TaskOptions.probability("minPresence", presence);
            return this;
        }

        /** Interpreter threads (default 1). */
        public Options numThreads(int numThreads) {
            this.numThreads = TaskOptions.threads(numThreads);
            return this;
        }
    }

    private final PalmDetector palms;
    private final ModelRunner landmarks;
    private final Options options;
    private Timings timings = new Timings(0, 0);

    private HandLandmarker(PalmDetector palms, ModelRunner landmarks, Options options) {
        this.palms = palms;
        this.landmarks = landmarks;
        this.options = options;
        landmarks.requireImageInput("hand landmarks", SIZE, SIZE);
        landmarks.requireOutputs("hand landmarks", POINTS * 3, 1, 1);
    }

    /** Loads a hand landmark model ({@code hand_landmark_lite/full.tflite}) and the palm detector. */
    public static HandLandmarker create(Path landmarkModel, Options options) {
        Path palmModel = TaskOptions.detectorModel(landmarkModel, options.palmModel, DEFAULT_DETECTOR,
                "hand landmarks");
        return create(InterpreterRunner.open(palmModel, options.numThreads),
                InterpreterRunner.open(landmarkModel, options.numThreads), options);
    }

    static HandLandmarker create(ModelRunner palmRunner, ModelRunner landmarkRunner, Options options) {
        try {
            // Hands' ClipDetectionVectorSizeCalculator keeps the best max_num_hands palms.
            PalmDetector palms = PalmDetector.create(palmRunner, new PalmDetector.Options()
                    .minScore(options.minDetectionScore).maxResults(options.maxHands));
            try {
                return new HandLandmarker(palms, landmarkRunner, options);
            } catch (RuntimeException e) {
                palms.close();
                throw e;
            }
        } catch (RuntimeException e) {
            landmarkRunner.close();
            throw e;
        }
    }

    /** The hands in the image, in image pixels. */
    public List<HandLandmarks> detect(BufferedImage image) {
        long t0 = System.nanoTime();
        RgbImage rgb = RgbImage.of(image);
        List<Detection> found = palms.detect(rgb);
        long inference = palms.lastInferenceNanos();
        List<HandLandmarks> out = new ArrayList<>();
        for (Detection palm : found) {
            // Wrist (keypoint 0) to middle finger base (keypoint 2) pointing up; grow to cover the whole hand.
            RotatedRect roi = Rois.transform(Rois.fromBox(palm, 0, 2, HALF_PI), 2.6f, 2.6f, 0, -0.5f, true);
            RotatedRect padded = ImageToTensor.padRoi(roi, SIZE, SIZE, true);
            TensorView input = landmarks.input();
            ImageToTensor.sample(rgb, padded, SIZE, SIZE, 0f, 1f, BorderMode.REPLICATE, input.array(),
                    input.offset());
            landmarks.run();
            inference += landmarks.lastInferenceNanos();
            // The model ends in LOGISTIC for the flag and handedness: both are probabilities already.
            float presence = landmarks.output(1).get(0);
            if (presence < options.minPresence) {
                continue;
            }
            float left = landmarks.output(2).get(0);
            // TensorsToClassificationCalculator, binary_classification + top_k 1: "Left" scores p, "Right" 1 - p.
            String handedness = left >= 0.5f ? "Left" : "Right";
            float handednessScore = left >= 0.5f ? left : 1 - left;
            TensorView raw = landmarks.output(0);
            LandmarkTensors lm = LandmarkTensors.decode(raw.array(), raw.offset(), raw.size(), POINTS, SIZE, SIZE,
                    0.4f, false);
            out.add(new HandLandmarks(palm, roi, presence, handedness, handednessScore, lm.project(padded, POINTS)));
        }
        timings = new Timings(System.nanoTime() - t0, inference);
        return out;
    }

    /** The hands in an image file. */
    public List<HandLandmarks> detect(Path image) throws IOException {
        return detect(Images.read(image));
    }

    /** Timing of the last {@link #detect} call (both models' inference counted). */
    public Timings lastTimings() {
        return timings;
    }

    @Override
    public void close() {
        palms.close();
        landmarks.close();
    }
}
