package dev.jlite.ops.quant;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * DEPTHWISE_CONV_2D on INT8 (INT8 filter quantized per tensor or per output channel, INT32 bias), UINT8 (per-tensor
 * UINT8 filter, INT32 bias) and INT16 activations with INT8 filter and INT64 bias (16x8), bit-exact with TensorFlow
 * Lite 2.6. Filter {@code [1,KH,KW,C*M]}: the depth multiplier {@code M} comes from the shapes. The filter's layout
 * is already channel-innermost; it is only widened to ints.
 */
final class QuantizedDepthwiseConv2DKernel extends WindowedKernel {
    private int multiplier;
    /** Per part, the row-buffer and weight offsets of the current pixel's taps. */
    private int[][] tapInput;
    private int[][] tapWeight;

    @Override
    public void prepare(Node node) {
        super.prepare(node);
        tapInput = new int[parts()][kh * kw];
        tapWeight = new int[parts()][kh * kw];
    }

    @Override
    boolean singleRounding() {
        return false;
    }

    @Override
    int optionsType() {
        return 2;
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
        return 4;
    }

    @Override
    int dilationWField() {
        return 5;
    }

    @Override
    int dilationHField() {
        return 6;
    }

    @Override
    int outputChannels(Node node, Tensor input, Tensor filter) {
        int in = input.dim(3);
        int out = filter.dim(3);
        if (filter.dim(0) != 1 || in <= 0 || out % in != 0) {
            throw node.error("filter " + java.util.Arrays.toString(filter.shape()) + " must be [1, H, W, C*M] for "
                    + in + " input channels");
        }
        multiplier = out / in;
        return out;
    }

    @Override
    int[] kernelSize(Tensor filter) {
        return new int[] {filter.dim(1), filter.dim(2)};
    }

    @Override
    void pack(byte[] f, int base, int zeroPoint, int mask) {
        for (int k = 0; k < weights.length; k++) {
            weights[k] = (f[base + k] & mask) - zeroPoint;
        }
    }

    @Override
    int packedSize(Tensor filter) {
        return filter.numElements();
    }

    @Override
    void accumulate(int part, int[] rows, boolean[] valid, int ox, int pixels, int[] acc, int accStride) {
        int[] w = weights;
        int oc = outC;
        int[] xs = tapInput[part];
        int[] ws = tapWeight[part];
        for (int q = 0; q < pixels; q++) {
            int a = q * accStride;
            int x = ox + q;
            int taps = 0;
            for (int ky = 0; ky < kh; ky++) {
                if (!valid[ky]) {
                    continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                    int ix = inputColumn(x, kx);
                    if (ix >= 0) {
                        xs[taps] = rowOffset(ky) + ix * inC;
                        ws[taps] = (ky * kw + kx) * oc;
                        taps++;
                    }
                }
            }
            if (multiplier == 1) {
                engine.depthwise(rows, xs, w, ws, taps, acc, a, oc);
                continue;
            }
            for (int t = 0; t < taps; t++) {
                for (int ic = 0, c = 0; ic < inC; ic++) {
                    int xv = rows[xs[t] + ic];
                    for (int m = 0; m < multiplier; m++, c++) {
                        acc[a + c] += xv * w[ws[t] + c];
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
                int wo = (ky * kw + kx) * oc;
                for (int ic = 0, c = 0; ic < inC; ic++) {
                    int xv = rows[xo + ic];
                    for (int m = 0; m < multiplier; m++, c++) {
                        acc[c] += xv * w[wo + c];
                    }
                }
            }
        }
    }
}
