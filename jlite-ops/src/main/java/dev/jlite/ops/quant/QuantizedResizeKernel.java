package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * Quantized RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR of an NHWC tensor to the INT32 {@code [height, width]} of
 * the size input, with {@code align_corners} and {@code half_pixel_centers}; values keep the input's quantization.
 * The arithmetic is that of the kernel TensorFlow Lite 2.6 runs for each type (see {@link Method}).
 */
final class QuantizedResizeKernel implements Kernel {
    private static final int BILINEAR_OPTIONS = 15;
    private static final int NEAREST_OPTIONS = 74;

    /** How source positions and values are computed. */
    enum Method {
        /** Nearest neighbour, float positions: {@code floor((i + offset) * scale)}, rounded with align_corners. */
        NEAREST,
        /**
         * UINT8 nearest neighbour without either option (the optimized kernel): 16.16 fixed-point positions,
         * {@code (i * ((in << 16) / out + 1)) >> 16}.
         */
        NEAREST_FIXED,
        /** UINT8 bilinear (the optimized kernel): float weights, the sum plus 0.5 truncated. */
        BILINEAR_FLOAT,
        /** INT8 and INT16 bilinear (the integer kernel): positions and weights in 1/1024ths, rounded. */
        BILINEAR_INTEGER
    }

    private final boolean bilinear;
    private Method method;
    private boolean alignCorners;
    private boolean halfPixelCenters;
    private boolean planWhileRunning;
    private int batches;
    private int inHeight;
    private int inWidth;
    private int depth;
    private int outHeight;
    private int outWidth;
    /** Per output row and column: the low and high source index and (bilinear) the position. */
    private int[] rowLow;
    private int[] rowHigh;
    private int[] colLow;
    private int[] colHigh;
    private float[] rowPos;
    private float[] colPos;
    private int[] rowPos10;
    private int[] colPos10;

    QuantizedResizeKernel(boolean bilinear) {
        this.bilinear = bilinear;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Tensor size = node.requireInput(1);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if (!Quantized.isQuantizedType(type) || output.dataType() != type) {
            throw node.error("expects INT8, UINT8 or INT16 in and out, got " + type + " -> " + output.dataType());
        }
        if (size.dataType() != DataType.INT32) {
            throw node.error("size input must be INT32, is " + size.dataType());
        }
        FlatTable options = node.options(bilinear ? BILINEAR_OPTIONS : NEAREST_OPTIONS);
        alignCorners = options != null && options.getBool(bilinear ? 2 : 0, false);
        halfPixelCenters = options != null && options.getBool(bilinear ? 3 : 1, false);
        if (bilinear && alignCorners && halfPixelCenters) {
            throw node.error("align_corners and half_pixel_centers cannot both be true");
        }
        if (bilinear) {
            method = type == DataType.UINT8 ? Method.BILINEAR_FLOAT : Method.BILINEAR_INTEGER;
        } else {
            method = type == DataType.UINT8 && !alignCorners && !halfPixelCenters ? Method.NEAREST_FIXED
                    : Method.NEAREST;
        }
        planWhileRunning = input.isDynamic() || !size.isConstant();
        if (planWhileRunning) {
            output.markDynamic();
        } else {
            plan(node);
        }
    }

    private void plan(Node node) {
        Tensor input = node.input(0);
        Tensor size = node.input(1);
        if (input.numDimensions() != 4) {
            throw node.error("input must be 4-D NHWC, has rank " + input.numDimensions());
        }
        if (size.numDimensions() != 1 || size.dim(0) != 2) {
            throw node.error("size input must have shape [2], has " + Arrays.toString(size.shape()));
        }
        int h = size.ints()[size.offset()];
        int w = size.ints()[size.offset() + 1];
        if (h <= 0 || w <= 0) {
            throw node.error("output size [" + h + ", " + w + "] must be positive");
        }
        batches = input.dim(0);
        inHeight = input.dim(1);
        inWidth = input.dim(2);
        depth = input.dim(3);
        outHeight = h;
        outWidth = w;
        node.output(0).resize(batches, outHeight, outWidth, depth);
        rowLow = new int[outHeight];
        rowHigh = new int[outHeight];
        colLow = new int[outWidth];
        colHigh = new int[outWidth];
        rowPos = new float[outHeight];
        colPos = new float[outWidth];
        rowPos10 = new int[outHeight];
        colPos10 = new int[outWidth];
        positions(inHeight, outHeight, rowLow, rowHigh, rowPos, rowPos10);
        positions(inWidth, outWidth, colLow, colHigh, colPos, colPos10);
    }

    private float scale(int in, int out) {
        return alignCorners && out > 1 ? (float) (in - 1) / (out - 1) : (float) in / out;
    }

