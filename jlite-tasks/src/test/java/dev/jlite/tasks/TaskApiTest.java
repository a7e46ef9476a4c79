package dev.jlite.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options validation, file errors, model mismatches and drawing, without running a model. */
class TaskApiTest {
    @TempDir
    Path tmp;

    @Test
    void optionsRejectOutOfRangeValues() {
        assertThatThrownBy(() -> new FaceDetector.Options().minScore(1.5f)).hasMessageContaining("minScore");
        assertThatThrownBy(() -> new FaceDetector.Options().minScore(Float.NaN)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new FaceDetector.Options().maxResults(0)).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> new ObjectDetector.Options().maxResults(-2)).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> new ObjectDetector.Options().numThreads(0)).hasMessageContaining("numThreads");
        assertThatThrownBy(() -> new HandLandmarker.Options().maxHands(0)).hasMessageContaining("maxHands");
        assertThatThrownBy(() -> new HandLandmarker.Options().minPresence(-0.1f)).hasMessageContaining("minPresence");
        assertThatThrownBy(() -> new PalmDetector.Options().minScore(-0.5f)).hasMessageContaining("minScore");
        assertThatThrownBy(() -> new PalmDetector.Options().maxResults(0)).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> new FaceLandmarker.Options().maxFaces(-1)).hasMessageContaining("maxFaces");
        assertThatThrownBy(() -> new PoseLandmarker.Options().minDetectionScore(2))
                .hasMessageContaining("minDetectionScore");
        assertThatThrownBy(() -> new SelfieSegmenter.Options().numThreads(-3)).hasMessageContaining("numThreads");
        // Defaults and in-range values are accepted.
        new FaceDetector.Options().minScore(0).minScore(1).maxResults(-1).maxResults(3).numThreads(2);
    }

    @Test
    void unreadableImagesFailWithTheReason() throws IOException {
        assertThatThrownBy(() -> Images.read(tmp.resolve("missing.png"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.png");
        Path text = Files.writeString(tmp.resolve("notes.png"), "not an image");
        assertThatThrownBy(() -> Images.read(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot decode image").hasMessageContaining("notes.png")
                .hasMessageContaining("png");
        Path truncated = tmp.resolve("truncated.png");
        byte[] png = Files.readAllBytes(TestFiles.image("coffee.png"));
        Files.write(truncated, java.util.Arrays.copyOf(png, 100));
        assertThatThrownBy(() -> Images.read(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated.png");
        assertThatThrownBy(() -> Images.read(tmp)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void wrongModelsAreRejectedAtCreation() {
        Path selfie = TestFiles.model("selfie_segmentation.tflite");
        assertThatThrownBy(() -> FaceDetector.create(Backends.runner("selfie_segmentation.tflite"),
                new FaceDetector.Options())).hasMessageContaining("neither BlazeFace");
        assertThatThrownBy(() -> PalmDetector.create(Backends.runner("face_detection_short_range.tflite"),
                new PalmDetector.Options())).hasMessageContaining("palm detection");
        assertThatThrownBy(() -> HandLandmarker.create(Backends.runner("face_detection_short_range.tflite"),
                Backends.runner("hand_landmark_lite.tflite"), new HandLandmarker.Options()))
                .hasMessageContaining("palm detection");
        assertThatThrownBy(() -> HandLandmarker.create(tmp.resolve("hand.tflite"), new HandLandmarker.Options()))
                .hasMessageContaining("no detector model given").hasMessageContaining("palm_detection_lite.tflite");
        assertThat(selfie).exists();
    }

    @Test
    void annotatedImageDrawsWithoutTouchingTheSource() throws IOException {
        BufferedImage source = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        Detection d = new Detection(new BoundingBox(10, 10, 40, 30), 0.87f, 3, "thing",
                List.of(new Point(20, 20)));
        float[] m = new float[64 * 48];
        m[0] = 1;
        AnnotatedImage picture = new AnnotatedImage(source).mask(new SegmentationMask(64, 48, m), Color.BLUE, 0.5f)
                .detection(d, Color.RED).rotatedRect(new RotatedRect(32, 24, 20, 10, 0.5f), Color.YELLOW);
        assertThat(source.getRGB(10, 20) & 0xFFFFFF).isZero();
        assertThat(picture.image().getRGB(10, 20) & 0xFF0000).isNotZero(); // the box's left edge
        assertThat(picture.image().getRGB(0, 0) & 0xFF).isBetween(100, 160); // half-tinted blue
        assertThat(picture.image().getRGB(63, 47)).isEqualTo(0xFF000000); // untouched corner
        Path png = tmp.resolve("out.png");
        picture.writePng(png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(64);
        assertThatThrownBy(() -> new AnnotatedImage(source).mask(new SegmentationMask(2, 2, new float[4]),
                Color.BLUE, 0.5f)).hasMessageContaining("does not match");
    }

    @Test
    void geometry() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        assertThat(a.iou(new BoundingBox(5, 0, 15, 10))).isEqualTo(50f / 150f);
        assertThat(a.iou(new BoundingBox(20, 20, 30, 30))).isZero();
        assertThatThrownBy(() -> new BoundingBox(5, 0, 4, 1)).hasMessageContaining("negative");
        RotatedRect r = new RotatedRect(10, 10, 4, 2, (float) Math.PI);
        assertThat(r.toImage(0, 0).x()).isCloseTo(12, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(r.toImage(0, 0).y()).isCloseTo(11, org.assertj.core.api.Assertions.within(1e-5f));
    }
}
