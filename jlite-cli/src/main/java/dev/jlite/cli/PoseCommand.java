package dev.jlite.cli;

import dev.jlite.tasks.Landmark;
import dev.jlite.tasks.PoseLandmarker;
import dev.jlite.tasks.PoseLandmarks;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlite landmarks pose}: pose detection, then 33 body landmarks and the person mask. */
@Command(name = "pose", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Finds one person's pose: 33 landmarks with visibility, and a person segmentation mask "
                + "(drawn translucent with -o).",
        footer = {"", VisionCommand.MODELS_FOOTER})
final class PoseCommand extends VisionCommand {
    private static final String[] NAMED = {"nose", "left shoulder", "right shoulder", "left hip", "right hip"};
    private static final int[] NAMED_INDEX = {PoseLandmarks.NOSE, PoseLandmarks.LEFT_SHOULDER,
        PoseLandmarks.RIGHT_SHOULDER, PoseLandmarks.LEFT_HIP, PoseLandmarks.RIGHT_HIP};

    static final String LITE = "pose_landmark_lite.tflite";
    static final String FULL = "pose_landmark_full.tflite";

    @Option(names = "--model", paramLabel = "MODEL", description = "The landmark model (default " + LITE + ").")
    String modelName;

    @Option(names = "--full", description = "Use " + FULL + ".")
    boolean full;

    @Option(names = "--detector", paramLabel = "MODEL", defaultValue = PoseLandmarker.DEFAULT_DETECTOR,
            description = "The pose detection model (default ${DEFAULT-VALUE}).")
    String detectorName;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.5",
            description = "Drop a detection scoring below S (default ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--no-segmentation", description = "Skip the person mask.")
    boolean noSegmentation;

    @Override
    void run(BufferedImage picture, Report report) {
        Path file = model(variant(modelName, full, LITE, FULL));
        Path detector = model(detectorName);
        PoseLandmarker.Options options = new PoseLandmarker.Options().detectorModel(detector)
                .minDetectionScore(minScore).segmentation(!noSegmentation).numThreads(threads);
        try (PoseLandmarker landmarker = PoseLandmarker.create(file, options)) {
            Optional<PoseLandmarks> found = landmarker.detect(picture);
            report.model("model", file);
            report.model("detector", detector);
            if (found.isEmpty()) {
                report.line("no person");
                report.put("pose", null);
            } else {
                PoseLandmarks p = found.get();
                report.line(String.format(Locale.ROOT, "1 person, presence %.3f, detection %.3f box %s", p.presence(),
                        p.detection().score(), box(p.detection().box())));
                for (int i = 0; i < NAMED.length; i++) {
                    Landmark l = p.landmarks().get(NAMED_INDEX[i]);
                    report.line(String.format(Locale.ROOT, "  %-14s (%.1f, %.1f) visibility %.2f", NAMED[i], l.x(),
                            l.y(), l.visibility()));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("presence", (double) p.presence());
                m.put("detection", json(p.detection()));
                m.put("roi", json(p.roi()));
                m.put("landmarks", json(p.landmarks()));
                if (p.segmentation() != null) {
                    float coverage = p.segmentation().coverage(0.5f);
                    report.line(String.format(Locale.ROOT, "  mask: %.1f%% of the image is the person",
                            100 * coverage));
                    m.put("mask_coverage", (double) coverage);
                }
                report.put("pose", m);
                report.picture.pose(p);
            }
            report.timings(landmarker.lastTimings());
        }
    }
}
