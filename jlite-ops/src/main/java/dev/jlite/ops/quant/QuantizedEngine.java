package dev.jlite.ops.quant;

import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Vectorization;

/**
 * The integer inner loops of the quantized convolutions, in a plain Java version (the definition) and a Vector API
 * version that must give identical sums (integer sums are exact, so it does). Weights of a GEMM are packed in
 * column blocks of {@link #BLOCK} output channels: {@code w[(block * depth + i) * BLOCK + j]} is the weight of
 * input {@code i} for output channel {@code block * BLOCK + j}, zero past the last channel.
 */
abstract class QuantizedEngine {
    /** Output channels per packed column block. */
    static final int BLOCK = 16;
    /** Most pixels one {@link #gemm} call computes together. */
    static final int PIXELS = 4;

    private static final QuantizedEngine SCALAR = new ScalarQuantizedEngine();

    /** The engine for {@code node}: the Vector API one when SIMD is allowed and available. */
    static QuantizedEngine of(Node node) {
        QuantizedEngine v = VectorHolder.ENGINE;
        return v != null && Vectorization.use(node) ? v : SCALAR;
    }

    /** Channels rounded up to whole blocks. */
    static int padded(int channels) {
        return (channels + BLOCK - 1) / BLOCK * BLOCK;
    }

    /**
     * For {@code p < pixels} (at most {@link #PIXELS}), every output channel of {@code blocks} blocks:
     * {@code acc[p * accStride + c] += sum over i < depth of x[xBase + p * xStride + i] * W[i][c]}, W packed from
     * {@code wBase}.
     */
    abstract void gemm(int[] x, int xBase, int xStride, int pixels, int depth, int[] w, int wBase, int blocks,
            int[] acc, int accStride);

    /** Writes one pixel's {@code n} channels of 8-bit output through {@code stage}. */
    void requantize(OutputStage stage, int[] acc, int accBase, byte[] out, int outBase, int n) {
        stage.apply(acc, accBase, out, outBase, n);
    }

    /** {@code dst[at + k] = (x[from + k] & mask) - zeroPoint} for {@code k < n}: 8-bit values widened to ints. */
    abstract void widen(byte[] x, int from, int mask, int zeroPoint, int[] dst, int at, int n);

    /**
     * One depthwise pixel: {@code acc[accBase + k] += sum over t < taps of x[xOffsets[t] + k] * w[wOffsets[t] + k]}
     * for {@code k < n}.
     */
    abstract void depthwise(int[] x, int[] xOffsets, int[] w, int[] wOffsets, int taps, int[] acc, int accBase,
            int n);

    /** {@code acc[accBase + k] += x[xBase + k] * w[wBase + k]} for {@code k < n} (depthwise taps). */
    abstract void multiplyAdd(int[] x, int xBase, int[] w, int wBase, int[] acc, int accBase, int n);

    /** Loads the Vector API engine by name, only when the module is present (see {@link Vectorization}). */
    private static final class VectorHolder {
        static final QuantizedEngine ENGINE = load();

        private static QuantizedEngine load() {
            if (!Vectorization.AVAILABLE) {
                return null;
            }
            try {
                Class<?> c = Class.forName("dev.jlite.ops.quant.VectorQuantizedEngine");
                return (QuantizedEngine) c.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}
