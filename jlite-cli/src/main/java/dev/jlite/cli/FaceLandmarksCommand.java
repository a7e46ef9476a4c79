package dev.jlite.cli;

import dev.jlite.tasks.FaceLandmarker;
import dev.jlite.tasks.FaceLandmarks;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlite landmarks face}: face detection, then 468 face mesh landmarks. */
@Command(name = "face", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Finds faces and their 468-point face mesh.",
        footer = {"", VisionCommand.MODELS_FOOTER})
final class FaceLandmarksCommand extends VisionCommand {
    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "face_landmark.tflite",
            description = "The face mesh model (default ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--detector", paramLabel = "MODEL", defaultValue = FaceLandmarker.DEFAULT_DETECTOR,
            description = "The face detection model (default ${DEFAULT-VALUE}).")
    String detectorName;

    @Option(names = "--max-faces", paramLabel = "N", defaultValue = "1",
            description = "At most N faces (default ${DEFAULT-VALUE}).")
    int maxFaces;

    @Override
    void run(BufferedImage picture, Report report) {
        Path file = model(modelName);
        Path detector = model(detectorName);
        FaceLandmarker.Options options = new FaceLandmarker.Options().detectorModel(detector).maxFaces(maxFaces)
                .numThreads(threads);
        try (FaceLandmarker landmarker = FaceLandmarker.create(file, options)) {
            List<FaceLandmarks> faces = landmarker.detect(picture);
            report.model("model", file);
            report.model("detector", detector);
            report.line(plural(faces.size(), "face") + (faces.isEmpty() ? "" : ":"));
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < faces.size(); i++) {
                FaceLandmarks f = faces.get(i);
                report.line(String.format(Locale.ROOT, "  #%d %d landmarks, presence %.3f, face %.3f box %s", i,
                        f.landmarks().size(), f.presence(), f.face().score(), box(f.face().box())));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("presence", (double) f.presence());
                m.put("face", json(f.face()));
                m.put("roi", json(f.roi()));
                m.put("landmarks", json(f.landmarks()));
                list.add(m);
                report.picture.face(f);
            }
            report.put("faces", list);
            report.timings(landmarker.lastTimings());
        }
    }
}
