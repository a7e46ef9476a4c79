package dev.jlite.ops.quant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The run-time input quantization of the hybrid kernels, against values worked out by hand from TFLite's formulas. */
class HybridQuantizationTest {
    @Test
    void symmetricScalesByTheLargestMagnitudeAndRoundsHalvesAwayFromZero() {
        float[] x = {0.5f, -1f, 0.25f, -0.5f};
        byte[] q = new byte[4];
        float scale = HybridQuantization.symmetric(x, 0, 4, q, 0);
        assertThat(scale).isEqualTo(1f / 127);
        // 0.5 * 127 = 63.5 -> 64, -63.5 -> -64, 0.25 * 127 = 31.75 -> 32.
        assertThat(q).containsExactly(64, -127, 32, -64);
    }

    @Test
    void aRowOfZerosHasScaleOneAndZeroValues() {
        byte[] q = {5, 5};
        int[] offsets = {9};
        assertThat(HybridQuantization.symmetric(new float[] {0f, -0f}, 0, 2, q, 0)).isEqualTo(1f);
        assertThat(q).containsExactly(0, 0);
        q[0] = 3;
        assertThat(HybridQuantization.asymmetric(new float[] {0f, 0f}, 0, 2, q, 0, offsets, 0)).isEqualTo(1f);
        assertThat(q).containsExactly(0, 0);
        assertThat(offsets[0]).isZero();
    }

    @Test
    void asymmetricCoversZeroAndNudgesTheZeroPoint() {
        float[] x = {0f, 1f, 0.5f};
        byte[] q = new byte[3];
        int[] offsets = new int[1];
        float scale = HybridQuantization.asymmetric(x, 0, 3, q, 0, offsets, 0);
        assertThat(scale).isEqualTo((float) (1.0 / 255));
        assertThat(offsets[0]).isEqualTo(-128);
        // -128 + 127.5 = -0.5 rounds away from zero to -1.
        assertThat(q).containsExactly(-128, 127, -1);

        float[] negative = {-2f, -1f};
        scale = HybridQuantization.asymmetric(negative, 0, 2, q, 0, offsets, 0);
        assertThat(offsets[0]).isEqualTo(127);
        assertThat(q[0]).isEqualTo((byte) -128);
        assertThat(scale).isEqualTo((float) (2.0 / 255));
    }

    @Test
    void quantizeRowsKeepsEachRowsOwnScale() {
        float[] x = {1f, -1f, 10f, 5f};
        byte[] q = new byte[4];
        float[] scales = new float[2];
        int[] offsets = {7, 7};
        HybridQuantization.quantizeRows(x, 0, 2, 2, false, q, scales, offsets);
        assertThat(scales).containsExactly(1f / 127, 10f / 127);
        assertThat(q).containsExactly(127, -127, 127, 64);
        assertThat(offsets).containsExactly(0, 0);
    }
}
