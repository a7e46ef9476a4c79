package dev.jlite.tasks.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResizeTest {

    private static RgbImage gray(int w, int h, int... values) {
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = values[i] << 16 | values[i] << 8 | values[i];
        }
        return RgbImage.ofPacked(w, h, px);
    }

    @Test
    void areaAveragesWholeAndPartialCells() {
        RgbImage img = gray(4, 2, 0, 30, 60, 90, 0, 30, 60, 90);
        float[] t = new float[2 * 1 * 3];
        Resize.stretchToTensor(img, 2, 1, 0, 255, t);
        assertThat(t[0]).isEqualTo(15);
        assertThat(t[3]).isEqualTo(75);
        // 3 -> 2 columns: each output covers 1.5 source columns, the middle one shared.
        RgbImage three = gray(3, 2, 0, 90, 180, 0, 90, 180);
        float[] u = new float[2 * 1 * 3];
        Resize.stretchToTensor(three, 2, 1, 0, 255, u);
        assertThat(u[0]).isEqualTo(30); // (0 * 1 + 90 * 0.5) / 1.5
        assertThat(u[3]).isEqualTo(150); // (90 * 0.5 + 180) / 1.5
    }

    @Test
    void linearWhenNotShrinkingBothWays() {
        RgbImage img = gray(2, 1, 0, 100);
        float[] t = new float[4 * 1 * 3];
        Resize.stretchToTensor(img, 4, 1, -1, 1, t);
        // Half-pixel centres: outputs read 0, 0.25, 0.75, 1 (clamped) of the way from 0 to 100.
        float[] expected = {0, 25, 75, 100};
        for (int i = 0; i < 4; i++) {
            assertThat(t[i * 3]).isCloseTo(Math.round(expected[i]) / 127.5f - 1, within(1e-6f));
        }
    }

    @Test
    void bilinearMaskResize() {
        float[] m = Resize.resizeBilinear(new float[] {0, 1, 1, 0}, 2, 2, 4, 4);
        assertThat(m[0]).isEqualTo(0);
        assertThat(m[1]).isCloseTo(0.25f, within(1e-6f));
        assertThat(m[5]).isCloseTo(0.375f, within(1e-6f)); // (0.25, 0.25) of the way: 2 * 0.25 * 0.75
        assertThat(m[3]).isEqualTo(1);
        assertThat(m[12]).isEqualTo(1);
        assertThat(m[15]).isEqualTo(0);
    }
}
