package dev.jlite.ops.common;

import dev.jlite.kernel.Node;

/** TensorFlow Lite's SAME/VALID padding: output sizes and the leading padding of a spatial dimension. */
public enum Padding {
    SAME, VALID;

    /** The padding with this schema code (0 SAME, 1 VALID). */
    public static Padding of(int code, Node node) {
        if (code == 0) {
            return SAME;
        }
        if (code == 1) {
            return VALID;
        }
        throw node.error("unknown padding " + code);
    }

    /** Output size along one dimension, as TensorFlow Lite's {@code ComputeOutSize}. */
    public int outputSize(int in, int filter, int stride, int dilation) {
        int effective = (filter - 1) * dilation + 1;
        if (this == SAME) {
            return (in + stride - 1) / stride;
        }
        return (in - effective + stride) / stride;
    }

    /**
     * Padding before the first element, as TensorFlow Lite's {@code ComputePaddingWithOffset}: SAME splits the
     * total padding with the smaller half first; VALID pads nothing.
     */
    public int leadingPadding(int in, int filter, int stride, int dilation, int out) {
        int effective = (filter - 1) * dilation + 1;
        int total = Math.max(0, (out - 1) * stride + effective - in);
        return this == SAME ? total / 2 : 0;
    }

    /** Checks stride and dilation and returns the output size, failing on a non-positive size. */
    public int checkedOutputSize(Node node, String dimension, int in, int filter, int stride, int dilation) {
        if (stride <= 0 || dilation <= 0 || filter <= 0) {
            throw node.error(dimension + ": filter " + filter + ", stride " + stride + " and dilation " + dilation
                    + " must be positive");
        }
        int out = outputSize(in, filter, stride, dilation);
        if (out <= 0) {
            throw node.error(dimension + ": input size " + in + " is too small for filter " + filter
                    + " with dilation " + dilation + " (" + this + " padding)");
        }
        return out;
    }
}
