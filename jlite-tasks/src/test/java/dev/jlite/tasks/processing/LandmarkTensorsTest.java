package dev.jlite.tasks.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.tasks.Landmark;
import dev.jlite.tasks.RotatedRect;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LandmarkTensorsTest {

    @Test
    void decodesNormalizedCoordinatesAndActivations() {
        float[] raw = {128, 64, 25.6f, 0, 30, 256, 0, -25.6f, -30, 0};
        LandmarkTensors t = LandmarkTensors.decode(raw, 2, 256, 256, 1, true);
        assertThat(t.x[0]).isEqualTo(0.5f);
        assertThat(t.y[0]).isEqualTo(0.25f);
        assertThat(t.z[0]).isCloseTo(0.1f, within(1e-6f));
        assertThat(t.visibility[0]).isEqualTo(0.5f);
        assertThat(t.presence[0]).isCloseTo(1, within(1e-6f));
        assertThat(t.visibility[1]).isCloseTo(0, within(1e-6f));
        // Hands: three values per landmark, z further divided by 0.4.
        LandmarkTensors h = LandmarkTensors.decode(new float[] {112, 56, 22.4f}, 1, 224, 224, 0.4f, false);
        assertThat(h.z[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(h.visibility[0]).isNaN();
        assertThatThrownBy(() -> LandmarkTensors.decode(new float[7], 2, 1, 1, 1, false))
                .hasMessageContaining("do not split");
    }

    @Test
    void heatmapRefinementMovesToTheWeightedPeak() {
        // One landmark at the centre of an 8x8 map; a confident peak one row up and one column right.
        LandmarkTensors t = LandmarkTensors.decode(new float[] {4, 4}, 1, 8, 8, 1, false);
        float[] heatmap = new float[64];
        Arrays.fill(heatmap, -20);
        heatmap[3 * 8 + 5] = 20;
        t.refineFromHeatmap(heatmap, 8, 8, 1, 3, 0.5f);
        assertThat(t.x[0]).isCloseTo(5f / 8, within(1e-4f));
        assertThat(t.y[0]).isCloseTo(3f / 8, within(1e-4f));
        // No confident cell in the window: the landmark stays.
        LandmarkTensors u = LandmarkTensors.decode(new float[] {4, 4}, 1, 8, 8, 1, false);
        heatmap[3 * 8 + 5] = -20;
        heatmap[0] = 20; // outside the 3x3 window
        u.refineFromHeatmap(heatmap, 8, 8, 1, 3, 0.5f);
        assertThat(u.x[0]).isEqualTo(0.5f);
    }

    @Test
    void projectsThroughTheRoiIntoPixels() {
        LandmarkTensors t = LandmarkTensors.decode(new float[] {0, 0, 10, 100, 50, 0}, 2, 100, 100, 1, false);
        // A 200 px square ROI centred at (300, 300) turned a quarter clockwise.
        List<Landmark> lm = t.project(new RotatedRect(300, 300, 200, 200, (float) (Math.PI / 2)), 2);
        assertThat(lm.get(0).x()).isCloseTo(400, within(1e-3f));
        assertThat(lm.get(0).y()).isCloseTo(200, within(1e-3f));
        assertThat(lm.get(0).z()).isCloseTo(20, within(1e-4f));
        assertThat(lm.get(1).x()).isCloseTo(300, within(1e-3f));
        assertThat(lm.get(1).y()).isCloseTo(400, within(1e-3f));
    }

    @Test
    void maskProjectionInvertsTheForwardWarp() {
        float[] mask = new float[16];
        for (int i = 0; i < 16; i++) {
            mask[i] = i;
        }
        // Identity ROI: each image pixel reads its own mask pixel.
        float[] same = MaskProjection.toImage(mask, 4, 4, new RotatedRect(2, 2, 4, 4, 0), 4, 4);
        assertThat(same).containsExactly(mask);
        // The ROI covers the right half of an 8x4 image at half resolution: the left half is zero.
        float[] half = MaskProjection.toImage(mask, 4, 4, new RotatedRect(6, 2, 4, 4, 0), 8, 4);
        assertThat(half[0]).isZero();
        assertThat(half[4]).isEqualTo(0);
        assertThat(half[5]).isEqualTo(1);
        assertThat(half[8 + 7]).isEqualTo(7);
    }
}
