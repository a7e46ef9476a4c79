package dev.jlite.ops.quant;

/**
 * gemmlowp's 16-bit fixed-point {@code logistic} and {@code tanh} ({@code fixedpoint.h}), which TensorFlow Lite
 * 2.6's builtin INT16 LOGISTIC and TANH run when the input scale is 2^-12 or 2^-11: the input read as Q3.12, the
 * result in Q0.15. Raw values are Java ints holding int16 values; every step wraps or saturates to 16 bits exactly
 * where gemmlowp's int16 operations do.
 */
final class Gemmlowp16 {
    private static final int ONE_F0 = Short.MAX_VALUE;

    private Gemmlowp16() {}

    /** gemmlowp's {@code logistic} of a Q3.12 value. */
    static int logistic(int a) {
        if (a == 0) {
            return constant(1 << 30);
        }
        int abs = a > 0 ? a : wrap(-a);
        int positive = oneOverOnePlusX(expOnNegativeValues(wrap(-abs), 3));
        return a > 0 ? positive : wrap(ONE_F0 - positive);
    }

    /** gemmlowp's {@code tanh} of a Q3.12 value. */
    static int tanh(int a) {
        if (a == 0) {
            return 0;
        }
        int n = a < 0 ? a : wrap(-a);
        // ExactMulByPot<1>: the same raw value read as Q4.11.
        int t = oneMinusXOverOnePlusX(expOnNegativeValues(n, 4));
        return a < 0 ? wrap(-t) : t;
    }

    /** {@code exp(a)} for a Q{integerBits}.(15 - integerBits) value {@code a <= 0}, in Q0.15. */
    private static int expOnNegativeValues(int a, int integerBits) {
        int fractionalBits = 15 - integerBits;
        int oneQuarter = 1 << (fractionalBits - 2);
        int mask = oneQuarter - 1;
        int aModQuarterMinusOneQuarter = wrap((a & mask) - oneQuarter);
        int result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
                saturatingRoundingMultiplyByPot(aModQuarterMinusOneQuarter, integerBits));
        int remainder = wrap(aModQuarterMinusOneQuarter - a);
        int[] multipliers = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
        for (int k = 0; k < multipliers.length; k++) {
            int exponent = k - 2;
            if (integerBits > exponent && (remainder & (1 << (fractionalBits + exponent))) != 0) {
                result = mul(result, constant(multipliers[k]));
            }
        }
        return a == 0 ? ONE_F0 : result;
    }

    private static int expOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a) {
        int constantTerm = constant(1895147668);
        int oneThird = constant(715827883);
        int x = wrap(a + (1 << 12));
        int x2 = mul(x, x);
        int x3 = mul(x2, x);
        int x4 = mul(x2, x2);
        int x4Over4 = FixedPoint.roundingDivideByPOT(x4, 2);
        int poly = FixedPoint.roundingDivideByPOT(wrap(mul(wrap(x4Over4 + x3), oneThird) + x2), 1);
        return saturate(constantTerm + mul(constantTerm, wrap(x + poly)));
    }

    /** {@code 1 / (1 + a)} for a Q0.15 {@code a} in [0, 1), by three Newton-Raphson steps in Q2.13. */
    private static int oneOverOnePlusX(int a) {
        int x = newtonRaphson(roundingHalfSum(a, ONE_F0));
        // ExactMulByPot<-1> then Rescale<0>: the Q2.13 raw read as Q1.14, shifted left once, saturating.
        return saturatingRoundingMultiplyByPot(x, 1);
    }

    /** {@code (1 - a) / (1 + a)} for a Q0.15 {@code a} in [0, 1). */
    private static int oneMinusXOverOnePlusX(int a) {
        int x = newtonRaphson(roundingHalfSum(a, ONE_F0));
        return saturatingRoundingMultiplyByPot(wrap(x - (1 << 13)), 2);
    }

    /** {@code 1 / (2 * halfDenominator)} in Q2.13. */
    private static int newtonRaphson(int halfDenominator) {
        int x = wrap(constant(1515870810) + mul(halfDenominator, constant(-1010580540)));
        for (int i = 0; i < 3; i++) {
            int halfDenominatorTimesX = mul(halfDenominator, x);
            int oneMinus = wrap((1 << 13) - halfDenominatorTimesX);
            x = wrap(x + saturatingRoundingMultiplyByPot(mul(x, oneMinus), 2));
        }
        return x;
    }

    /** gemmlowp's 16-bit constant from its 32-bit form: {@code RoundingDivideByPOT(value, 16)}. */
    private static int constant(int value32) {
        return (short) FixedPoint.roundingDivideByPOT(value32, 16);
    }

    /** 16-bit {@code SaturatingRoundingDoublingHighMul}. */
    private static int mul(int a, int b) {
        if (a == Short.MIN_VALUE && b == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        int ab = a * b;
        int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
        return (short) ((ab + nudge) / (1 << 15));
    }

    /** 16-bit {@code SaturatingRoundingMultiplyByPOT}: a saturating left shift, or a rounding right shift. */
    private static int saturatingRoundingMultiplyByPot(int x, int exponent) {
        if (exponent < 0) {
            return FixedPoint.roundingDivideByPOT(x, -exponent);
        }
        int threshold = (1 << (15 - exponent)) - 1;
        if (x > threshold) {
            return Short.MAX_VALUE;
        }
        if (x < -threshold) {
            return Short.MIN_VALUE;
        }
        return (short) (x << exponent);
    }

    private static int roundingHalfSum(int a, int b) {
        int sum = a + b;
        int sign = sum >= 0 ? 1 : -1;
        return (short) ((sum + sign) / 2);
    }

    private static int wrap(int x) {
        return (short) x;
    }

    private static int saturate(int x) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, x));
    }
}
