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

    @Test
    void roundingJustBelowOneHalfRoundsDown() {
        // floor(x + 0.5) rounds these up: their sum with 0.5 rounds to 1 in float / double arithmetic.
        assertThat(FixedPoint.roundHalfAwayFromZero(Math.nextDown(0.5f))).isZero();
        assertThat(FixedPoint.roundHalfAwayFromZero(-Math.nextDown(0.5f))).isZero();
        assertThat(FixedPoint.roundHalfAwayFromZero(Math.nextDown(0.5))).isZero();
        assertThat(FixedPoint.roundHalfAwayFromZero(8388609.0f)).isEqualTo(8388609);
    }

    @Test
    void branchFreeHighMulAndDivideMatchTheirDefinitions() {
        Random random = new Random(11);
        for (int k = 0; k < 200_000; k++) {
            int a = random.nextInt();
            int b = k % 3 == 0 ? random.nextInt(1 << 16) - (1 << 15) : random.nextInt();
            long ab = (long) a * b;
            long nudge = ab >= 0 ? (1L << 30) : 1 - (1L << 30);
            int expected = a == Integer.MIN_VALUE && b == Integer.MIN_VALUE ? Integer.MAX_VALUE
                    : (int) ((ab + nudge) / (1L << 31));
            assertThat(FixedPoint.saturatingRoundingDoublingHighMul(a, b)).isEqualTo(expected);
            int e = random.nextInt(32);
            int mask = (int) ((1L << e) - 1);
            int threshold = (mask >> 1) + (a < 0 ? 1 : 0);
            assertThat(FixedPoint.roundingDivideByPOT(a, e)).isEqualTo((a >> e) + ((a & mask) > threshold ? 1 : 0));
        }
    }

    @Test
    void singleRoundingDiffersFromDoubleRoundingOnlyByOneOnRareValues() {
        Random random = new Random(5);
        int differ = 0;
        for (int k = 0; k < 100_000; k++) {
            int x = random.nextInt(1 << 22) - (1 << 21);
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(Math.pow(2, -12 * random.nextDouble() - 1));
            int single = FixedPoint.multiplyByQuantizedMultiplierSingleRounding(x, m.multiplier(), m.shift());
            int twice = m.apply(x);
            assertThat(Math.abs(single - twice)).isLessThanOrEqualTo(1);
            differ += single != twice ? 1 : 0;
        }
        assertThat(differ).isBetween(1, 10_000);
        // 23 * 0.2 / 2 = 2.3: gemmlowp rounds 4.6 to 5 first, then 2.5 to 3; one rounding gives 2.
        assertThat(FixedPoint.multiplyByQuantizedMultiplierSingleRounding(23, 429496730, -1)).isEqualTo(2);
        assertThat(FixedPoint.multiplyByQuantizedMultiplier(23, 429496730, -1)).isEqualTo(3);
    }

    @Test
    void sixtyFourBitMultiplierRoundsTheMultiplierToSixteenBits() {
        // 0.75 = (3 << 29) * 2^-31: exact in 16 bits, so the product is exact.
        assertThat(FixedPoint.multiplyByQuantizedMultiplier(1L << 40, 3 << 29, 0)).isEqualTo((int) (3L << 38));
        assertThat(FixedPoint.multiplyByQuantizedMultiplier(-(1L << 20), 3 << 29, -4)).isEqualTo(-(3 << 14));
        // A multiplier at the top of the range saturates the reduced multiplier at 0x7FFF (not 0x8000).
        assertThat(FixedPoint.multiplyByQuantizedMultiplier(1L << 16, Integer.MAX_VALUE, 0)).isEqualTo(2 * 0x7FFF);
        // Halves round up (toward positive infinity): -2.5 -> -2.
        assertThat(FixedPoint.multiplyByQuantizedMultiplier(-5L, 1 << 30, 0)).isEqualTo(-2);
    }
}
