package dev.jlite.ops.quant;

import java.util.function.DoubleUnaryOperator;

/**
 * TensorFlow Lite's 513-entry INT16 function tables ({@code gen_lut}, {@code generic_int16_table_lookup}): a
 * function sampled in Q0.15 at 512 even steps over {@code [min, max]}, each sample biased by half the error of linear
 * interpolation at the step's midpoint, then read back by linear interpolation on the low 7 bits of the input.
 */
final class Int16Lut {
    static final int SIZE = 513;

    private Int16Lut() {}

    /** The table of {@code f} over {@code [min, max]}. */
    static short[] of(DoubleUnaryOperator f, double min, double max) {
        short[] table = new short[SIZE];
        double step = (max - min) / (SIZE - 1);
        double halfStep = step / 2.0;
        for (int i = 0; i < SIZE - 1; i++) {
            double sample = FixedPoint.roundHalfAwayFromZero(f.applyAsDouble(min + i * step) * 32768.0);
            double midpointInterp = FixedPoint.roundHalfAwayFromZero((f.applyAsDouble(min + (i + 1) * step) * 32768.0
                    + FixedPoint.roundHalfAwayFromZero(f.applyAsDouble(min + i * step) * 32768.0)) / 2.0);
            double midpoint = FixedPoint.roundHalfAwayFromZero(f.applyAsDouble(min + i * step + halfStep) * 32768.0);
            double bias = FixedPoint.roundHalfAwayFromZero((midpointInterp - midpoint) / 2.0);
            table[i] = (short) Math.min(Math.max(sample - bias, -32768.0), 32767.0);
        }
        table[SIZE - 1] = (short) Math.min(Math.max(
                (double) FixedPoint.roundHalfAwayFromZero(f.applyAsDouble(max) * 32768.0), -32768.0), 32767.0);
        return table;
    }

    /** The interpolated table value at an INT16 input. */
    static short lookup(int value, short[] lut) {
        int index = 256 + (value >> 7);
        int offset = value & 0x7f;
        int base = lut[index];
        int slope = lut[index + 1] - lut[index];
        int delta = (slope * offset + 64) >> 7;
        return (short) (base + delta);
    }
}
