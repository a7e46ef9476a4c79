package dev.jlite.conformance;

/**
 * How closely jlite's outputs must match the official interpreter's. Integer and quantized outputs are always
 * compared bit for bit; float outputs within a fraction of the output's range (its max - min, or its largest
 * magnitude when that is larger).
 */
public enum Tolerance {
    /** Every output bit-exact, floats included (data movement, comparisons, integer arithmetic). */
    EXACT(0),
    /** Float arithmetic: 1e-5 of the output's range. */
    FLOAT(1e-5),
    /** Transcendental functions (exp, log, tanh, ...), which TensorFlow Lite approximates: 1e-4 of the range. */
    TRANSCENDENTAL(1e-4);

    final double relative;

    Tolerance(double relative) {
        this.relative = relative;
    }
}
