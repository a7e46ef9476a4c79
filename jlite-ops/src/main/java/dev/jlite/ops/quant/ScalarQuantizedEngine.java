package dev.jlite.ops.quant;

/** The plain Java inner loops: the definition the Vector API engine is tested against. */
final class ScalarQuantizedEngine extends QuantizedEngine {
    @Override
    void gemm(int[] x, int xBase, int xStride, int pixels, int depth, int[] w, int wBase, int blocks, int[] acc,
            int accStride) {
        for (int p = 0; p < pixels; p++) {
            int xp = xBase + p * xStride;
            int ap = p * accStride;
            for (int b = 0; b < blocks; b++) {
                int wb = wBase + b * depth * BLOCK;
                int ab = ap + b * BLOCK;
                for (int i = 0; i < depth; i++) {
                    int xv = x[xp + i];
                    if (xv == 0) {
                        continue;
                    }
                    int wi = wb + i * BLOCK;
                    for (int j = 0; j < BLOCK; j++) {
                        acc[ab + j] += xv * w[wi + j];
                    }
                }
            }
        }
    }

    @Override
    void multiplyAdd(int[] x, int xBase, int[] w, int wBase, int[] acc, int accBase, int n) {
        for (int k = 0; k < n; k++) {
            acc[accBase + k] += x[xBase + k] * w[wBase + k];
        }
    }

    @Override
    void widen(byte[] x, int from, int mask, int zeroPoint, int[] dst, int at, int n) {
        for (int k = 0; k < n; k++) {
            dst[at + k] = (x[from + k] & mask) - zeroPoint;
        }
    }

    @Override
    void depthwise(int[] x, int[] xOffsets, int[] w, int[] wOffsets, int taps, int[] acc, int accBase, int n) {
        for (int t = 0; t < taps; t++) {
            multiplyAdd(x, xOffsets[t], w, wOffsets[t], acc, accBase, n);
        }
    }
}
