package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/**
 * RESIZE_NEAREST_NEIGHBOR as TensorFlow Lite's reference kernel: the source of output index i is
 * {@code floor((i + offset) * scale)} ({@code round} with align_corners), at most size - 1, where offset is 0.5 with
 * half_pixel_centers. Moves whole pixels, so it serves every element type.
 */
final class ResizeNearestNeighborKernel extends ResizeKernel {
    private static final int OPTIONS_TYPE = 74;
    private int[] rowSource;
    private int[] columnSource;

    ResizeNearestNeighborKernel() {
        super(OPTIONS_TYPE, 0, 1);
    }

    @Override
    protected void planIndices(Node node) {
        rowSource = sources(inHeight, outHeight);
        columnSource = sources(inWidth, outWidth);
    }

    private int[] sources(int in, int out) {
        float scale = scale(in, out);
        float offset = halfPixelCenters ? 0.5f : 0f;
        int[] src = new int[out];
        for (int i = 0; i < out; i++) {
            float v = (i + offset) * scale;
            int s = Math.min(alignCorners ? Math.round(v) : (int) Math.floor(v), in - 1);
            src[i] = halfPixelCenters ? Math.max(0, s) : s;
        }
        return src;
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        Object src = in.array();
        Object dst = out.array();
        int outRow = outWidth * depth;
        int inRow = inWidth * depth;
        int dp = out.offset();
        for (int b = 0; b < batches; b++) {
            int inBatch = in.offset() + b * inHeight * inRow;
            for (int y = 0; y < outHeight; y++, dp += outRow) {
                // Upscaled rows repeat: copy the row just written instead of gathering it again.
                if (y > 0 && rowSource[y] == rowSource[y - 1]) {
                    System.arraycopy(dst, dp - outRow, dst, dp, outRow);
                    continue;
                }
                int rowBase = inBatch + rowSource[y] * inRow;
                for (int x = 0; x < outWidth; x++) {
                    System.arraycopy(src, rowBase + columnSource[x] * depth, dst, dp + x * depth, depth);
                }
            }
        }
    }
}