    private void positions(int in, int out, int[] low, int[] high, float[] pos, int[] pos10) {
        switch (method) {
            case NEAREST: {
                float scale = scale(in, out);
                float offset = halfPixelCenters ? 0.5f : 0f;
                for (int i = 0; i < out; i++) {
                    float v = (i + offset) * scale;
                    int s = Math.min(alignCorners ? FixedPoint.roundHalfAwayFromZero(v) : (int) Math.floor(v), in - 1);
                    low[i] = halfPixelCenters ? Math.max(0, s) : s;
                }
                break;
            }
            case NEAREST_FIXED: {
                int scale = (in << 16) / out + 1;
                for (int i = 0; i < out; i++) {
                    low[i] = Math.min((i * scale) >> 16, in - 1);
                }
                break;
            }
            case BILINEAR_FLOAT: {
                float scale = scale(in, out);
                for (int i = 0; i < out; i++) {
                    float v = halfPixelCenters ? (i + 0.5f) * scale - 0.5f : i * scale;
                    pos[i] = v;
                    low[i] = Math.max((int) (float) Math.floor(v), 0);
                    high[i] = Math.min((int) (float) Math.ceil(v), in - 1);
                }
                break;
            }
            default: {
                int scale10 = alignCorners && out > 1 ? ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1)
                        : ((1 << 10) * in + out / 2) / out;
                for (int i = 0; i < out; i++) {
                    int v = halfPixelCenters ? i * scale10 + scale10 / 2 - (1 << 9) : i * scale10;
                    pos10[i] = v;
                    low[i] = Math.max(v / (1 << 10), 0);
                    high[i] = Math.min((v + (1 << 10) - 1) / (1 << 10), in - 1);
                }
                break;
            }
        }
    }

    @Override
    public void eval(Node node) {
        if (planWhileRunning) {
            plan(node);
        }
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        if (method == Method.NEAREST || method == Method.NEAREST_FIXED) {
            nearest(in, out);
        } else if (method == Method.BILINEAR_FLOAT) {
            bilinearFloat(in.bytes(), in.offset(), out.bytes(), out.offset());
        } else {
            bilinearInteger(in, out);
        }
    }

    private void nearest(Tensor in, Tensor out) {
        Object src = in.array();
        Object dst = out.array();
        int inRow = inWidth * depth;
        int dp = out.offset();
        for (int b = 0; b < batches; b++) {
            int inBatch = in.offset() + b * inHeight * inRow;
            for (int y = 0; y < outHeight; y++) {
                int rowBase = inBatch + rowLow[y] * inRow;
                for (int x = 0; x < outWidth; x++, dp += depth) {
                    System.arraycopy(src, rowBase + colLow[x] * depth, dst, dp, depth);
                }
            }
        }
    }

    /** {@code ResizeBilinearGenericSmallChannel}: four float weights, summed in order, plus 0.5, truncated. */
    private void bilinearFloat(byte[] x, int xo, byte[] y, int yo) {
        int inRow = inWidth * depth;
        int dp = yo;
        for (int b = 0; b < batches; b++) {
            int inBatch = xo + b * inHeight * inRow;
            for (int oy = 0; oy < outHeight; oy++) {
                float dy = rowPos[oy] - rowLow[oy];
                int r0 = inBatch + rowLow[oy] * inRow;
                int r1 = inBatch + rowHigh[oy] * inRow;
                for (int ox = 0; ox < outWidth; ox++) {
                    float dx = colPos[ox] - colLow[ox];
                    float s0 = (1 - dy) * (1 - dx);
                    float s1 = (1 - dy) * dx;
                    float s2 = dy * (1 - dx);
                    float s3 = dy * dx;
                    int p00 = r0 + colLow[ox] * depth;
                    int p01 = r0 + colHigh[ox] * depth;
                    int p10 = r1 + colLow[ox] * depth;
                    int p11 = r1 + colHigh[ox] * depth;
                    for (int c = 0; c < depth; c++, dp++) {
                        float v = (x[p00 + c] & 0xFF) * s0 + (x[p01 + c] & 0xFF) * s1 + (x[p10 + c] & 0xFF) * s2
                                + (x[p11 + c] & 0xFF) * s3 + 0.5f;
                        y[dp] = (byte) (int) v;
                    }
                }
            }
        }
    }

    /** {@code ResizeBilinearInteger}: weights in 1/1024ths, the 20-bit sum rounded half away from zero. */
    private void bilinearInteger(Tensor in, Tensor out) {
        boolean isShort = in.dataType() == DataType.INT16;
        int inRow = inWidth * depth;
        int dp = out.offset();
        for (int b = 0; b < batches; b++) {
            int inBatch = in.offset() + b * inHeight * inRow;
            for (int oy = 0; oy < outHeight; oy++) {
                long wy1 = rowPos10[oy] - (1 << 10) * rowLow[oy];
                long wy0 = (1 << 10) - wy1;
                int r0 = inBatch + rowLow[oy] * inRow;
                int r1 = inBatch + rowHigh[oy] * inRow;
                for (int ox = 0; ox < outWidth; ox++) {
                    long wx1 = colPos10[ox] - (1 << 10) * colLow[ox];
                    long wx0 = (1 << 10) - wx1;
                    int p00 = r0 + colLow[ox] * depth;
                    int p01 = r0 + colHigh[ox] * depth;
                    int p10 = r1 + colLow[ox] * depth;
                    int p11 = r1 + colHigh[ox] * depth;
                    for (int c = 0; c < depth; c++, dp++) {
                        long v00 = value(in, isShort, p00 + c);
                        long v01 = value(in, isShort, p01 + c);
                        long v10 = value(in, isShort, p10 + c);
                        long v11 = value(in, isShort, p11 + c);
                        long sum = v00 * wy0 * wx0 + v10 * wy1 * wx0 + v01 * wy0 * wx1 + v11 * wy1 * wx1;
                        long round = sum > 0 ? (1 << 19) : -(1 << 19);
                        long q = (sum + round) / (1 << 20);
                        if (isShort) {
                            out.shorts()[dp] = (short) q;
                        } else {
                            out.bytes()[dp] = (byte) q;
                        }
                    }
                }
            }
        }
    }

    private static long value(Tensor t, boolean isShort, int i) {
        return isShort ? t.shorts()[i] : t.bytes()[i];
    }
}
