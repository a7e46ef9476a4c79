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
 * Face mesh: 468 points per face. As MediaPipe's FaceMesh on a still image
 * (mediapipe/modules/face_landmark/face_landmark_front_cpu.pbtxt): faces found by BlazeFace short range, each face
 * box turned so the eyes are level, squared on its long side and scaled 1.5
 * (face_detection_front_detection_to_roi.pbtxt), cut out to 192x192 in [0, 1] (face_landmark_cpu.pbtxt), the
 * mesh kept when the sigmoid of the face flag reaches the presence threshold. Not thread-safe.
 */
public final class FaceLandmarker implements AutoCloseable {
    /** The face detector looked for beside the mesh model when none is given. */
    public static final String DEFAULT_DETECTOR = "face_detection_short_range.tflite";
    private static final int SIZE = 192;
    private static final int POINTS = 468;

    /** Settings. */
    public static final class Options {
        private Path detectorModel;
        private int maxFaces = 1;
        private float minDetectionScore = 0.5f;
        private float minPresence = 0.5f;
        private int numThreads = 1;

        /** The BlazeFace model (default: {@value #DEFAULT_DETECTOR} beside the mesh model). */
        public Options detectorModel(Path model) {
            this.detectorModel = model;
            return this;
        }

        /** At most this many faces (default 1, as FaceMesh's max_num_faces). */
        public Options maxFaces(int maxFaces) {
            this.maxFaces = TaskOptions.positive("maxFaces", maxFaces);
            return this;
        }

        /** Face detections scoring below this are dropped (default 0.5). */
        public Options minDetectionScore(float score) {
            this.minDetectionScore = TaskOptions.probability("minDetectionScore", score);
            return this;
        }

        /** Meshes whose face presence is below this are dropped (default 0.5). */
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

    private final FaceDetector detector;
    private final ModelRunner mesh;
    private final Options options;
    private Timings timings = new Timings(0, 0);

    private FaceLandmarker(FaceDetector detector, ModelRunner mesh, Options options) {
        this.detector = detector;
        this.mesh = mesh;
        this.options = options;
        mesh.requireImageInput("face landmarks", SIZE, SIZE);
        mesh.requireOutputs("face landmarks", POINTS * 3, 1);
    }

    /** Loads the face mesh model ({@code face_landmark.tflite}) and its face detector. */
    public static FaceLandmarker create(Path meshModel, Options options) {
        Path detectorModel = TaskOptions.detectorModel(meshModel, options.detectorModel, DEFAULT_DETECTOR,
                "face landmarks");
        return create(InterpreterRunner.open(detectorModel, options.numThreads),
                InterpreterRunner.open(meshModel, options.numThreads), options);
    }

    static FaceLandmarker create(ModelRunner detectorRunner, ModelRunner meshRunner, Options options) {
        FaceDetector detector = null;
        try {
            detector = FaceDetector.create(detectorRunner, new FaceDetector.Options()
                    .minScore(options.minDetectionScore).maxResults(options.maxFaces));
            return new FaceLandmarker(detector, meshRunner, options);
        } catch (RuntimeException e) {
            if (detector != null) {
                detector.close();
            } else {
                detectorRunner.close();
            }
            meshRunner.close();
            throw e;
        }
    }

    /** The face meshes in the image, in image pixels. */
    public List<FaceLandmarks> detect(BufferedImage image) {
        long t0 = System.nanoTime();
        RgbImage rgb = RgbImage.of(image);
        List<Detection> faces = detector.detect(rgb);
        long inference = detector.lastInferenceNanos();
        List<FaceLandmarks> out = new ArrayList<>();
        for (Detection face : faces) {
            // Eyes (keypoints 0 and 1) level: target angle 0; then scale 1.5 on the long side.
            RotatedRect roi = Rois.transform(Rois.fromBox(face, 0, 1, 0f), 1.5f, 1.5f, 0, 0, true);
            TensorView input = mesh.input();
            ImageToTensor.sample(rgb, roi, SIZE, SIZE, 0f, 1f, BorderMode.REPLICATE, input.array(), input.offset());
            mesh.run();
            inference += mesh.lastInferenceNanos();
            float presence = sigmoid(mesh.output(1).get(0));
            if (presence < options.minPresence) {
                continue;
            }
            TensorView raw = mesh.output(0);
            LandmarkTensors lm = LandmarkTensors.decode(raw.array(), raw.offset(), raw.size(), POINTS, SIZE, SIZE, 1f,
                    false);
            out.add(new FaceLandmarks(face, roi, presence, lm.project(roi, POINTS)));
        }
        timings = new Timings(System.nanoTime() - t0, inference);
        return out;
    }

    /** The face meshes in an image file. */
    public List<FaceLandmarks> detect(Path image) throws IOException {
        return detect(Images.read(image));
    }

    private static float sigmoid(float v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }

    /** Timing of the last {@link #detect} call (both models' inference counted). */
    public Timings lastTimings() {
        return timings;
    }

    @Override
    public void close() {
        detector.close();
        mesh.close();
    }
}
