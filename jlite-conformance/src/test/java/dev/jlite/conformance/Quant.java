package dev.jlite.conformance;

import dev.jlite.DataType;

/**
 * Quantization choices shared by the quantized generators: realistic per-tensor scales and zero points for each
 * quantized type (INT16 activations are symmetric, as the 16x8 scheme has them), and data over a type's full range.
 */
final class Quant {
    private Quant() {}

    /** A scale and zero point for a tensor of {@code type}. */
    record Params(float scale, int zeroPoint) {
        @Override
        public String toString() {
            return "(" + scale + ", " + zeroPoint + ")";
        }
    }

    /** A random activation quantization for {@code type}: log-uniform scale, zero point anywhere in range. */
    static Params params(CaseRandom r, DataType type) {
        switch (type) {
            case INT8: return new Params(logUniform(r, 0.002f, 0.2f), r.between(-128, 127));
            case UINT8: return new Params(logUniform(r, 0.002f, 0.2f), r.between(0, 255));
            case INT16: return new Params(logUniform(r, 1e-5f, 1e-3f), 0);
            default: throw new IllegalArgumentException(type.toString());
        }
    }

    /** A scale drawn log-uniformly from [lo, hi). */
    static float logUniform(CaseRandom r, float lo, float hi) {
        return (float) Math.exp(r.uniform((float) Math.log(lo), (float) Math.log(hi)));
    }

    /** Quantizes tensor {@code t} of {@code m} with {@code p}. */
    static void apply(OpModel m, int t, Params p) {
        m.quantize(t, p.scale(), p.zeroPoint());
    }

    /** {@code n} values over the whole range of {@code type}, in its storage type (byte[] or short[]). */
    static Object data(CaseRandom r, DataType type, int n) {
        switch (type) {
            case INT8: return r.bytes(n, -128, 127);
            case UINT8: return r.bytes(n, 0, 255);
            case INT16: return r.shorts(n, Short.MIN_VALUE, Short.MAX_VALUE);
            default: throw new IllegalArgumentException(type.toString());
        }
    }
}
