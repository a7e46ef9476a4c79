package dev.jlite.converter.quant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** float32 to float16 rounds to nearest even, with subnormals, overflow and NaN. */
class HalfTest {
    @Test
    void knownEncodings() {
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xc000);
        assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
        assertThat(Half.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
        assertThat(Half.fromFloat(0x1p-26f)).isEqualTo((short) 0);
        assertThat(Half.fromFloat(Float.NaN) & 0x7c00).isEqualTo(0x7c00);
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1)
        assertThat(Half.fromFloat(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(1f + 0x1p-11f + 0x1p-20f)).isEqualTo((short) 0x3c01);
    }

    @Test
    void roundTripIsWithinHalfAnUlp() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < 10000; i++) {
            float f = (float) r.nextDouble(-1000, 1000);
            float back = Half.toFloat(Half.fromFloat(f));
            assertThat((double) Math.abs(back - f)).isLessThanOrEqualTo(Math.ulp(back) * 0.5 * 8192 + 1e-9);
        }
    }
}
