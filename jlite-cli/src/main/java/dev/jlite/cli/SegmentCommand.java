package dev.jlite.cli;

import dev.jlite.tasks.SegmentationMask;
import dev.jlite.tasks.SelfieSegmenter;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlite segment}: person segmentation with the selfie model. */
@Command(name = "segment", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Segments people: a per-pixel person probability at image size.",
            "-o draws the mask translucent over the photo; --mask writes the mask itself."},
        footer = {"", VisionCommand.MODELS_FOOTER})
final class SegmentCommand extends VisionCommand {
    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "selfie_segmentation.tflite",
            description = "The segmentation model (default ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--mask", paramLabel = "FILE.png",
            description = "Write the mask as an 8-bit grayscale PNG at image size (white = person).")
    Path maskFile;

    @Override
    void run(BufferedImage picture, Report report) {
        Path file = model(modelName);
        try (SelfieSegmenter segmenter = SelfieSegmenter.create(file,
                new SelfieSegmenter.Options().numThreads(threads))) {
            SegmentationMask mask = segmenter.segment(picture);
            report.model("model", file);
            float coverage = mask.coverage(0.5f);
            report.line(String.format(Locale.ROOT, "person: %.1f%% of the image (probability > 0.5)",
                    100 * coverage));
            report.put("person_coverage", (double) coverage);
            report.timings(segmenter.lastTimings());
            report.picture.mask(mask, new Color(0, 160, 255), 0.6f);
            if (maskFile != null) {
                writeMask(mask, maskFile);
                report.line("wrote " + maskFile);
                report.put("mask", maskFile.toString());
            }
        }
    }

    private static void writeMask(SegmentationMask mask, Path file) {
        BufferedImage gray = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] bytes = new byte[mask.width() * mask.height()];
        float[] v = mask.values();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Math.round(255 * Math.max(0, Math.min(1, v[i])));
        }
        gray.getRaster().setDataElements(0, 0, mask.width(), mask.height(), bytes);
        try {
            if (!ImageIO.write(gray, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
