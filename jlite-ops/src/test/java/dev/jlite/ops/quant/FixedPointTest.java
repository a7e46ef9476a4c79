package dev.jlite.ops.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedPointTest {
    @Test
    void quantizeMultiplierSplitsIntoAQ31MantissaAndAShift() {
        assertThat(FixedPoint.quantizeMultiplier(0.5)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 0));
        assertThat(FixedPoint.quantizeMultiplier(1.0)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 1));
        assertThat(FixedPoint.quantizeMultiplier(0.25)).isEqualTo(new FixedPoint.Multiplier(1 << 30, -1));
        assertThat(FixedPoint.quantizeMultiplier(0)).isEqualTo(new FixedPoint.Multiplier(0, 0));
        // A mantissa that rounds up to 2^31 moves into the shift.
        assertThat(FixedPoint.quantizeMultiplier(Math.nextDown(1.0))).isEqualTo(new FixedPoint.Multiplier(1 << 30, 1));
        assertThat(FixedPoint.quantizeMultiplier(1e-12).multiplier()).isZero();
    }

    @Test
    void multiplierReproducesTheRealProductWithinOneUnit() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double real = Math.pow(2, -20 + 24 * random.nextDouble());
            int x = random.nextInt(1 << 20) - (1 << 19);
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(real);
            double expected = x * real;
            if (Math.abs(expected) < Integer.MAX_VALUE / 2.0) {
                assertThat((double) m.apply(x)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
            }
        }
    }

    @Test
    void roundingDivideByPowerOfTwoRoundsHalvesAwayFromZero() {
        assertThat(FixedPoint.roundingDivideByPOT(5, 1)).isEqualTo(3);
        assertThat(FixedPoint.roundingDivideByPOT(-5, 1)).isEqualTo(-3);
        assertThat(FixedPoint.roundingDivideByPOT(4, 1)).isEqualTo(2);
        assertThat(FixedPoint.roundingDivideByPOT(-7, 2)).isEqualTo(-2);
        assertThat(FixedPoint.roundingDivideByPOT(-6, 2)).isEqualTo(-2);
        assertThat(FixedPoint.roundingDivideByPOT(6, 2)).isEqualTo(2);
        assertThat(FixedPoint.roundingDivideByPOT(17, 0)).isEqualTo(17);
    }

    @Test
    void saturatingRoundingDoublingHighMulSaturatesTheOneOverflow() {
        assertThat(FixedPoint.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, 1 << 30)).isEqualTo(1 << 29);
        // 2*3*2^30 / 2^32 = 1.5: gemmlowp's nudge of 1 - 2^30 for negative products rounds -1.5 up, to -1.
        assertThat(FixedPoint.saturatingRoundingDoublingHighMul(3, 1 << 30)).isEqualTo(2);
        assertThat(FixedPoint.saturatingRoundingDoublingHighMul(-3, 1 << 30)).isEqualTo(-1);
        assertThat(FixedPoint.saturatingRoundingDoublingHighMul(-5, 1 << 30)).isEqualTo(-2);
    }

    @Test
    void roundingMatchesC() {
        assertThat(FixedPoint.roundHalfAwayFromZero(2.5f)).isEqualTo(3);
        assertThat(FixedPoint.roundHalfAwayFromZero(-2.5f)).isEqualTo(-3);
        assertThat(FixedPoint.roundHalfAwayFromZero(-2.4f)).isEqualTo(-2);
        assertThat(FixedPoint.roundHalfAwayFromZero(-0.5)).isEqualTo(-1L);
    }
}
