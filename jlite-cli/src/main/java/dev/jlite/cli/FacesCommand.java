package dev.jlite.cli;

import dev.jlite.tasks.Detection;
import dev.jlite.tasks.FaceDetector;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlite detect faces}: BlazeFace face detection. */
@Command(name = "faces", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Finds faces: box, score and six keypoints (eyes, nose tip, mouth, ears) each, in pixels.",
        footer = {"", "MODEL is face_detection_short_range (faces within ~2 m, the default) or "
                + "face_detection_full_range (~5 m, --full).",
            VisionCommand.MODELS_FOOTER})
final class FacesCommand extends VisionCommand {
    static final String SHORT_RANGE = "face_detection_short_range.tflite";
    static final String FULL_RANGE = "face_detection_full_range.tflite";

    @Option(names = "--model", paramLabel = "MODEL",
            description = "The BlazeFace model (default " + SHORT_RANGE + ").")
    String modelName;

    @Option(names = "--full", description = "Use " + FULL_RANGE + " (faces up to ~5 m).")
    boolean full;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5",
            description = "Drop faces scoring below S (default ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--max-results", paramLabel = "N", defaultValue = "-1",
            description = "At most N faces, best first (default all).")
    int maxResults;

    @Override
    void run(BufferedImage picture, Report report) {
        Path file = model(variant(modelName, full, SHORT_RANGE, FULL_RANGE));
        FaceDetector.Options options = new FaceDetector.Options().minScore(minScore).maxResults(maxResults)
                .numThreads(threads);
        try (FaceDetector detector = FaceDetector.create(file, options)) {
            List<Detection> faces = detector.detect(picture);
            report.model("model", file);
            report.line(plural(faces.size(), "face") + (faces.isEmpty() ? "" : ":"));
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < faces.size(); i++) {
                report.line(line(i, faces.get(i)));
                list.add(json(faces.get(i)));
            }
            report.put("faces", list);
            report.timings(detector.lastTimings());
            report.picture.detections(faces, Color.RED);
        }
    }
}
