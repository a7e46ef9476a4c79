package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vision commands on the two real photos of shared/images (fetched by scripts/fetch-images.sh without it). */
class VisionCommandsTest {
    private static String astronaut;
    private static String coffee;
    private static String poseDetector;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        astronaut = image("astronaut.png").toString();
        coffee = image("coffee.png").toString();
        poseDetector = poseDetector().toString();
    }

    private static Path root() {
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("scripts/fetch-images.sh"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root not found above " + Paths.get("").toAbsolutePath());
    }

    private static Path image(String name) {
        Path shared = root().resolve("../shared/images").normalize().resolve(name);
        if (Files.isRegularFile(shared)) {
            return shared;
        }
        Path cache = Paths.get(System.getProperty("user.home"), ".cache", "jlite", "images");
        if (!Files.isRegularFile(cache.resolve(name))) {
            fetch("fetch-images.sh", "JLITE_IMAGES_CACHE", cache);
        }
        return cache.resolve(name);
    }

    /** The pose detector lives only in the fetch cache (it ships inside the npm package's packed assets). */
    private static Path poseDetector() {
        Path cache = Paths.get(System.getProperty("user.home"), ".cache", "jlite", "models");
        if (!Files.isRegularFile(cache.resolve("pose_detection.tflite"))) {
            fetch("fetch-models.sh", "JLITE_MODELS_CACHE", cache);
        }
        return cache.resolve("pose_detection.tflite");
    }

    private static void fetch(String script, String variable, Path cache) {
        ProcessBuilder pb = new ProcessBuilder("bash", root().resolve("scripts").resolve(script).toString())
                .inheritIO();
        pb.environment().put(variable, cache.toString());
        try {
            if (pb.start().waitFor() != 0) {
                throw new IllegalStateException("scripts/" + script + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void detectFacesPrintsTheFaceAndDrawsIt() throws IOException {
        Path png = dir.resolve("faces.png");
        Cli.Result r = Cli.run("detect", "faces", astronaut, "-o", png.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("image: " + astronaut + " (512x512)", "face_detection_short_range", "1 face:",
                "#0 face 0.9", "keypoints (", "wrote " + png);
        BufferedImage drawn = ImageIO.read(png.toFile());
        assertThat(drawn.getWidth()).isEqualTo(512);
        Cli.Result none = Cli.run("detect", "faces", coffee);
        assertThat(none.out()).contains("0 faces").doesNotContain("wrote");
    }

    @Test
    void detectFacesFullRangeJsonParses() {
        Cli.Result r = Cli.run("detect", "faces", astronaut, "--json", "--full");
        assertThat(r.status()).as(r.err()).isZero();
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(json.get("model").getAsString()).endsWith("face_detection_full_range.tflite");
        assertThat(json.get("width").getAsInt()).isEqualTo(512);
        JsonObject face = json.getAsJsonArray("faces").get(0).getAsJsonObject();
        assertThat(face.get("label").getAsString()).isEqualTo("face");
        assertThat(face.getAsJsonObject("box").get("left").getAsDouble()).isBetween(165.0, 195.0);
        assertThat(face.getAsJsonArray("keypoints")).hasSize(6);
        assertThat(json.getAsJsonObject("timings").get("inference_ms").getAsDouble()).isPositive();
    }

    @Test
    void detectObjectsFindsTheCup() {
        Cli.Result r = Cli.run("detect", "objects", coffee);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsAnyOf("#0 Coffee cup", "#0 Mug");
    }

    @Test
    void detectPalmsFindsNoneOnEitherPhoto() throws IOException {
        Path png = dir.resolve("palms.png");
        Cli.Result r = Cli.run("detect", "palms", astronaut, "-o", png.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("palm_detection_lite", "0 palms", "wrote " + png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(512);
        assertThat(Cli.run("detect", "palms", coffee).out()).contains("0 palms");
        // With no threshold the best candidate shows the output's shape: a scored box and seven keypoints.
        Cli.Result json = Cli.run("detect", "palms", astronaut, "--json", "--min-score", "0", "--max-results", "1");
        assertThat(json.status()).as(json.err()).isZero();
        JsonObject palm = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("palms").get(0)
                .getAsJsonObject();
        assertThat(palm.get("label").getAsString()).isEqualTo("palm");
        assertThat(palm.get("score").getAsDouble()).isLessThan(0.5);
        assertThat(palm.getAsJsonArray("keypoints")).hasSize(7);
    }

    @Test
    void landmarksHandsFindsNoneOnTheCoffee() {
        Cli.Result r = Cli.run("landmarks", "hands", coffee);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("hand_landmark_lite", "palm_detection_lite", "0 hands");
        assertThat(Cli.run("landmarks", "hands", coffee, "--full").out()).contains("hand_landmark_full", "0 hands");
    }

    @Test
    void landmarksPosePrintsLandmarksAndDrawsTheMask() throws IOException {
        Path png = dir.resolve("pose.png");
        Cli.Result r = Cli.run("landmarks", "pose", astronaut, "--detector", poseDetector, "-o", png.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("pose_landmark_lite", "1 person", "left shoulder", "mask: ");
        BufferedImage drawn = ImageIO.read(png.toFile());
        assertThat(drawn.getHeight()).isEqualTo(512);
        // The mask is drawn translucent: the wall beside the hair keeps its colour, the face is tinted blue but
        // still shows through.
        BufferedImage photo = ImageIO.read(Path.of(astronaut).toFile());
        assertThat(drawn.getRGB(110, 60)).isEqualTo(photo.getRGB(110, 60));
        int face = drawn.getRGB(220, 130);
        int original = photo.getRGB(220, 130);
        assertThat(face & 0xFF).as("blue").isGreaterThan(original & 0xFF);
        assertThat(face >> 16 & 0xFF).as("red").isGreaterThan(40).isLessThan(original >> 16 & 0xFF);
        Cli.Result json = Cli.run("landmarks", "pose", astronaut, "--detector", poseDetector, "--full",
                "--no-segmentation", "--json");
        assertThat(json.status()).as(json.err()).isZero();
        JsonObject root = JsonParser.parseString(json.out()).getAsJsonObject();
        assertThat(root.get("model").getAsString()).endsWith("pose_landmark_full.tflite");
        JsonObject pose = root.getAsJsonObject("pose");
        assertThat(pose.getAsJsonArray("landmarks")).hasSize(33);
        assertThat(pose.getAsJsonArray("landmarks").get(0).getAsJsonArray()).hasSize(5);
        assertThat(pose.has("mask_coverage")).isFalse();
    }

    @Test
    void landmarksFaceHas468Points() {
        Cli.Result r = Cli.run("landmarks", "face", astronaut);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 face:", "468 landmarks");
    }

    @Test
    void segmentWritesTheOverlayAndTheMask() throws IOException {
        Path overlay = dir.resolve("overlay.png");
        Path mask = dir.resolve("mask.png");
        Cli.Result r = Cli.run("segment", coffee, "-o", overlay.toString(), "--mask", mask.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("person: ", "wrote " + mask, "wrote " + overlay);
        BufferedImage gray = ImageIO.read(mask.toFile());
        assertThat(gray.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(gray.getWidth()).isEqualTo(600);
        assertThat(gray.getHeight()).isEqualTo(400);
        assertThat(ImageIO.read(overlay.toFile()).getWidth()).isEqualTo(600);
        Cli.Result person = Cli.run("segment", astronaut, "--mask", mask.toString());
        assertThat(person.status()).as(person.err()).isZero();
        gray = ImageIO.read(mask.toFile());
        assertThat(gray.getRaster().getSample(220, 130, 0)).as("face").isGreaterThan(200);
        assertThat(gray.getRaster().getSample(330, 40, 0)).as("wall").isLessThan(50);
    }

    @Test
    void badInputsAreOneLineUsageErrors() throws IOException {
        Cli.Result missing = Cli.run("detect", "faces", dir.resolve("none.png").toString());
        assertThat(missing.status()).isEqualTo(CliException.USAGE);
        assertThat(missing.err().strip()).contains("none.png").doesNotContain("\n");
        Path text = Files.writeString(dir.resolve("text.png"), "hello");
        Cli.Result undecodable = Cli.run("segment", text.toString());
        assertThat(undecodable.status()).isEqualTo(CliException.USAGE);
        assertThat(undecodable.err()).contains("cannot decode image");
        Cli.Result score = Cli.run("detect", "palms", astronaut, "--min-score", "2");
        assertThat(score.status()).isEqualTo(CliException.USAGE);
        assertThat(score.err()).contains("minScore must be in [0, 1]");
        Cli.Result wrongModel = Cli.run("detect", "faces", astronaut, "--model", "selfie_segmentation");
        assertThat(wrongModel.status()).isEqualTo(CliException.USAGE);
        assertThat(wrongModel.err()).contains("neither BlazeFace");
        Cli.Result both = Cli.run("landmarks", "pose", astronaut, "--model", "pose_landmark_lite", "--full");
        assertThat(both.status()).isEqualTo(CliException.USAGE);
        assertThat(both.err()).contains("--model and --full exclude each other");
        assertThat(Cli.run("detect", "faces").status()).isEqualTo(CliException.USAGE);
        for (String group : new String[] {"detect", "landmarks"}) {
            Cli.Result noTask = Cli.run(group);
            assertThat(noTask.status()).isEqualTo(CliException.USAGE);
            assertThat(noTask.err().strip()).contains("jlite " + group + ": missing task").doesNotContain("\n");
        }
        assertThat(Cli.run("detect", "hands", astronaut).status()).isEqualTo(CliException.USAGE);
        assertThat(Cli.run("faces", astronaut).status()).as("the old command is gone").isEqualTo(CliException.USAGE);
    }
}
