package dev.jlite.ops.quant;

/**
 * TensorFlow Lite's fixed-point arithmetic for quantized kernels (gemmlowp's {@code SaturatingRoundingDoublingHighMul}
 * and {@code RoundingDivideByPOT}, and {@code QuantizeMultiplier}). Quantized kernels must use exactly these: Java's
 * {@code Math.round} rounds half up and {@code >>} floors, while TensorFlow Lite rounds half away from zero, so a
 * kernel that "looks the same" differs in the last bit on a fraction of its outputs.
 */
public final class FixedPoint {
    private FixedPoint() {}

    /**
     * A real multiplier as TensorFlow Lite stores it: {@code multiplier * 2^(shift - 31)} with {@code multiplier} in
     * [2^30, 2^31) (or 0).
     */
    public record Multiplier(int multiplier, int shift) {
        /** {@code x} times this multiplier, rounded as TensorFlow Lite's {@code MultiplyByQuantizedMultiplier}. */
        public int apply(int x) {
            return multiplyByQuantizedMultiplier(x, multiplier, shift);
        }
    }

    /** TensorFlow Lite's {@code QuantizeMultiplier}: splits a real multiplier into a Q31 mantissa and a shift. */
    public static Multiplier quantizeMultiplier(double realMultiplier) {
        if (realMultiplier == 0 || Double.isNaN(realMultiplier) || Double.isInfinite(realMultiplier)) {
            return new Multiplier(0, 0);
        }
        // frexp: real = q * 2^shift with |q| in [0.5, 1).
        int shift = Math.getExponent(realMultiplier) + 1;
        double q = Math.scalb(realMultiplier, -shift);
        if (Math.abs(q) < 0.5) { // subnormal input: getExponent is pinned at MIN_EXPONENT - 1
            int extra = Math.getExponent(q) + 1;
            shift += extra;
            q = Math.scalb(q, -extra);
        }
        long qFixed = roundHalfAwayFromZero(q * (1L << 31));
        if (qFixed == (1L << 31)) {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31) {
            return new Multiplier(0, 0);
        }
        return new Multiplier((int) qFixed, shift);
    }

    /** C's {@code round}: halves go away from zero. */
    public static long roundHalfAwayFromZero(double x) {
        // floor(|x| + 0.5) would round 0.49999999999999994 up: compare the exact fraction instead.
        double a = Math.abs(x);
        double f = Math.floor(a);
        long r = (long) (a - f >= 0.5 ? f + 1 : f);
        return x < 0 ? -r : r;
    }

    /** C's {@code roundf} on a float, as TensorFlow Lite's {@code TfLiteRound}: halves go away from zero. */
    public static int roundHalfAwayFromZero(float x) {
        float a = Math.abs(x);
        float f = (float) Math.floor(a);
        int r = (int) (a - f >= 0.5f ? f + 1 : f);
        return x < 0 ? -r : r;
    }

