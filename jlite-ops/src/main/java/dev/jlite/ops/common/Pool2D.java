package dev.jlite.ops.common;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;

/**
 * The window geometry of AVERAGE_POOL_2D and MAX_POOL_2D, read once from a node's Pool2DOptions and its NHWC input,
 * for the float and the quantized pooling kernels alike. Windows are clipped to the input: a pixel's window starts
 * at {@code oy * strideH - padTop} (and {@code ox * strideW - padLeft}), and padding never contributes.
 */
public final class Pool2D {
    /** The Pool2DOptions member of the BuiltinOptions union. */
    private static final int POOL_2D_OPTIONS = 5;
    // Pool2DOptions fields.
    private static final int PADDING = 0;
    private static final int STRIDE_W = 1;
    private static final int STRIDE_H = 2;
    private static final int FILTER_WIDTH = 3;
    private static final int FILTER_HEIGHT = 4;
    private static final int FUSED_ACTIVATION = 5;

    public final int strideW;
    public final int strideH;
    public final int filterW;
    public final int filterH;
    public final int inH;
    public final int inW;
    public final int channels;
    public final int outH;
    public final int outW;
    public final int padTop;
    public final int padLeft;
    /** The fused activation's code (ActivationFunctionType). */
    public final int fusedActivation;

    private Pool2D(Node node, Tensor input, FlatTable options) {
        Padding padding = Padding.of(options.getByte(PADDING, (byte) 0), node);
        strideW = options.getInt(STRIDE_W, 0);
        strideH = options.getInt(STRIDE_H, 0);
        filterW = options.getInt(FILTER_WIDTH, 0);
        filterH = options.getInt(FILTER_HEIGHT, 0);
        fusedActivation = options.getByte(FUSED_ACTIVATION, (byte) 0);
        inH = input.dim(1);
        inW = input.dim(2);
        channels = input.dim(3);
        outH = padding.checkedOutputSize(node, "height", inH, filterH, strideH, 1);
        outW = padding.checkedOutputSize(node, "width", inW, filterW, strideW, 1);
        padTop = padding.leadingPadding(inH, filterH, strideH, 1, outH);
        padLeft = padding.leadingPadding(inW, filterW, strideW, 1, outW);
    }

    /**
     * Reads the node's options against its 4-D NHWC {@code input}.
     *
     * @throws dev.jlite.ModelFormatException (through {@link Node#error}) for another rank, missing options, an
     *     unknown padding or a window that does not fit
     */
    public static Pool2D of(Node node, Tensor input) {
        if (input.numDimensions() != 4) {
            throw node.error("input must be 4-D NHWC, got rank " + input.numDimensions());
        }
        FlatTable options = node.options(POOL_2D_OPTIONS);
        if (options == null) {
            throw node.error("Pool2DOptions are missing (strides and filter size are required)");
        }
        return new Pool2D(node, input, options);
    }
}
