package dev.jlite.tasks.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SsdAnchorsTest {
    private static final float EPS = 1e-6f;

    private static void assertAnchor(Anchor a, double x, double y, double w, double h) {
        assertThat(a.xCenter()).isCloseTo((float) x, within(EPS));
        assertThat(a.yCenter()).isCloseTo((float) y, within(EPS));
        assertThat(a.width()).isCloseTo((float) w, within(EPS));
        assertThat(a.height()).isCloseTo((float) h, within(EPS));
    }

    @Test
    void faceShortRange() {
        Anchor[] a = SsdAnchors.generate(AnchorOptions.faceDetectionShortRange());
        // 16x16 cells x 2 anchors (stride 8) + 8x8 cells x 6 anchors (three merged stride-16 layers).
        assertThat(a).hasSize(16 * 16 * 2 + 8 * 8 * 6).hasSize(896);
        assertAnchor(a[0], 0.5 / 16, 0.5 / 16, 1, 1);
        assertAnchor(a[1], 0.5 / 16, 0.5 / 16, 1, 1);
        assertAnchor(a[2], 1.5 / 16, 0.5 / 16, 1, 1);
        assertAnchor(a[512], 0.5 / 8, 0.5 / 8, 1, 1);
        assertAnchor(a[895], 7.5 / 8, 7.5 / 8, 1, 1);
    }

    @Test
    void faceFullRange() {
        Anchor[] a = SsdAnchors.generate(AnchorOptions.faceDetectionFullRange());
        // One stride-4 layer, one anchor per cell: interpolated_scale_aspect_ratio 0 adds none.
        assertThat(a).hasSize(48 * 48).hasSize(2304);
        assertAnchor(a[0], 0.5 / 48, 0.5 / 48, 1, 1);
        assertAnchor(a[1], 1.5 / 48, 0.5 / 48, 1, 1);
        assertAnchor(a[2303], 47.5 / 48, 47.5 / 48, 1, 1);
    }

    @Test
    void palm() {
        Anchor[] a = SsdAnchors.generate(AnchorOptions.palmDetection());
        assertThat(a).hasSize(24 * 24 * 2 + 12 * 12 * 6).hasSize(2016);
        assertAnchor(a[0], 0.5 / 24, 0.5 / 24, 1, 1);
        assertAnchor(a[1152], 0.5 / 12, 0.5 / 12, 1, 1);
        assertAnchor(a[2015], 11.5 / 12, 11.5 / 12, 1, 1);
    }

    @Test
    void pose() {
        Anchor[] a = SsdAnchors.generate(AnchorOptions.poseDetection());
        assertThat(a).hasSize(28 * 28 * 2 + 14 * 14 * 2 + 7 * 7 * 6).hasSize(2254);
        assertAnchor(a[0], 0.5 / 28, 0.5 / 28, 1, 1);
        assertAnchor(a[1568], 0.5 / 14, 0.5 / 14, 1, 1);
        assertAnchor(a[2253], 6.5 / 7, 6.5 / 7, 1, 1);
    }

    @Test
    void ssdMobileNetV2() {
        Anchor[] a = SsdAnchors.generate(AnchorOptions.ssdMobileNetV2Oid());
        // Lowest layer: 19x19 cells x 3 fixed boxes; then 6 anchors (5 ratios + interpolated) on 10, 5, 3, 2, 1.
        assertThat(a).hasSize(19 * 19 * 3 + (100 + 25 + 9 + 4 + 1) * 6).hasSize(1917);
        double c = 0.5 / 19;
        assertAnchor(a[0], c, c, 0.1, 0.1);
        assertAnchor(a[1], c, c, 0.2 * Math.sqrt(2), 0.2 / Math.sqrt(2));
        assertAnchor(a[2], c, c, 0.2 / Math.sqrt(2), 0.2 * Math.sqrt(2));
        // Second layer, first cell: scale 0.2 + 0.75 / 5 = 0.35; interpolated with the next layer's 0.5.
        assertAnchor(a[1083], 0.5 / 10, 0.5 / 10, 0.35, 0.35);
        assertAnchor(a[1083 + 5], 0.5 / 10, 0.5 / 10, Math.sqrt(0.35 * 0.5), Math.sqrt(0.35 * 0.5));
        // Last layer: one cell, scale 0.95, interpolated with 1.0.
        assertAnchor(a[1911], 0.5, 0.5, 0.95, 0.95);
        assertAnchor(a[1914], 0.5, 0.5, 0.95 * Math.sqrt(3), 0.95 / Math.sqrt(3));
        assertAnchor(a[1916], 0.5, 0.5, Math.sqrt(0.95), Math.sqrt(0.95));
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> new AnchorOptions(128, 128, 0.1f, 0.7f, 0.5f, 0.5f, new int[0], new float[] {1},
                false, 1, true)).hasMessageContaining("stride");
        assertThatThrownBy(() -> new AnchorOptions(0, 128, 0.1f, 0.7f, 0.5f, 0.5f, new int[] {8}, new float[] {1},
                false, 1, true)).hasMessageContaining("input size");
    }
}
