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
    void facesPrintsTheFaceAndDrawsIt() throws IOException {
        Path png = dir.resolve("faces.png");
        Cli.Result r = Cli.run("faces", astronaut, "-o", png.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("image: " + astronaut + " (512x512)", "1 face:", "#0 face 0.9", "keypoints (",
                "wrote " + png);
        BufferedImage drawn = ImageIO.read(png.toFile());
        assertThat(drawn.getWidth()).isEqualTo(512);
        assertThat(Cli.run("faces", coffee).out()).contains("0 faces");
    }

    @Test
    void facesJsonParses() {
        Cli.Result r = Cli.run("faces", astronaut, "--json", "--model", "face_detection_full_range");
        assertThat(r.status()).as(r.err()).isZero();
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(json.get("width").getAsInt()).isEqualTo(512);
        JsonObject face = json.getAsJsonArray("faces").get(0).getAsJsonObject();
        assertThat(face.get("label").getAsString()).isEqualTo("face");
        assertThat(face.getAsJsonObject("box").get("left").getAsDouble()).isBetween(165.0, 195.0);
        assertThat(face.getAsJsonArray("keypoints")).hasSize(6);
        assertThat(json.getAsJsonObject("timings").get("inference_ms").getAsDouble()).isPositive();
    }

    @Test
    void objectsFindsTheCup() {
        Cli.Result r = Cli.run("objects", coffee);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsAnyOf("#0 Coffee cup", "#0 Mug");
    }

    @Test
    void handsFindsNoneOnTheCoffee() {
        Cli.Result r = Cli.run("hands", coffee, "--model", "hand_landmark_lite");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("0 hands");
    }

    @Test
    void posePrintsLandmarksAndMask() throws IOException {
        Path png = dir.resolve("pose.png");
        Cli.Result r = Cli.run("pose", astronaut, "--model", "pose_landmark_lite", "--detector", poseDetector,
                "-o", png.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 person", "left shoulder", "mask: ");
        assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(512);
        Cli.Result json = Cli.run("pose", astronaut, "--detector", poseDetector, "--no-segmentation", "--json");
        JsonObject pose = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("pose");
        assertThat(pose.getAsJsonArray("landmarks")).hasSize(33);
        assertThat(pose.getAsJsonArray("landmarks").get(0).getAsJsonArray()).hasSize(5);
        assertThat(pose.has("mask_coverage")).isFalse();
    }

    @Test
    void faceMeshHas468Points() {
        Cli.Result r = Cli.run("face-mesh", astronaut);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 face:", "468 landmarks");
    }

    @Test
    void selfieWritesTheMask() throws IOException {
        Path mask = dir.resolve("mask.png");
        Cli.Result r = Cli.run("selfie", astronaut, "--mask", mask.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("person: ", "wrote " + mask);
        BufferedImage gray = ImageIO.read(mask.toFile());
        assertThat(gray.getRaster().getSample(220, 130, 0)).as("face").isGreaterThan(200);
        assertThat(gray.getRaster().getSample(330, 40, 0)).as("wall").isLessThan(50);
    }

    @Test
    void badInputsAreOneLineUsageErrors() throws IOException {
        Cli.Result missing = Cli.run("faces", dir.resolve("none.png").toString());
        assertThat(missing.status()).isEqualTo(CliException.USAGE);
        assertThat(missing.err().strip()).contains("none.png").doesNotContain("\n");
        Path text = Files.writeString(dir.resolve("text.png"), "hello");
        Cli.Result undecodable = Cli.run("selfie", text.toString());
        assertThat(undecodable.status()).isEqualTo(CliException.USAGE);
        assertThat(undecodable.err()).contains("cannot decode image");
        Cli.Result score = Cli.run("faces", astronaut, "--min-score", "2");
        assertThat(score.status()).isEqualTo(CliException.USAGE);
        assertThat(score.err()).contains("minScore must be in [0, 1]");
        Cli.Result wrongModel = Cli.run("faces", astronaut, "--model", "selfie_segmentation");
        assertThat(wrongModel.status()).isEqualTo(CliException.USAGE);
        assertThat(wrongModel.err()).contains("neither BlazeFace");
        assertThat(Cli.run("faces").status()).isEqualTo(CliException.USAGE);
    }
}
