package dev.jlite.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every task on the two real photos, with expectations measured by looking at them. Annotated pictures go to
 * target/task-images.
 */
class PhotoTasksTest {
    /** The face in astronaut.png, measured by hand: cheek to cheek, hairline to chin. */
    static final BoundingBox ASTRONAUT_FACE = new BoundingBox(182, 80, 256, 176);
    /** Her head, hair included, measured by hand. */
    static final BoundingBox ASTRONAUT_HEAD = new BoundingBox(152, 15, 300, 182);

    static BufferedImage astronaut;
    static BufferedImage coffee;

    @BeforeAll
    static void load() throws IOException {
        astronaut = Images.read(TestFiles.image("astronaut.png"));
        coffee = Images.read(TestFiles.image("coffee.png"));
    }

    private static void write(AnnotatedImage picture, String name) throws IOException {
        picture.writePng(TestFiles.outputDir().resolve(name));
    }

    @Test
    void faceDetectorFindsTheAstronautsFaceOnly() throws IOException {
        for (String model : List.of("face_detection_short_range.tflite", "face_detection_full_range.tflite")) {
            try (FaceDetector detector = Backends.faceDetector(model, new FaceDetector.Options())) {
                List<Detection> faces = detector.detect(astronaut);
                write(new AnnotatedImage(astronaut).box(ASTRONAUT_FACE, "measured", Color.GREEN)
                        .detections(faces, Color.RED), "faces-" + model.replace(".tflite", "") + ".png");
                assertThat(faces).as(model).hasSize(1);
                Detection face = faces.get(0);
                assertThat(face.box().iou(ASTRONAUT_FACE)).as(model + " IoU of " + face.box()).isGreaterThan(0.6f);
                assertThat(face.keypoints()).hasSize(6);
                // Right eye (image left), left eye, nose, mouth: where they are in the photo.
                assertThat(face.keypoints().get(0).x()).isBetween(195f, 213f);
                assertThat(face.keypoints().get(1).x()).isBetween(237f, 255f);
                for (int k = 0; k < 2; k++) {
                    assertThat(face.keypoints().get(k).y()).isBetween(95f, 110f);
                }
                assertThat(face.keypoints().get(3).y()).isBetween(138f, 154f);
                assertThat(detector.detect(coffee)).as(model + " on coffee.png").isEmpty();
            }
        }
    }

    @Test
    void objectDetectorsTopDetectionOnCoffeeIsTheCup() throws IOException {
        try (ObjectDetector detector = Backends.objectDetector(new ObjectDetector.Options())) {
            List<Detection> objects = detector.detect(coffee);
            write(new AnnotatedImage(coffee).detections(objects, Color.RED), "objects-coffee.png");
            assertThat(objects).isNotEmpty();
            assertThat(objects.get(0).label()).isIn("Mug", "Coffee cup");
            // The cup and saucer fill the middle of the photo.
            assertThat(objects.get(0).box().contains(300, 200)).isTrue();
        }
    }

    @Test
    void faceLandmarksFallInsideTheFace() throws IOException {
        try (FaceLandmarker landmarker = Backends.faceLandmarker(new FaceLandmarker.Options())) {
            List<FaceLandmarks> faces = landmarker.detect(astronaut);
            AnnotatedImage picture = new AnnotatedImage(astronaut).box(ASTRONAUT_FACE, "measured", Color.GREEN);
            faces.forEach(picture::face);
            write(picture, "face-mesh-astronaut.png");
            assertThat(faces).hasSize(1);
            FaceLandmarks face = faces.get(0);
            assertThat(face.landmarks()).hasSize(468);
            assertThat(face.presence()).isGreaterThan(0.9f);
            // Every mesh point lies on the head (the mesh runs up the forehead under the hair and out to the
            // temples), and the mesh's extent is the face's.
            float left = Float.MAX_VALUE;
            float top = Float.MAX_VALUE;
            float right = -Float.MAX_VALUE;
            float bottom = -Float.MAX_VALUE;
            for (Landmark l : face.landmarks()) {
                assertThat(ASTRONAUT_HEAD.contains(l.x(), l.y())).as("landmark %s on the head", l).isTrue();
                left = Math.min(left, l.x());
                top = Math.min(top, l.y());
                right = Math.max(right, l.x());
                bottom = Math.max(bottom, l.y());
            }
            assertThat(new BoundingBox(left, top, right, bottom).iou(ASTRONAUT_FACE)).isGreaterThan(0.6f);
            // Mesh point 1 is the nose tip, 152 the chin, 33 and 263 the outer eye corners.
            assertThat(face.landmarks().get(1).point().y()).isBetween(118f, 136f);
            assertThat(face.landmarks().get(152).point().y()).isBetween(168f, 186f);
            assertThat(face.landmarks().get(33).point().x()).isLessThan(face.landmarks().get(263).point().x());
            assertThat(landmarker.detect(coffee)).isEmpty();
        }
    }

