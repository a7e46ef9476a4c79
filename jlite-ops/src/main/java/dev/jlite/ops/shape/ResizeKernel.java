package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * What RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR share: an NHWC input, an INT32 size input
 * {@code [new_height, new_width]}, the {@code align_corners} and {@code half_pixel_centers} options, and the
 * scale TensorFlow Lite derives from them.
 */
abstract class ResizeKernel extends MovementKernel {
    private final int optionsType;
    private final int alignCornersField;
    private final int halfPixelCentersField;
    protected boolean alignCorners;
    protected boolean halfPixelCenters;
    protected int batches;
    protected int inHeight;
    protected int inWidth;
    protected int depth;
    protected int outHeight;
    protected int outWidth;

    ResizeKernel(int optionsType, int alignCornersField, int halfPixelCentersField) {
        this.optionsType = optionsType;
        this.alignCornersField = alignCornersField;
        this.halfPixelCentersField = halfPixelCentersField;
    }

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Tensor size = node.requireInput(1);
        if (size.dataType() != DataType.INT32) {
            throw node.error("size input must be INT32, is " + size.dataType());
        }
        FlatTable options = Checks.options(node, optionsType);
        alignCorners = options != null && options.getBool(alignCornersField, false);
        halfPixelCenters = options != null && options.getBool(halfPixelCentersField, false);
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected final void plan(Node node) {
        Tensor input = node.input(0);
        Tensor size = node.input(1);
        Checks.rank(node, input, 4, "input");
        if (size.numDimensions() != 1 || size.dim(0) != 2) {
            throw node.error("size input must have shape [2], has " + Arrays.toString(size.shape()));
        }
        int[] hw = Checks.ints(node, size, "size");
        if (hw[0] <= 0 || hw[1] <= 0) {
            throw node.error("output size " + Arrays.toString(hw) + " must be positive");
        }
        batches = input.dim(0);
        inHeight = input.dim(1);
        inWidth = input.dim(2);
        depth = input.dim(3);
        outHeight = hw[0];
        outWidth = hw[1];
        node.output(0).resize(batches, outHeight, outWidth, depth);
        planIndices(node);
    }

    /** Precomputes the source positions of output rows and columns. */
    protected abstract void planIndices(Node node);

    /** TensorFlow Lite's input-per-output scale of one spatial dimension. */
    protected final float scale(int in, int out) {
        return alignCorners && out > 1 ? (float) (in - 1) / (out - 1) : (float) in / out;
    }
}
