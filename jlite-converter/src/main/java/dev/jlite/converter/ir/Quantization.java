package dev.jlite.converter.ir;

/** Quantization parameters of a tensor: per tensor (one scale) or per axis. */
public record Quantization(float[] scales, long[] zeroPoints, int axis) {
    public static Quantization perTensor(float scale, long zeroPoint) {
        return new Quantization(new float[] {scale}, new long[] {zeroPoint}, 0);
    }
}
