package dev.jlite.tasks.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.tasks.RotatedRect;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageToTensorTest {

    /** A w x h image whose red channel is 10 * x + y, green 100, blue 200 - x. */
    private static RgbImage ramp(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (10 * x + y) << 16 | 100 << 8 | (200 - x);
            }
        }
        return RgbImage.ofPacked(w, h, px);
    }

    private static float red(float[] t, int tw, int x, int y) {
        return t[(y * tw + x) * 3];
    }

    @Test
    void wholeImageAtItsOwnSizeIsACopyInTheTargetRange() {
        RgbImage img = ramp(5, 4);
        float[] t = new float[5 * 4 * 3];
        ImageToTensor.sample(img, ImageToTensor.wholeImage(5, 4), 5, 4, -1, 1, BorderMode.ZERO, t);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                int o = (y * 5 + x) * 3;
                assertThat(t[o]).isCloseTo((10 * x + y) / 127.5f - 1, within(1e-6f));
                assertThat(t[o + 1]).isCloseTo(100 / 127.5f - 1, within(1e-6f));
                assertThat(t[o + 2]).isCloseTo((200 - x) / 127.5f - 1, within(1e-6f));
            }
        }
    }

    @Test
    void downscaleSamplesAtTensorPixelCornersBilinearly() {
        RgbImage img = ramp(8, 8);
        float[] t = new float[4 * 4 * 3];
        ImageToTensor.sample(img, ImageToTensor.wholeImage(8, 8), 4, 4, 0, 255, BorderMode.ZERO, t);
        // Tensor pixel (x, y) reads image (2x, 2y): integer positions, no interpolation needed.
        assertThat(red(t, 4, 1, 2)).isEqualTo(10 * 2 + 4);
        assertThat(red(t, 4, 3, 3)).isEqualTo(10 * 6 + 6);
        // An ROI shifted by half a pixel interpolates (and rounds to 8 bits as OpenCV does).
        ImageToTensor.sample(img, new RotatedRect(4.5f, 4, 8, 8, 0), 4, 4, 0, 255, BorderMode.ZERO, t);
        assertThat(red(t, 4, 1, 0)).isEqualTo(Math.round(10 * 2.5f));
    }

    @Test
    void rotatedRoiTurnsTheImageAndBordersApply() {
        RgbImage img = ramp(3, 3);
        float[] t = new float[3 * 3 * 3];
        // A quarter turn about the centre: tensor (x, y) reads image (3 - y, x).
        RotatedRect roi = new RotatedRect(1.5f, 1.5f, 3, 3, (float) (Math.PI / 2));
        ImageToTensor.sample(img, roi, 3, 3, 0, 255, BorderMode.REPLICATE, t);
        assertThat(red(t, 3, 0, 1)).isCloseTo(10 * 2, within(1e-4f));
        assertThat(red(t, 3, 2, 2)).isCloseTo(10 * 1 + 2, within(1e-4f));
        // (0, 0) reads image (3, 0): one column past the edge, the edge column when replicating...
        assertThat(red(t, 3, 0, 0)).isCloseTo(10 * 2, within(1e-4f));
        // ... and black with a zero border.
        ImageToTensor.sample(img, roi, 3, 3, -1, 1, BorderMode.ZERO, t);
        assertThat(t[0]).isEqualTo(-1f);
        assertThat(t[1]).isEqualTo(-1f);
    }

    @Test
    void padRoiLetterboxesToTheTensorAspect() {
        RotatedRect wide = ImageToTensor.padRoi(ImageToTensor.wholeImage(600, 400), 128, 128, true);
        assertThat(wide.width()).isEqualTo(600);
        assertThat(wide.height()).isEqualTo(600);
        assertThat(wide.centerY()).isEqualTo(200);
        RotatedRect tall = ImageToTensor.padRoi(new RotatedRect(0, 0, 100, 300, 0.3f), 256, 128, true);
        assertThat(tall.width()).isEqualTo(600);
        assertThat(tall.height()).isEqualTo(300);
        assertThat(tall.rotation()).isEqualTo(0.3f);
        assertThat(ImageToTensor.padRoi(wide, 10, 20, false)).isSameAs(wide);
        assertThatThrownBy(() -> ImageToTensor.padRoi(new RotatedRect(0, 0, 0, 3, 0), 4, 4, true))
                .hasMessageContaining("ROI width and height");
    }

    @Test
    void rgbImageReadsEveryCommonLayout() {
        int[] types = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_USHORT_565_RGB};
        for (int type : types) {
            BufferedImage bi = new BufferedImage(3, 2, type);
            bi.setRGB(0, 0, 0xFF112233);
            bi.setRGB(2, 1, 0xFFF0E0D0);
            RgbImage img = RgbImage.of(bi);
            assertThat(img.rgb(0, 0)).as("type %d", type).isEqualTo(bi.getRGB(0, 0) & 0xFFFFFF);
            assertThat(img.rgb(2, 1)).as("type %d", type).isEqualTo(bi.getRGB(2, 1) & 0xFFFFFF);
        }
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 0, 0, 77);
        assertThat(RgbImage.of(gray).rgb(1, 0)).isEqualTo(77 << 16 | 77 << 8 | 77);
    }
}
