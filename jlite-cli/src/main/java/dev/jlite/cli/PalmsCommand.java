package dev.jlite.cli;

import dev.jlite.tasks.Detection;
import dev.jlite.tasks.PalmDetector;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlite detect palms}: palm detection alone, the first stage of {@code landmarks hands}. */
@Command(name = "palms", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Finds palms: box, score and seven keypoints each (wrist, the four finger bases, two thumb "
                + "points), in pixels.", "This is the first stage of 'jlite landmarks hands', run alone."},
        footer = {"", VisionCommand.MODELS_FOOTER})
final class PalmsCommand extends VisionCommand {
    @Option(names = "--model", paramLabel = "MODEL", defaultValue = PalmDetector.DEFAULT_MODEL,
            description = "The palm detection model (default ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5",
            description = "Drop palms scoring below S (default ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--max-results", paramLabel = "N", defaultValue = "-1",
            description = "At most N palms, best first (default all).")
    int maxResults;

    @Override
    void run(BufferedImage picture, Report report) {
        Path file = model(modelName);
        PalmDetector.Options options = new PalmDetector.Options().minScore(minScore).maxResults(maxResults)
                .numThreads(threads);
        try (PalmDetector detector = PalmDetector.create(file, options)) {
            List<Detection> palms = detector.detect(picture);
            report.model("model", file);
            report.line(plural(palms.size(), "palm") + (palms.isEmpty() ? "" : ":"));
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < palms.size(); i++) {
                report.line(line(i, palms.get(i)));
                list.add(json(palms.get(i)));
            }
            report.put("palms", list);
            report.timings(detector.lastTimings());
            report.picture.detections(palms, Color.RED);
        }
    }
}
