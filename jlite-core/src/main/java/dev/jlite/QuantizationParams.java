package dev.jlite;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: {@code real = scale * (q - zeroPoint)}, either per tensor (one scale) or per
 * axis ({@link #quantizedDimension()} names the axis, one scale and zero point per slice along it).
 */
public final class QuantizationParams {
    /** No quantization. */
    public static final QuantizationParams NONE = new QuantizationParams(new float[0], new long[0], 0, null, null);

    private final float[] scales;
    private final long[] zeroPoints;
    private final int quantizedDimension;
    private final float[] min;
    private final float[] max;

    public QuantizationParams(float[] scales, long[] zeroPoints, int quantizedDimension, float[] min, float[] max) {
        this.scales = scales.clone();
        this.zeroPoints = zeroPoints.clone();
        this.quantizedDimension = quantizedDimension;
        this.min = min == null ? null : min.clone();
        this.max = max == null ? null : max.clone();
    }

    /** Whether scales are present. */
    public boolean isQuantized() {
        return scales.length > 0;
    }

    /** Whether there is one scale per slice along {@link #quantizedDimension()}. */
    public boolean isPerAxis() {
        return scales.length > 1;
    }

    /** The scale, per tensor (0 when not quantized). */
    public float scale() {
        return scales.length == 0 ? 0f : scales[0];
    }

    /** The zero point, per tensor (0 when not quantized). */
    public int zeroPoint() {
        return zeroPoints.length == 0 ? 0 : (int) zeroPoints[0];
    }

    public float[] scales() {
        return scales.clone();
    }

    public long[] zeroPoints() {
        return zeroPoints.clone();
    }

    public int quantizedDimension() {
        return quantizedDimension;
    }

    /** Calibration minimums recorded by the converter, or {@code null}. */
    public float[] min() {
        return min == null ? null : min.clone();
    }

    /** Calibration maximums recorded by the converter, or {@code null}. */
    public float[] max() {
        return max == null ? null : max.clone();
    }

    @Override
    public String toString() {
        if (!isQuantized()) {
            return "none";
        }
        return isPerAxis()
                ? "per-axis(dim=" + quantizedDimension + ", " + scales.length + " scales)"
                : "scale=" + scales[0] + ", zeroPoint=" + zeroPoints[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizationParams q && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints) && quantizedDimension == q.quantizedDimension;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(scales) * 31 + Arrays.hashCode(zeroPoints) + quantizedDimension;
    }
}
