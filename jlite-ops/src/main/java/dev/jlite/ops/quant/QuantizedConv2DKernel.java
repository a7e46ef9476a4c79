package dev.jlite.ops.quant;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * CONV_2D on INT8 (per-channel or per-tensor symmetric INT8 filter, INT32 bias), UINT8 (per-tensor asymmetric
 * UINT8 filter, INT32 bias) and INT16 activations with an INT8 filter and INT64 bias (16x8), bit-exact with
 * TensorFlow Lite 2.6. Filter {@code [O,KH,KW,I]} is packed once (when constant) as ints, per tap one GEMM matrix
 * in {@link QuantizedEngine}'s column blocks; runs of four interior pixels go through the engine together.
 */
final class QuantizedConv2DKernel extends WindowedKernel {
    @Override
    boolean singleRounding() {
        return true;
    }

    @Override
    int optionsType() {
        return 1;
    }

    @Override
    int paddingField() {
        return 0;
    }

    @Override
    int strideWField() {
        return 1;
    }

    @Override
    int strideHField() {
        return 2;
    }

    @Override
    int activationField() {
        return 3;
    }

    @Override
    int dilationWField() {
        return 4;
    }

    @Override
    int dilationHField() {
        return 5;
    }

    @Override
    int outputChannels(Node node, Tensor input, Tensor filter) {
        if (filter.dim(3) != input.dim(3)) {
            throw node.error("filter has " + filter.dim(3) + " input channels, input has " + input.dim(3));
        }
        return filter.dim(0);
    }

    @Override
    int[] kernelSize(Tensor filter) {
        return new int[] {filter.dim(1), filter.dim(2)};
    }

    @Override
    void pack(byte[] f, int base, int zeroPoint, int mask) {
        // [tap][block][input channel][BLOCK]: one tap's weights are one GEMM's packed matrix.
        int taps = kh * kw;
        int blocks = blocks();
        for (int t = 0; t < taps; t++) {
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < inC; i++) {
                    int at = ((t * blocks + b) * inC + i) * QuantizedEngine.BLOCK;
                    for (int j = 0; j < QuantizedEngine.BLOCK; j++) {
                        int c = b * QuantizedEngine.BLOCK + j;
                        weights[at + j] = c < outC ? (f[base + (c * taps + t) * inC + i] & mask) - zeroPoint : 0;
                    }
                }
            }
        }
    }

    @Override
    int packedSize(Tensor filter) {
        return kh * kw * QuantizedEngine.padded(outC) * inC;
    }

    private int blocks() {
        return QuantizedEngine.padded(outC) / QuantizedEngine.BLOCK;
    }

    @Override
    void accumulate(int part, int[] rows, boolean[] valid, int ox, int pixels, int[] acc, int accStride) {
        int blocks = blocks();
        int tapSize = blocks * inC * QuantizedEngine.BLOCK;
        int xStride = strideW * inC;
        for (int ky = 0; ky < kh; ky++) {
            if (!valid[ky]) {
                continue;
            }
            for (int kx = 0; kx < kw; kx++) {
                int ix = column(ox, kx);
                if (ix < 0 || ix >= inW) {
                    continue;
                }
                engine.gemm(rows, rowOffset(ky) + ix * inC, xStride, pixels, inC, weights, (ky * kw + kx) * tapSize,
                        blocks, acc, accStride);
            }
        }
    }

    @Override
    void accumulate(int[] rows, boolean[] valid, int ox, long[] acc) {
        int[] w = weights;
        int blocks = blocks();
        int tapSize = blocks * inC * QuantizedEngine.BLOCK;
        for (int ky = 0; ky < kh; ky++) {
            if (!valid[ky]) {
                continue;
            }
            for (int kx = 0; kx < kw; kx++) {
                int ix = inputColumn(ox, kx);
                if (ix < 0) {
                    continue;
                }
                int xo = rowOffset(ky) + ix * inC;
                int tap = (ky * kw + kx) * tapSize;
                for (int c = 0; c < outC; c++) {
                    int wc = tap + (c / QuantizedEngine.BLOCK) * inC * QuantizedEngine.BLOCK
                            + c % QuantizedEngine.BLOCK;
                    long sum = 0;
                    for (int i = 0; i < inC; i++) {
                        sum += rows[xo + i] * w[wc + i * QuantizedEngine.BLOCK];
                    }
                    acc[c] += sum;
                }
            }
        }
    }
}
