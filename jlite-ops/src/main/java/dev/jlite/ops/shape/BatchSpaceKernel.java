package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND on 4-D NHWC tensors, or 3-D NHC ones (a width of 1), with INT32 block
 * shape {@code [M]} and paddings (crops) {@code [M, 2]} for the M = 2 (or 1) spatial dimensions. SPACE_TO_BATCH_ND
 * pads the spatial dimensions (with 0, or the output's zero point when quantized), then moves each block offset
 * {@code (bh, bw)} to batch {@code (bh * block_w + bw) * batches + b}; BATCH_TO_SPACE_ND undoes that and crops. Each
 * pixel's channels move as one run, as in TensorFlow Lite's reference kernels.
 */
final class BatchSpaceKernel extends MovementKernel {
    private final boolean toBatch;
    private int inBatch;
    private int inHeight;
    private int inWidth;
    private int depth;
    private int outBatch;
    private int outHeight;
    private int outWidth;
    private int blockHeight;
    private int blockWidth;
    private int top;
    private int left;

    /** {@code toBatch}: SPACE_TO_BATCH_ND, else BATCH_TO_SPACE_ND. */
    BatchSpaceKernel(boolean toBatch) {
        this.toBatch = toBatch;
    }

    @Override
    protected void checkNode(Node node) {
        node.checkArity(3, 3, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        for (int i = 1; i <= 2; i++) {
            if (node.requireInput(i).dataType() != DataType.INT32) {
                throw node.error("input " + i + " must be INT32, is " + node.input(i).dataType());
            }
        }
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant() && node.input(2).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        int rank = input.numDimensions();
        if (rank != 3 && rank != 4) {
            throw node.error("input must have 3 or 4 dimensions, has shape " + Arrays.toString(input.shape()));
        }
        int spatial = rank - 2;
        Tensor blockInput = node.input(1);
        Tensor padInput = node.input(2);
        if (blockInput.numDimensions() != 1 || blockInput.dim(0) != spatial || padInput.numDimensions() != 2
                || padInput.dim(0) != spatial || padInput.dim(1) != 2) {
            throw node.error("block shape " + Arrays.toString(blockInput.shape()) + " and "
                    + (toBatch ? "paddings " : "crops ") + Arrays.toString(padInput.shape()) + " do not fit "
                    + spatial + " spatial dimensions");
        }
        int[] block = Checks.ints(node, blockInput, "block shape");
        int[] pads = Checks.ints(node, padInput, toBatch ? "paddings" : "crops");
        inBatch = input.dim(0);
        inHeight = input.dim(1);
        inWidth = spatial == 2 ? input.dim(2) : 1;
        depth = input.dim(rank - 1);
        blockHeight = block[0];
        blockWidth = spatial == 2 ? block[1] : 1;
        top = pads[0];
        left = spatial == 2 ? pads[2] : 0;
        int bottom = pads[1];
        int right = spatial == 2 ? pads[3] : 0;
        if (blockHeight < 1 || blockWidth < 1 || top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw node.error("block shape " + Arrays.toString(block) + " must be positive and "
                    + (toBatch ? "paddings " : "crops ") + Arrays.toString(pads) + " not negative");
        }
        int blocks = Math.multiplyExact(blockHeight, blockWidth);
        if (toBatch) {
            long h = (long) inHeight + top + bottom;
            long w = (long) inWidth + left + right;
            if (h % blockHeight != 0 || w % blockWidth != 0) {
                throw node.error("padded size " + h + "x" + w + " is not a multiple of the block shape "
                        + Arrays.toString(block));
            }
            outBatch = Math.multiplyExact(inBatch, blocks);
            outHeight = (int) (h / blockHeight);
            outWidth = (int) (w / blockWidth);
        } else {
            if (inBatch % blocks != 0) {
                throw node.error("batch " + inBatch + " is not a multiple of the block size " + blocks);
            }
            outBatch = inBatch / blocks;
            long h = (long) inHeight * blockHeight - top - bottom;
            long w = (long) inWidth * blockWidth - left - right;
            if (h < 0 || w < 0) {
                throw node.error("crops " + Arrays.toString(pads) + " exceed the output");
            }
            outHeight = (int) h;
            outWidth = (int) w;
        }
        node.output(0).resize(spatial == 2 ? new int[] {outBatch, outHeight, outWidth, depth}
                : new int[] {outBatch, outHeight, depth});
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        Object src = in.array();
        Object dst = out.array();
        if (toBatch) {
            DataType type = out.dataType();
            long padValue = type == DataType.UINT8 || type == DataType.INT8 || type == DataType.INT16
                    ? out.quantizationParams().zeroPoint() : 0;
            for (int ob = 0; ob < outBatch; ob++) {
                int b = ob % inBatch;
                int shiftW = (ob / inBatch) % blockWidth;
                int shiftH = (ob / inBatch) / blockWidth;
                for (int oh = 0; oh < outHeight; oh++) {
                    int h = oh * blockHeight + shiftH - top;
                    for (int ow = 0; ow < outWidth; ow++) {
                        int w = ow * blockWidth + shiftW - left;
                        int dp = out.offset() + ((ob * outHeight + oh) * outWidth + ow) * depth;
                        if (h < 0 || h >= inHeight || w < 0 || w >= inWidth) {
                            Elements.fill(dst, dp, dp + depth, 0f, padValue);
                        } else {
                            System.arraycopy(src, in.offset() + ((b * inHeight + h) * inWidth + w) * depth, dst, dp,
                                    depth);
                        }
                    }
                }
            }
            return;
        }
        for (int ib = 0; ib < inBatch; ib++) {
            int b = ib % outBatch;
            int offset = ib / outBatch;
            int shiftH = offset / blockWidth;
            int shiftW = offset % blockWidth;
            for (int ih = 0; ih < inHeight; ih++) {
                int h = ih * blockHeight + shiftH - top;
                if (h < 0 || h >= outHeight) {
                    continue;
                }
                for (int iw = 0; iw < inWidth; iw++) {
                    int w = iw * blockWidth + shiftW - left;
                    if (w < 0 || w >= outWidth) {
                        continue;
                    }
                    System.arraycopy(src, in.offset() + ((ib * inHeight + ih) * inWidth + iw) * depth, dst,
                            out.offset() + ((b * outHeight + h) * outWidth + w) * depth, depth);
                }
            }
        }
    }
}