    /** gemmlowp's {@code SaturatingRoundingDoublingHighMul}: the high 32 bits of {@code 2*a*b}, rounded. */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == b && a == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * (long) b;
        // Branch-free (the sign of ab is data, a branch on it mispredicts): nudge is 2^30, or 1 - 2^30 when ab < 0,
        // and the division by 2^31 truncates toward zero as C++'s does.
        long nudge = (1L << 30) + (ab >> 63) * ((1L << 31) - 1);
        long t = ab + nudge;
        return (int) ((t + ((t >> 63) & ((1L << 31) - 1))) >> 31);
    }

    /** gemmlowp's {@code RoundingDivideByPOT}: {@code x / 2^exponent}, halves away from zero. */
    public static int roundingDivideByPOT(int x, int exponent) {
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x >>> 31);
        // remainder > threshold, both in [0, 2^31): the sign bit of their difference, without a branch.
        return (x >> exponent) + ((threshold - remainder) >>> 31);
    }

    /** TensorFlow Lite's {@code MultiplyByQuantizedMultiplier}: {@code x * multiplier * 2^(shift - 31)}, rounded. */
    public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier), rightShift);
    }

    /**
     * TensorFlow Lite 2.6's {@code MultiplyByQuantizedMultiplier} for a 64-bit accumulator (the 16x8 kernels): the
     * multiplier is first rounded to 16 bits, then one rounding shift. {@code x} must lie in [-2^47, 2^47) and
     * {@code shift} in [-31, 7], as TensorFlow Lite assumes.
     */
    public static int multiplyByQuantizedMultiplier(long x, int multiplier, int shift) {
        long reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
        int totalShift = 15 - shift;
        return (int) ((x * reduced + (1L << (totalShift - 1))) >> totalShift);
    }

    /**
     * ruy's {@code MultiplyByQuantizedMultiplier}, which TensorFlow Lite 2.6's optimized kernels reach through
     * {@code cpu_backend_gemm} whenever the multiplier is per channel (INT8 CONV_2D): one rounding of the 64-bit
     * product, halves toward positive infinity, instead of gemmlowp's two roundings. The two differ on a small
     * fraction of values, so each kernel must use the one its official counterpart uses.
     */
    public static int multiplyByQuantizedMultiplierSingleRounding(int x, int multiplier, int shift) {
        int totalShift = 31 - shift;
        return (int) (((long) x * multiplier + (1L << (totalShift - 1))) >> totalShift);
    }

    /**
     * TensorFlow Lite's {@code GetInvSqrtQuantizedMultiplierExp}: {@code 1 / sqrt(input)} as a Q31 multiplier and a
     * shift, by five Newton-Raphson steps in gemmlowp fixed point (3 integer bits). {@code reverseShift} -1 (TensorFlow
     * Lite's {@code kReverseShift}) turns the right shift it computes into the left shift callers pass on; inputs 0
     * and 1 give the largest multiplier.
     */
    public static Multiplier invSqrtQuantizedMultiplierExp(int input, int reverseShift) {
        if (input <= 1) {
            return new Multiplier(Integer.MAX_VALUE, 0);
        }
        int shift = 11;
        while (input >= (1 << 29)) {
            input /= 4;
            ++shift;
        }
        int leftShiftBitPairs = (Integer.numberOfLeadingZeros(input) - 1) / 2 - 1;
        shift -= leftShiftBitPairs;
        input <<= 2 * leftShiftBitPairs;
        int halfInput = roundingDivideByPOT(input >> 1, 1);
        int halfThree = (1 << 28) + (1 << 27);
        int x = 1 << 28;
        for (int i = 0; i < 5; i++) {
            int x3 = saturatingShiftLeft(saturatingRoundingDoublingHighMul(saturatingRoundingDoublingHighMul(x, x), x),
                    6);
            x = saturatingShiftLeft(saturatingRoundingDoublingHighMul(halfThree, x)
                    - saturatingRoundingDoublingHighMul(halfInput, x3), 3);
        }
        x = saturatingRoundingDoublingHighMul(x, 1518500250); // times sqrt(2)/2 in Q31
        if (shift < 0) {
            x <<= -shift;
            shift = 0;
        }
        return new Multiplier(x, shift * reverseShift);
    }

    /** gemmlowp's {@code SaturatingRoundingMultiplyByPOT} for a positive exponent: a left shift clamped to int. */
    private static int saturatingShiftLeft(int x, int exponent) {
        int threshold = (1 << (31 - exponent)) - 1;
        return x > threshold ? Integer.MAX_VALUE : x < -threshold ? Integer.MIN_VALUE : x << exponent;
    }

    /**
     * TensorFlow Lite's {@code GetReciprocal}: {@code 1 / x} for a positive {@code x} with {@code integerDigits}
     * integer bits, as a Q31 mantissa in [0.5, 1] ({@link Multiplier#multiplier()}) and the number of bits the value
     * lies above 1 ({@link Multiplier#shift()}), through gemmlowp's {@code one_over_one_plus_x_for_x_in_0_1}.
     */
    public static Multiplier reciprocal(int x, int integerDigits) {
        int headroomPlusOne = Integer.numberOfLeadingZeros(x);
        int bitsOverUnit = integerDigits - headroomPlusOne;
        int shiftedSumMinusOne = (x << headroomPlusOne) - (1 << 31);
        return new Multiplier(oneOverOnePlusX(shiftedSumMinusOne), bitsOverUnit);
    }

    /**
     * gemmlowp's {@code one_over_one_plus_x_for_x_in_0_1}: {@code 1 / (1 + a)} for {@code a} in [0, 1) in Q31, by three
     * Newton-Raphson steps in Q2.29 from the 48/17 - 32/17 * d start; the result in Q31 (saturated at 1).
     */
    private static int oneOverOnePlusX(int a) {
        int halfDenominator = roundingHalfSum(a, Integer.MAX_VALUE);
        int x = 1515870810 + saturatingRoundingDoublingHighMul(halfDenominator, -1010580540);
        for (int i = 0; i < 3; i++) {
            int halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x);
            int oneMinus = (1 << 29) - halfDenominatorTimesX;
            x = x + saturatingShiftLeft(saturatingRoundingDoublingHighMul(x, oneMinus), 2);
        }
        return saturatingShiftLeft(x, 1);
    }

    /** gemmlowp's {@code RoundingHalfSum}: {@code (a + b) / 2}, halves away from zero. */
    private static int roundingHalfSum(int a, int b) {
        long sum = (long) a + b;
        return (int) ((sum + (sum >= 0 ? 1 : -1)) / 2);
    }

    /** TensorFlow Lite's {@code CountLeadingSignBits}: how far {@code x} can be shifted left without overflow. */
    public static int countLeadingSignBits(int x) {
        return Integer.numberOfLeadingZeros(x ^ (x >> 31)) - 1;
    }
}
