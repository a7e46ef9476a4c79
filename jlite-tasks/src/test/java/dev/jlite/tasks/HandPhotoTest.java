package dev.jlite.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Palm detection and hand landmarks on a real photo of one open hand (src/test/resources/photos/SOURCES.md says where
 * it comes from), with expectations measured by looking at it: the wrist at the left edge around y = 270, the
 * fingers pointing right, the fingertips between x = 240 and x = 540.
 */
class HandPhotoTest {
    /** The hand, wrist to fingertips, measured by hand. */
    static final BoundingBox HAND = new BoundingBox(0, 0, 545, 450);
    static BufferedImage hand;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        hand = Images.read(Path.of(HandPhotoTest.class.getResource("/photos/hand.jpg").toURI()));
    }

    @Test
    void palmDetectorFindsTheOnePalm() throws IOException {
        try (PalmDetector detector = Backends.palmDetector(new PalmDetector.Options())) {
            List<Detection> palms = detector.detect(hand);
            new AnnotatedImage(hand).detections(palms, Color.RED)
                    .writePng(TestFiles.outputDir().resolve("palms-hand.png"));
            assertThat(palms).hasSize(1);
            assertThat(palms.get(0).score()).isGreaterThan(0.9f);
            assertThat(palms.get(0).keypoints()).hasSize(7);
            // The palm's box holds the palm, left of the fingers' middle.
            assertThat(palms.get(0).box().iou(new BoundingBox(0, 100, 290, 390))).isGreaterThan(0.5f);
        }
    }

    @Test
    void handLandmarkerPutsTheWristLeftAndTheFingertipsRight() throws IOException {
        for (String model : List.of("hand_landmark_lite.tflite", "hand_landmark_full.tflite")) {
            try (HandLandmarker landmarker = Backends.handLandmarker(model, new HandLandmarker.Options())) {
                List<HandLandmarks> hands = landmarker.detect(hand);
                AnnotatedImage picture = new AnnotatedImage(hand);
                hands.forEach(picture::hand);
                picture.writePng(TestFiles.outputDir().resolve("hands-" + model.replace(".tflite", "") + "-hand.png"));
                assertThat(hands).as(model).hasSize(1);
                HandLandmarks h = hands.get(0);
                assertThat(h.presence()).as(model).isGreaterThan(0.9f);
                assertThat(h.landmarks()).hasSize(21);
                Landmark wrist = h.landmarks().get(0);
                assertThat(wrist.x()).as(model + " wrist x").isBetween(-20f, 60f);
                assertThat(wrist.y()).as(model + " wrist y").isBetween(220f, 320f);
                // Fingertips: thumb 4, index 8, middle 12, ring 16, pinky 20; all well right of the wrist.
                for (int tip : new int[] {4, 8, 12, 16, 20}) {
                    Landmark p = h.landmarks().get(tip);
                    assertThat(p.x()).as(model + " tip " + tip + " x").isBetween(230f, 560f);
                    assertThat(HAND.contains(p.x(), p.y())).as(model + " tip " + tip + " inside the hand").isTrue();
                }
                // The thumb is the upper finger in this photo, the pinky the lower one.
                assertThat(h.landmarks().get(4).y()).isLessThan(h.landmarks().get(20).y());
            }
        }
    }
}
