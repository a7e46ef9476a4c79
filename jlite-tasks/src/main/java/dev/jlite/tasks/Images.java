package dev.jlite.tasks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/** Reading images for the tasks. */
public final class Images {

    private Images() {
    }

    /**
     * Decodes an image file with {@link ImageIO} (PNG, JPEG, BMP, GIF, WBMP out of the box).
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException         when it cannot be read or is not an image ImageIO can decode, saying which
     */
    public static BufferedImage read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such image file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("cannot read image " + path + ": not a regular file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(path.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode image " + path + ": " + e.getMessage(), e);
        }
        if (image == null) {
            TreeSet<String> formats = new TreeSet<>();
            for (String f : ImageIO.getReaderFormatNames()) {
                formats.add(f.toLowerCase(Locale.ROOT));
            }
            throw new IOException("cannot decode image " + path + ": not in a format ImageIO reads " + formats);
        }
        return image;
    }
}