    @Test
    void poseFindsOnePersonWithShouldersAboveHips() throws IOException {
        for (String model : List.of("pose_landmark_lite.tflite", "pose_landmark_full.tflite")) {
            try (PoseLandmarker landmarker = Backends.poseLandmarker(model, new PoseLandmarker.Options())) {
                Optional<PoseLandmarks> found = landmarker.detect(astronaut);
                assertThat(found).as(model).isPresent();
                PoseLandmarks pose = found.get();
                write(new AnnotatedImage(astronaut).pose(pose), "pose-" + model.replace(".tflite", "") + ".png");
                assertThat(pose.landmarks()).hasSize(33);
                List<Landmark> lm = pose.landmarks();
                float shoulders = Math.max(lm.get(PoseLandmarks.LEFT_SHOULDER).y(),
                        lm.get(PoseLandmarks.RIGHT_SHOULDER).y());
                float hips = Math.min(lm.get(PoseLandmarks.LEFT_HIP).y(), lm.get(PoseLandmarks.RIGHT_HIP).y());
                assertThat(shoulders).as(model).isLessThan(hips);
                // The nose is in the face, the shoulders are visible and on the correct sides (the person's left
                // shoulder is on the image's right).
                assertThat(ASTRONAUT_FACE.contains(lm.get(PoseLandmarks.NOSE).x(), lm.get(PoseLandmarks.NOSE).y()))
                        .isTrue();
                assertThat(lm.get(PoseLandmarks.LEFT_SHOULDER).visibility()).isGreaterThan(0.5f);
                assertThat(lm.get(PoseLandmarks.LEFT_SHOULDER).x())
                        .isGreaterThan(lm.get(PoseLandmarks.RIGHT_SHOULDER).x());
                SegmentationMask mask = pose.segmentation();
                assertThat(mask.width()).isEqualTo(512);
                assertThat(mask.get(220, 130)).as("face").isGreaterThan(0.5f);
                assertThat(mask.get(120, 400)).as("suit").isGreaterThan(0.5f);
                assertThat(mask.get(330, 60)).as("wall").isLessThan(0.5f);
            }
        }
    }

    @Test
    void selfieMaskCoversThePersonNotTheBackground() throws IOException {
        try (SelfieSegmenter segmenter = Backends.selfieSegmenter()) {
            SegmentationMask mask = segmenter.segment(astronaut);
            write(new AnnotatedImage(astronaut).mask(mask, new Color(0, 160, 255), 0.6f), "selfie-astronaut.png");
            assertThat(mask.width()).isEqualTo(512);
            assertThat(mask.height()).isEqualTo(512);
            // Person: face, hair, suit chest, suit arm.
            int[][] person = {{220, 130}, {230, 40}, {240, 350}, {60, 420}};
            // Background: wall left of the hair, wall top right, the flag, the shuttle model.
            int[][] background = {{110, 60}, {330, 40}, {20, 60}, {400, 150}};
            for (int[] p : person) {
                assertThat(mask.get(p[0], p[1])).as("person at (%d, %d)", p[0], p[1]).isGreaterThan(0.8f);
            }
            for (int[] p : background) {
                assertThat(mask.get(p[0], p[1])).as("background at (%d, %d)", p[0], p[1]).isLessThan(0.2f);
            }
            SegmentationMask cup = segmenter.segment(coffee);
            write(new AnnotatedImage(coffee).mask(cup, new Color(0, 160, 255), 0.6f), "selfie-coffee.png");
        }
    }

    @Test
    void palmDetectorFindsNoPalmAndIsTheHandLandmarkersFirstStage() throws IOException {
        try (PalmDetector detector = Backends.palmDetector(new PalmDetector.Options())) {
            // Neither photo shows a hand: the astronaut's are below the frame (a glove's edge shows at the bottom).
            List<Detection> onAstronaut = detector.detect(astronaut);
            write(new AnnotatedImage(astronaut).detections(onAstronaut, Color.RED), "palms-astronaut.png");
            assertThat(onAstronaut).as("palms on astronaut.png").isEmpty();
            assertThat(detector.detect(coffee)).as("palms on coffee.png").isEmpty();
            assertThat(detector.lastTimings().inferenceNanos()).isPositive();
        }
        // With every threshold at zero, the hand landmarker's palms are exactly the palm detector's best ones.
        try (PalmDetector detector = Backends.palmDetector(new PalmDetector.Options().minScore(0).maxResults(2));
                HandLandmarker hands = Backends.handLandmarker("hand_landmark_lite.tflite",
                        new HandLandmarker.Options().minDetectionScore(0).minPresence(0).maxHands(2))) {
            List<Detection> palms = detector.detect(astronaut);
            List<HandLandmarks> found = hands.detect(astronaut);
            assertThat(palms).hasSize(2);
            assertThat(found).hasSize(2);
            for (int i = 0; i < palms.size(); i++) {
                Detection palm = palms.get(i);
                System.out.printf("best palm candidate #%d on astronaut.png: score %.4f box %s%n", i, palm.score(),
                        palm.box());
                assertThat(palm.label()).isEqualTo("palm");
                assertThat(palm.score()).isLessThan(0.5f);
                assertThat(palm.keypoints()).hasSize(7);
                assertThat(found.get(i).palm()).isEqualTo(palm);
            }
        }
    }

    @Test
    void handLandmarkerFindsNoHandWhereThereIsNone() throws IOException {
        for (String model : List.of("hand_landmark_lite.tflite", "hand_landmark_full.tflite")) {
            try (HandLandmarker landmarker = Backends.handLandmarker(model, new HandLandmarker.Options())) {
                List<HandLandmarks> hands = landmarker.detect(coffee);
                assertThat(hands).as(model + " on coffee.png").isEmpty();
                List<HandLandmarks> astronautHands = landmarker.detect(astronaut);
                AnnotatedImage picture = new AnnotatedImage(astronaut);
                astronautHands.forEach(picture::hand);
                write(picture, "hands-" + model.replace(".tflite", "") + ".png");
            }
        }
    }
}
