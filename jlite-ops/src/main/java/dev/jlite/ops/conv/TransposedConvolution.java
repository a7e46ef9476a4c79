package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.kernel.ThreadPool;

/**
 * The arithmetic of TRANSPOSE_CONV and MediaPipe's Convolution2DTransposeBias, computed as a gather so that
 * output rows can be split across threads: output pixel {@code (oy, ox)} sums input pixel {@code (iy, ix)} times
 * filter tap {@code (ky, kx)} wherever {@code oy = iy*strideH - padTop + ky} and
 * {@code ox = ix*strideW - padLeft + kx}.
 * Within one output row, the pixels {@code ox = start + strideW*j} of one phase {@code start} share their taps and
 * read consecutive input pixels, so each phase is one engine call (plus single border pixels whose windows leave
 * the input). Weights are packed like CONV_2D's ({@code [O,KH,KW,I]} to {@code [KH*KW][I][O']}).
 */
final class TransposedConvolution {
    private final ThreadPool.RangeTask task = this::runParts;
    private final ConvEngine engine;
    private final PackedFilter filter;
    private final int batches;
    private final int inH;
    private final int inW;
    private final int inC;
    private final int kh;
    private final int kw;
    private final int strideH;
    private final int strideW;
    private final int threads;
    private final int[][] tapIn;
    private final int[][] tapW;
    /** The second phase's weights of a {@link #twoPhases} row. */
    private final int[][] tapW1;
    private final int[][] tapShift;
    private final int[][] borderIn;
    private final int[][] borderW;
    private final int[][] rowKy;
    private final int[][] rowIy;
    private int outH;
    private int outW;
    private int padTop;
    private int padLeft;
    private int parts;
    private boolean splitChannels;
    /**
     * Whether an output row is both column phases of the same input pixels, side by side: one output channel, a
     * filter 2 wide at stride 2 with no horizontal padding, so that output column {@code 2j + kx} takes input column
     * {@code j} under filter column {@code kx} alone (MediaPipe's segmentation models end in such a layer).
     */
    private boolean twoPhases;
    private float[] in;
    private int inBase;
    private float[] out;
    private int outBase;

    TransposedConvolution(ConvEngine engine, PackedFilter filter, int threads, int batches, int inH, int inW,
            int inC, int kh, int kw, int strideH, int strideW) {
        this.engine = engine;
        this.filter = filter;
        this.threads = threads;
        this.batches = batches;
        this.inH = inH;
        this.inW = inW;
        this.inC = inC;
        this.kh = kh;
        this.kw = kw;
        this.strideH = strideH;
        this.strideW = strideW;
        int taps = kh * kw;
        tapIn = new int[threads][taps];
        tapW = new int[threads][taps];
        tapW1 = new int[threads][kh];
        tapShift = new int[threads][taps];
        borderIn = new int[threads][taps];
        borderW = new int[threads][taps];
        rowKy = new int[threads][kh];
        rowIy = new int[threads][kh];
    }

    /**
     * TensorFlow Lite's total padding for TRANSPOSE_CONV along one dimension: that of a forward convolution whose
     * input is this op's output ({@code ComputePaddingHeightWidth} with dilation 1). The leading padding is half of
     * it, rounded down.
     */
    static int tfliteTotalPadding(dev.jlite.ops.common.Padding padding, int outSize, int k, int stride) {
        int convOut = padding.outputSize(outSize, k, stride, 1);
        return Math.max(0, (convOut - 1) * stride + k - outSize);
    }

    /**
     * Whether an output size fits the input size the way TensorFlow Lite's optimized kernel assumes: its col2im
     * step walks {@code (out + totalPadding - k) / stride + 1} input positions. Where that differs from the real
     * input size, its reference and optimized kernels compute different things (or read past their buffers).
     */
    static boolean consistent(int inSize, int outSize, int totalPadding, int k, int stride) {
        return (outSize + totalPadding - k) / stride + 1 == inSize;
    }

    /** Sets the output size and leading padding (at prepare, or at eval for a run-time output shape). */
    void setOutput(int outH, int outW, int padTop, int padLeft) {
        this.outH = outH;
        this.outW = outW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        int rows = batches * outH;
        int blocks = (filter.channels + filter.block - 1) / filter.block;
        splitChannels = rows < threads && blocks >= threads;
        parts = Math.max(1, Math.min(threads, splitChannels ? blocks : rows));
        twoPhases = filter.channels == 1 && kw == 2 && strideW == 2 && padLeft == 0 && outW == 2 * inW;
    }

