package dev.jlite.ops.quant;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * CONV_2D on INT8 (per-channel or per-tensor symmetric INT8 filter, INT32 bias), UINT8 (per-tensor asymmetric
 * UINT8 filter, INT32 bias) and INT16 activations with an INT8 filter and INT64 bias (16x8), bit-exact with
 * TensorFlow Lite 2.6. Filter {@code [O,KH,KW,I]} is packed once (when constant) as ints, tap and input channel
 * outermost and output channel innermost, so each input value is broadcast over a contiguous run of weights.
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
        int taps = kh * kw;
        int depth = taps * inC;
        for (int c = 0; c < outC; c++) {
            int src = base + c * depth;
            for (int k = 0; k < depth; k++) {
                weights[k * outC + c] = (f[src + k] & mask) - zeroPoint;
            }
        }
    }

    @Override
    void accumulate(int[] rows, boolean[] valid, int ox, int[] acc) {
        int[] w = weights;
        int oc = outC;
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
                int wo = (ky * kw + kx) * inC * oc;
                for (int i = 0; i < inC; i++, wo += oc) {
                    int xv = rows[xo + i];
                    if (xv == 0) {
                        continue;
                    }
                    for (int c = 0; c < oc; c++) {
                        acc[c] += xv * w[wo + c];
                    }
                }
            }
        }
    }

    @Override
    void accumulate(int[] rows, boolean[] valid, int ox, long[] acc) {
        int[] w = weights;
        int oc = outC;
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
                int wo = (ky * kw + kx) * inC * oc;
                for (int i = 0; i < inC; i++, wo += oc) {
                    int xv = rows[xo + i];
                    for (int c = 0; c < oc; c++) {
                        acc[c] += xv * w[wo + c];
                    }
                }
            }
        }
    }
}
