package dev.jlite.tasks.processing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * An image as one packed {@code 0xRRGGBB} int per pixel, row-major: the form every sampler here reads. Built once
 * per input image straight from the {@link BufferedImage}'s data buffer for the common layouts (3- and 4-byte
 * interleaved, int RGB/ARGB, 8-bit gray), with one bulk {@code getRGB} call for the others. Alpha is dropped, as
 * MediaPipe drops it (RGBA to RGB) before inference.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final int[] rgb;

    /** Wraps (does not copy) packed 0xRRGGBB pixels. */
    public RgbImage(int width, int height, int[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length < width * height) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " needs " + width * height
                    + " pixels, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The packed pixels (the image's own array). */
    public int[] pixels() {
        return rgb;
    }

    /** Converts a BufferedImage, reading its raster in one pass. */
    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h];
        Raster raster = image.getRaster();
        boolean wholeRaster = raster.getParent() == null && raster.getMinX() == 0 && raster.getMinY() == 0;
        switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
                    BufferedImage.TYPE_BYTE_GRAY -> {
                if (wholeRaster && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                        && raster.getDataBuffer() instanceof DataBufferByte bytes) {
                    copyInterleaved(bytes.getData(), model, w, h, image.getType(), out);
                    return new RgbImage(w, h, out);
                }
            }
            case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
                if (wholeRaster && raster.getDataBuffer() instanceof DataBufferInt ints
                        && ints.getData().length >= w * h && raster.getSampleModel().getWidth() == w) {
                    int[] data = ints.getData();
                    for (int i = 0; i < w * h; i++) {
                        out[i] = data[i] & 0xFFFFFF;
                    }
                    return new RgbImage(w, h, out);
                }
            }
            default -> {
            }
        }
        image.getRGB(0, 0, w, h, out, 0, w);
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return new RgbImage(w, h, out);
    }

    private static void copyInterleaved(byte[] data, PixelInterleavedSampleModel model, int w, int h, int type,
            int[] out) {
        int stride = model.getScanlineStride();
        int pixelStride = model.getPixelStride();
        int[] offsets = model.getBandOffsets();
        if (type == BufferedImage.TYPE_BYTE_GRAY) {
            for (int y = 0; y < h; y++) {
                int row = y * stride + offsets[0];
                for (int x = 0; x < w; x++) {
                    int g = data[row + x * pixelStride] & 0xFF;
                    out[y * w + x] = g << 16 | g << 8 | g;
                }
            }
            return;
        }
        // Band order in the sample model is R, G, B(, A) whatever the byte order in memory.
        int ro = offsets[0];
        int go = offsets[1];
        int bo = offsets[2];
        for (int y = 0; y < h; y++) {
            int row = y * stride;
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int p = row + x * pixelStride;
                out[o + x] = (data[p + ro] & 0xFF) << 16 | (data[p + go] & 0xFF) << 8 | data[p + bo] & 0xFF;
            }
        }
    }
}
