package dev.jlite.cli;

import dev.jlite.tasks.HandLandmarker;
import dev.jlite.tasks.HandLandmarks;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlite landmarks hands}: palm detection, then 21 hand landmarks per hand. */
@Command(name = "hands", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Finds hands: 21 landmarks each (wrist, then four per finger), handedness and presence.",
        footer = {"", "Handedness is MediaPipe's, which assumes a mirrored (selfie) image.",
            VisionCommand.MODELS_FOOTER})
final class HandsCommand extends VisionCommand {
    static final String LITE = "hand_landmark_lite.tflite";
    static final String FULL = "hand_landmark_full.tflite";

    @Option(names = "--model", paramLabel = "MODEL", description = "The landmark model (default " + LITE + ").")
    String modelName;

    @Option(names = "--full", description = "Use " + FULL + ".")
    boolean full;

    @Option(names = "--detector", paramLabel = "MODEL", defaultValue = HandLandmarker.DEFAULT_DETECTOR,
            description = "The palm detection model (default ${DEFAULT-VALUE}).")
    String detectorName;

    @Option(names = "--max-hands", paramLabel = "N", defaultValue = "2",
            description = "At most N hands (default ${DEFAULT-VALUE}).")
    int maxHands;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5",
            description = "Drop palms scoring below S (default ${DEFAULT-VALUE}).")
    float minScore;

    @Override
    void run(BufferedImage picture, Report report) {
        Path file = model(variant(modelName, full, LITE, FULL));
        Path detector = model(detectorName);
        HandLandmarker.Options options = new HandLandmarker.Options().palmModel(detector).maxHands(maxHands)
                .minDetectionScore(minScore).numThreads(threads);
        try (HandLandmarker landmarker = HandLandmarker.create(file, options)) {
            List<HandLandmarks> hands = landmarker.detect(picture);
            report.model("model", file);
            report.model("detector", detector);
            report.line(plural(hands.size(), "hand") + (hands.isEmpty() ? "" : ":"));
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < hands.size(); i++) {
                HandLandmarks h = hands.get(i);
                report.line(String.format(Locale.ROOT, "  #%d %s %.3f, presence %.3f, palm %.3f box %s, wrist (%.1f, "
                        + "%.1f)", i, h.handedness(), h.handednessScore(), h.presence(), h.palm().score(),
                        box(h.palm().box()), h.landmarks().get(0).x(), h.landmarks().get(0).y()));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("handedness", h.handedness());
                m.put("handedness_score", (double) h.handednessScore());
                m.put("presence", (double) h.presence());
                m.put("palm", json(h.palm()));
                m.put("roi", json(h.roi()));
                m.put("landmarks", json(h.landmarks()));
                list.add(m);
                report.picture.hand(h);
            }
            report.put("hands", list);
            report.timings(landmarker.lastTimings());
        }
    }
}
