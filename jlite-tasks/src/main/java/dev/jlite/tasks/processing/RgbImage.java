package dev.jlite.tasks.processing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * An 8-bit RGB image as interleaved bytes: channel c of pixel (x, y) is {@code data[y * rowStride + x * pixelStride +
 * offset(c)]}. For the layouts ImageIO decodes photos into (3- and 4-byte interleaved, 8-bit gray) it is a view of
 * the {@link BufferedImage}'s own data buffer, so nothing is copied per image; other layouts are converted once with
 * a single bulk {@code getRGB}. Alpha is ignored, as MediaPipe drops it (RGBA to RGB) before inference.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] data;
    private final int pixelStride;
    private final int rowStride;
    private final int redOffset;
    private final int greenOffset;
    private final int blueOffset;

    /** Wraps interleaved bytes (not copied). */
    public RgbImage(int width, int height, byte[] data, int pixelStride, int rowStride, int redOffset,
            int greenOffset, int blueOffset) {
        if (width <= 0 || height <= 0 || pixelStride <= 0 || rowStride < width * pixelStride) {
            throw new IllegalArgumentException("bad layout: " + width + "x" + height + ", pixel stride " + pixelStride
                    + ", row stride " + rowStride);
        }
        int maxOffset = Math.max(redOffset, Math.max(greenOffset, blueOffset));
        if (Math.min(redOffset, Math.min(greenOffset, blueOffset)) < 0 || maxOffset >= pixelStride
                || (long) (height - 1) * rowStride + (long) (width - 1) * pixelStride + maxOffset >= data.length) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " does not fit " + data.length
                    + " bytes with that layout");
        }
        this.width = width;
        this.height = height;
        this.data = data;
        this.pixelStride = pixelStride;
        this.rowStride = rowStride;
        this.redOffset = redOffset;
        this.greenOffset = greenOffset;
        this.blueOffset = blueOffset;
    }

    /** An image from packed 0xRRGGBB ints (copied into bytes). */
    public static RgbImage ofPacked(int width, int height, int[] rgb) {
        byte[] bytes = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            bytes[3 * i] = (byte) (rgb[i] >> 16);
            bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
            bytes[3 * i + 2] = (byte) rgb[i];
        }
        return new RgbImage(width, height, bytes, 3, width * 3, 0, 1, 2);
    }

    /** A view of (or, for unusual layouts, a copy of) the image's pixels. */
    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        int type = image.getType();
        if ((type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR
                || type == BufferedImage.TYPE_BYTE_GRAY)
                && raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && raster.getDataBuffer() instanceof DataBufferByte bytes && bytes.getNumBanks() == 1
                && bytes.getOffset() == 0) {
            int[] offsets = model.getBandOffsets();
            // Band order in the sample model is R, G, B(, A) whatever the byte order in memory; gray has one band.
            int g = offsets.length >= 3 ? offsets[1] : offsets[0];
            int b = offsets.length >= 3 ? offsets[2] : offsets[0];
            return new RgbImage(w, h, bytes.getData(), model.getPixelStride(), model.getScanlineStride(), offsets[0],
                    g, b);
        }
        return ofPacked(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing bytes. */
    public byte[] data() {
        return data;
    }

    public int pixelStride() {
        return pixelStride;
    }

    public int rowStride() {
        return rowStride;
    }

    public int redOffset() {
        return redOffset;
    }

    public int greenOffset() {
        return greenOffset;
    }

    public int blueOffset() {
        return blueOffset;
    }

    /** Index of pixel (x, y)'s first byte. */
    public int index(int x, int y) {
        return y * rowStride + x * pixelStride;
    }

    /** Pixel (x, y) as 0xRRGGBB. */
    public int rgb(int x, int y) {
        int i = index(x, y);
        return (data[i + redOffset] & 0xFF) << 16 | (data[i + greenOffset] & 0xFF) << 8 | data[i + blueOffset] & 0xFF;
    }
}
