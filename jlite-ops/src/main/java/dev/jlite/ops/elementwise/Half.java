package dev.jlite.ops.elementwise;

/**
 * IEEE 754 binary16 to float32 conversion ({@code Float.float16ToFloat} only exists from Java 20). Every half
 * value is exactly representable as a float: normals re-bias the exponent, subnormals are {@code m * 2^-24},
 * infinities stay infinite and NaNs keep their sign and payload (shifted into the float's mantissa).
 */
final class Half {
    private Half() {}

    static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24 is exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13));
    }
}
