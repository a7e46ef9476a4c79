package dev.jlite.tasks.processing;

import dev.jlite.tasks.Detection;
import dev.jlite.tasks.RotatedRect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The detection half of MediaPipe's graphs: whole image to tensor, inference, anchor decoding, non-max suppression,
 * projection back to image pixels. One instance per model; not thread-safe.
 */
public final class SsdDetector implements AutoCloseable {

    /** How the whole image becomes the model input. */
    public enum Fit {
        /** Aspect ratio kept, black margins (ImageToTensorCalculator, keep_aspect_ratio, BORDER_ZERO). */
        LETTERBOX,
        /** Stretched to the input size (ImageTransformationCalculator in STRETCH mode). */
        STRETCH
    }

    /**
     * Everything model-specific.
     *
     * @param boxesOutput  index of the raw box output
     * @param scoresOutput index of the score output
     */
    public record Config(String task, Fit fit, float rangeMin, float rangeMax, AnchorOptions anchors,
            DecoderOptions decoder, NonMaxSuppression.Algorithm nms, float nmsThreshold, int boxesOutput,
            int scoresOutput) {
    }

    private final ModelRunner runner;
    private final Config config;
    private final Anchor[] anchors;
    private final int inputWidth;
    private final int inputHeight;

    /** Checks the model against the configuration: input size, box and score output sizes. */
    public SsdDetector(ModelRunner runner, Config config) {
        this.runner = runner;
        this.config = config;
        int[] hw = runner.requireImageInput(config.task(), config.anchors().inputHeight(),
                config.anchors().inputWidth());
        this.inputHeight = hw[0];
        this.inputWidth = hw[1];
        this.anchors = SsdAnchors.generate(config.anchors());
        DecoderOptions d = config.decoder();
        if (anchors.length != d.numBoxes()) {
            throw new IllegalStateException(config.task() + ": " + anchors.length + " anchors for " + d.numBoxes()
                    + " boxes");
        }
        int[] counts = new int[Math.max(config.boxesOutput(), config.scoresOutput()) + 1];
        Arrays.fill(counts, -1);
        counts[config.boxesOutput()] = d.numBoxes() * d.numCoords();
        counts[config.scoresOutput()] = d.numBoxes() * d.numClasses();
        runner.requireOutputs(config.task(), counts);
    }

    /** The model runner (for its timing). */
    public ModelRunner runner() {
        return runner;
    }

    /**
     * Detects objects in the whole image.
     *
     * @param minScore   score threshold (replaces the graph's min_score_thresh)
     * @param maxResults at most this many detections, best first; -1 for all
     * @param labels     class index to label
     */
    public List<Detection> detect(RgbImage image, float minScore, int maxResults, IntFunction<String> labels) {
        RotatedRect roi = ImageToTensor.wholeImage(image.width(), image.height());
        TensorView input = runner.input();
        if (config.fit() == Fit.LETTERBOX) {
            roi = ImageToTensor.padRoi(roi, inputWidth, inputHeight, true);
            ImageToTensor.sample(image, roi, inputWidth, inputHeight, config.rangeMin(), config.rangeMax(),
                    BorderMode.ZERO, input.array(), input.offset());
        } else {
            Resize.stretchToTensor(image, inputWidth, inputHeight, config.rangeMin(), config.rangeMax(),
                    input.array(), input.offset());
        }
        runner.run();
        TensorView boxes = runner.output(config.boxesOutput());
        TensorView scores = runner.output(config.scoresOutput());
        List<RawDetection> raw = TensorsToDetections.decode(boxes.array(), boxes.offset(), scores.array(),
                scores.offset(), anchors, config.decoder().withMinScoreThresh(minScore));
        List<RawDetection> kept = NonMaxSuppression.apply(raw, config.nms(), config.nmsThreshold(), maxResults);
        int n = maxResults < 0 ? kept.size() : Math.min(maxResults, kept.size());
        List<Detection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RawDetection d = kept.get(i);
            out.add(Projection.detection(d, roi, labels.apply(d.classId())));
        }
        return out;
    }

    @Override
    public void close() {
        runner.close();
    }
}
