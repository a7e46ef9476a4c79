package dev.jlite.tasks;

import dev.jlite.tasks.processing.AnchorOptions;
import dev.jlite.tasks.processing.DecoderOptions;
import dev.jlite.tasks.processing.InterpreterRunner;
import dev.jlite.tasks.processing.ModelRunner;
import dev.jlite.tasks.processing.NonMaxSuppression;
import dev.jlite.tasks.processing.RgbImage;
import dev.jlite.tasks.processing.SsdDetector;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects objects with MediaPipe's SSD MobileNetV2 trained on Open Images v4
 * ({@code object_detection_ssd_mobilenetv2_oidv4_fp16.tflite}, 300x300, 23 classes plus background), as
 * mediapipe/modules/objectron/object_detection_oid_v4_cpu.pbtxt does: the image stretched to 300x300 (INTER_AREA
 * when shrinking), values in [-1, 1], SSD decoding with exponential box sizes, non-max suppression at IoU 0.4.
 * Not thread-safe: use one instance per thread.
 */
public final class ObjectDetector implements AutoCloseable {
    /** The label map MediaPipe ships beside the model; looked for in the model's folder when none is given. */
    public static final String DEFAULT_LABEL_MAP = "object_detection_oidv4_labelmap.txt";

    /** Detection settings. */
    public static final class Options {
        private float minScore = 0.5f;
        private int maxResults = 5;
        private int numThreads = 1;
        private Path labelMap;

        /** Objects scoring below this are dropped (default 0.5; MediaPipe's Objectron graph uses 0.6). */
        public Options minScore(float minScore) {
            this.minScore = TaskOptions.probability("minScore", minScore);
            return this;
        }

        /** At most this many objects, best first (default 5, -1 for all). */
        public Options maxResults(int maxResults) {
            this.maxResults = TaskOptions.maxResults(maxResults);
            return this;
        }

        /** Interpreter threads (default 1). */
        public Options numThreads(int numThreads) {
            this.numThreads = TaskOptions.threads(numThreads);
            return this;
        }

        /**
         * The label map: one class name a line, line 0 the background (default: {@value #DEFAULT_LABEL_MAP} in the
         * model's folder if it is there, else labels "class N").
         */
        public Options labelMap(Path labelMap) {
            this.labelMap = labelMap;
            return this;
        }
    }

    private final SsdDetector detector;
    private final Options options;
    private final List<String> labels;
    private Timings timings = new Timings(0, 0);

    private ObjectDetector(SsdDetector detector, Options options, List<String> labels) {
        this.detector = detector;
        this.options = options;
        this.labels = labels;
    }

    /** Loads the model and its label map. */
    public static ObjectDetector create(Path model, Options options) {
        Path map = options.labelMap;
        if (map == null && model.toAbsolutePath().getParent() != null) {
            Path sibling = model.toAbsolutePath().getParent().resolve(DEFAULT_LABEL_MAP);
            map = Files.isRegularFile(sibling) ? sibling : null;
        }
        List<String> labels = map == null ? null : readLabels(map);
        return create(InterpreterRunner.open(model, options.numThreads), options, labels);
    }

    static ObjectDetector create(ModelRunner runner, Options options, List<String> labels) {
        try {
            runner.requireImageInput("object detection", 300, 300);
            int classes = ModelRunner.elements(runner.outputShape(1)) / 1917;
            if (classes < 2 || ModelRunner.elements(runner.outputShape(1)) != 1917 * classes) {
                throw new IllegalArgumentException("object detection: score output "
                        + java.util.Arrays.toString(runner.outputShape(1)) + " is not [1, 1917, classes]");
            }
            if (labels != null && labels.size() != classes) {
                throw new IllegalArgumentException("object detection: the label map has " + labels.size()
                        + " lines, the model " + classes + " classes");
            }
            if (labels == null) {
                labels = new ArrayList<>();
                for (int i = 0; i < classes; i++) {
                    labels.add("class " + i);
                }
            }
            SsdDetector.Config config = new SsdDetector.Config("object detection", SsdDetector.Fit.STRETCH, -1f, 1f,
                    AnchorOptions.ssdMobileNetV2Oid(), DecoderOptions.ssdMobileNetV2Oid(classes, 0.5f),
                    NonMaxSuppression.Algorithm.DEFAULT, 0.4f, 0, 1);
            return new ObjectDetector(new SsdDetector(runner, config), options, List.copyOf(labels));
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    private static List<String> readLabels(Path map) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(map));
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            return lines.stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label map " + map + ": " + e.getMessage(), e);
        }
    }

    /** The class names, index 0 being the background. */
    public List<String> labels() {
        return labels;
    }

    /** Objects in the image, best first, in image pixels. */
    public List<Detection> detect(BufferedImage image) {
        long t0 = System.nanoTime();
        List<Detection> found = detector.detect(RgbImage.of(image), options.minScore, options.maxResults,
                labels::get);
        timings = new Timings(System.nanoTime() - t0, detector.runner().lastInferenceNanos());
        return found;
    }

    /** Objects in an image file. */
    public List<Detection> detect(Path image) throws IOException {
        return detect(Images.read(image));
    }

    /** Timing of the last {@link #detect} call. */
    public Timings lastTimings() {
        return timings;
    }

    @Override
    public void close() {
        detector.close();
    }
}
