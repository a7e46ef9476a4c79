package dev.jlite.cli;

import dev.jlite.tasks.Detection;
import dev.jlite.tasks.ObjectDetector;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlite detect objects}: SSD MobileNetV2 (Open Images v4) object detection. */
@Command(name = "objects", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Finds objects of 23 everyday classes (cups, laptops, chairs, people, ...): label, score, box.",
        footer = {"", VisionCommand.MODELS_FOOTER})
final class ObjectsCommand extends VisionCommand {
    @Option(names = "--model", paramLabel = "MODEL",
            defaultValue = "object_detection_ssd_mobilenetv2_oidv4_fp16.tflite",
            description = "The detection model (default ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--labels", paramLabel = "FILE", defaultValue = ObjectDetector.DEFAULT_LABEL_MAP,
            description = "The label map, one class a line, background first (default ${DEFAULT-VALUE}).")
    String labels;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5",
            description = "Drop objects scoring below S (default ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--max-results", paramLabel = "N", defaultValue = "5",
            description = "At most N objects, best first (default ${DEFAULT-VALUE}; -1 for all).")
    int maxResults;

    @Override
    void run(BufferedImage picture, Report report) {
        Path file = model(modelName);
        Path labelMap = model(labels);
        ObjectDetector.Options options = new ObjectDetector.Options().minScore(minScore).maxResults(maxResults)
                .labelMap(labelMap).numThreads(threads);
        try (ObjectDetector detector = ObjectDetector.create(file, options)) {
            List<Detection> objects = detector.detect(picture);
            report.model("model", file);
            report.model("labels", labelMap);
            report.line(plural(objects.size(), "object") + (objects.isEmpty() ? "" : ":"));
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                report.line(line(i, objects.get(i)));
                list.add(json(objects.get(i)));
            }
            report.put("objects", list);
            report.timings(detector.lastTimings());
            report.picture.detections(objects, Color.RED);
        }
    }
}
