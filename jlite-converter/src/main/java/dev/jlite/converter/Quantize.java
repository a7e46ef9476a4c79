package dev.jlite.converter;

/** Post-training quantization modes. */
public enum Quantize {
    /** Float32 weights and activations. */
    NONE,
    /** Float16 weights behind DEQUANTIZE operators; float32 computation. */
    FLOAT16,
    /** Int8 weights (per channel for convolutions), float activations: hybrid kernels. */
    DYNAMIC,
    /** Full integer: int8 weights and activations calibrated on representative data. */
    INT8;

    /** Parses a command-line name ({@code none}, {@code float16}, {@code dynamic}, {@code int8}). */
    public static Quantize parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
