package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * DEPTH_TO_SPACE and SPACE_TO_DEPTH on NHWC tensors with {@code block_size} b. DEPTH_TO_SPACE moves channel
 * {@code (by * b + bx) * C' + c} of pixel {@code (h, w)} to channel {@code c} of pixel {@code (h * b + by, w * b + bx)};
 * SPACE_TO_DEPTH is its inverse. Both are one strided copy over a six-dimensional view of the tensors.
 */
final class DepthSpaceKernel extends MovementKernel {
    /** The operator's direction. */
    enum Direction { DEPTH_TO_SPACE(94), SPACE_TO_DEPTH(19);
        final int optionsType;

        Direction(int optionsType) {
            this.optionsType = optionsType;
        }
    }

    private static final int BLOCK_SIZE = 0;
    private final Direction direction;
    private CopyPlan copy;

    DepthSpaceKernel(Direction direction) {
        this.direction = direction;
    }

    @Override
    protected void checkNode(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Checks.rank(node, input, 4, "input");
        FlatTable options = Checks.options(node, direction.optionsType);
        int b = options == null ? 0 : options.getInt(BLOCK_SIZE, 0);
        if (b < 1) {
            throw node.error("block_size must be positive, is " + b);
        }
        int n = input.dim(0);
        int h = input.dim(1);
        int w = input.dim(2);
        int c = input.dim(3);
        int[] is = CopyPlan.strides(input.shape());
        if (direction == Direction.DEPTH_TO_SPACE) {
            if (c % ((long) b * b) != 0) {
                throw node.error("depth " + c + " is not a multiple of block_size^2 = " + (long) b * b);
            }
            int oc = (int) (c / ((long) b * b));
            int[] out = {n, Math.multiplyExact(h, b), Math.multiplyExact(w, b), oc};
            node.output(0).resize(out);
            // Output viewed as [n, h, by, w, bx, oc]; input offset of each is b*IS0 + h*IS1 + w*IS2 + (by*b+bx)*oc + c.
            int[] view = {n, h, b, w, b, oc};
            int[] src = {is[0], is[1], b * oc, is[2], oc, 1};
            copy = CopyPlan.of(view, src, CopyPlan.strides(view), 0, 0);
        } else {
            if (h % b != 0 || w % b != 0) {
                throw node.error("height and width of " + Arrays.toString(input.shape())
                        + " must be multiples of block_size " + b);
            }
            int oh = h / b;
            int ow = w / b;
            int[] out = {n, oh, ow, Math.multiplyExact(c, Math.multiplyExact(b, b))};
            node.output(0).resize(out);
            // Output viewed as [n, oh, ow, by, bx, c]; input pixel is (oh*b + by, ow*b + bx).
            int[] view = {n, oh, ow, b, b, c};
            int[] src = {is[0], b * is[1], b * is[2], is[1], is[2], 1};
            copy = CopyPlan.of(view, src, CopyPlan.strides(view), 0, 0);
        }
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        copy.copy(in.array(), in.offset(), out.array(), out.offset());
    }
}