    void run(ThreadPool pool, Tensor input, Tensor output) {
        in = input.floats();
        inBase = input.offset();
        out = output.floats();
        outBase = output.offset();
        pool.parallelFor(parts, task);
        in = null;
        out = null;
    }

    private void runParts(int from, int to) {
        int rows = batches * outH;
        for (int p = from; p < to; p++) {
            if (splitChannels) {
                int align = filter.block;
                int blocks = (filter.channels + align - 1) / align;
                rows(p, 0, rows, blocks * p / parts * align,
                        Math.min(filter.channels, blocks * (p + 1) / parts * align));
            } else {
                rows(p, (int) ((long) rows * p / parts), (int) ((long) rows * (p + 1) / parts), 0, filter.channels);
            }
        }
    }

    private void rows(int p, int rowFrom, int rowTo, int oFrom, int oTo) {
        int outC = filter.channels;
        int perTap = filter.tapStride();
        int[] tIn = tapIn[p];
        int[] tW = tapW[p];
        int[] tShift = tapShift[p];
        int[] bIn = borderIn[p];
        int[] bW = borderW[p];
        int[] kys = rowKy[p];
        int[] iys = rowIy[p];
        int image = inH * inW * inC;
        for (int r = rowFrom; r < rowTo; r++) {
            int n = r / outH;
            int oy = r - n * outH;
            int inImage = inBase + n * image;
            int outRow = outBase + r * outW * outC;
            int ny = 0;
            for (int ky = 0; ky < kh; ky++) {
                int t = oy + padTop - ky;
                if (t >= 0 && t % strideH == 0 && t / strideH < inH) {
                    kys[ny] = ky;
                    iys[ny] = t / strideH;
                    ny++;
                }
            }
            if (twoPhases) {
                int[] tW1 = tapW1[p];
                for (int y = 0; y < ny; y++) {
                    tIn[y] = iys[y] * inW * inC;
                    tW[y] = kys[y] * kw * perTap;
                    tW1[y] = tW[y] + perTap;
                }
                engine.convolveTwoPhases(filter, in, inImage, inC, tIn, tW, tW1, ny, out, outRow, inW);
                continue;
            }
            for (int start = 0; start < Math.min(strideW, outW); start++) {
                int pixels = (outW - 1 - start) / strideW + 1;
                int jFrom = 0;
                int jTo = pixels;
                int taps = 0;
                for (int kx = 0; kx < kw; kx++) {
                    int t = start + padLeft - kx;
                    if (Math.floorMod(t, strideW) != 0) {
                        continue;
                    }
                    // Output pixel j of this phase reads input column j + shift.
                    int shift = t / strideW;
                    jFrom = Math.max(jFrom, -shift);
                    jTo = Math.min(jTo, inW - shift);
                    for (int y = 0; y < ny; y++) {
                        tIn[taps] = (iys[y] * inW + shift) * inC;
                        tW[taps] = (kys[y] * kw + kx) * perTap;
                        tShift[taps] = shift;
                        taps++;
                    }
                }
                if (jTo <= jFrom) {
                    jFrom = pixels;
                    jTo = pixels;
                }
                int outStart = outRow + start * outC;
                int outStride = strideW * outC;
                if (jTo > jFrom) {
                    engine.convolve(filter, oFrom, oTo, in, inImage + jFrom * inC, inC, tIn, tW, taps, out,
                            outStart + jFrom * outStride, outStride, jTo - jFrom);
                }
                for (int j = 0; j < pixels; j++) {
                    if (j == jFrom && jTo > jFrom) {
                        j = jTo - 1;
                        continue;
                    }
                    int bt = 0;
                    for (int t = 0; t < taps; t++) {
                        int ix = j + tShift[t];
                        if (ix >= 0 && ix < inW) {
                            bIn[bt] = tIn[t];
                            bW[bt] = tW[t];
                            bt++;
                        }
                    }
                    engine.convolve(filter, oFrom, oTo, in, inImage + j * inC, 0, bIn, bW, bt, out,
                            outStart + j * outStride, outC, 1);
                }
            }
        }
    }
}
