package dev.jlite.tasks;

import dev.jlite.tasks.processing.BorderMode;
import dev.jlite.tasks.processing.ImageToTensor;
import dev.jlite.tasks.processing.InterpreterRunner;
import dev.jlite.tasks.processing.ModelRunner;
import dev.jlite.tasks.processing.Resize;
import dev.jlite.tasks.processing.RgbImage;
import dev.jlite.tasks.processing.TensorView;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Person segmentation with {@code selfie_segmentation.tflite} (256x256, general model), as
 * mediapipe/modules/selfie_segmentation/selfie_segmentation_cpu.pbtxt: the whole image stretched to 256x256 in
 * [0, 1], the model's sigmoid output taken as is and resized (bilinear) to the image size. The model needs the
 * custom op {@code Convolution2DTransposeBias}. Not thread-safe.
 */
public final class SelfieSegmenter implements AutoCloseable {

    /** Settings. */
    public static final class Options {
        private int numThreads = 1;

        /** Interpreter threads (default 1). */
        public Options numThreads(int numThreads) {
            this.numThreads = TaskOptions.threads(numThreads);
            return this;
        }
    }

    private final ModelRunner runner;
    private final int width;
    private final int height;
    private Timings timings = new Timings(0, 0);

    private SelfieSegmenter(ModelRunner runner) {
        this.runner = runner;
        int[] hw = runner.requireImageInput("selfie segmentation", 0, 0);
        this.height = hw[0];
        this.width = hw[1];
        runner.requireOutputs("selfie segmentation", width * height);
    }

    /** Loads the model. */
    public static SelfieSegmenter create(Path model, Options options) {
        return create(InterpreterRunner.open(model, options.numThreads));
    }

    static SelfieSegmenter create(ModelRunner runner) {
        try {
            return new SelfieSegmenter(runner);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /** The person mask of the image, at its size. */
    public SegmentationMask segment(BufferedImage image) {
        long t0 = System.nanoTime();
        RgbImage rgb = RgbImage.of(image);
        TensorView input = runner.input();
        ImageToTensor.sample(rgb, ImageToTensor.wholeImage(rgb.width(), rgb.height()), width, height, 0f, 1f,
                BorderMode.ZERO, input.array(), input.offset());
        runner.run();
        TensorView out = runner.output(0);
        float[] mask = Resize.resizeBilinear(out.array(), out.offset(), width, height, rgb.width(), rgb.height());
        timings = new Timings(System.nanoTime() - t0, runner.lastInferenceNanos());
        return new SegmentationMask(rgb.width(), rgb.height(), mask);
    }

    /** The person mask of an image file. */
    public SegmentationMask segment(Path image) throws IOException {
        return segment(Images.read(image));
    }

    /** Timing of the last {@link #segment} call. */
    public Timings lastTimings() {
        return timings;
    }

    @Override
    public void close() {
        runner.close();
    }
}
