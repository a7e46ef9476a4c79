package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * MIRROR_PAD: pads each dimension d with {@code paddings[d][0]} mirrored elements before and {@code paddings[d][1]}
 * after (paddings: INT32 or INT64 {@code [rank, 2]}). REFLECT mirrors around the edge element (at most size - 1 per
 * side), SYMMETRIC includes it (at most size). Larger paddings are rejected: TensorFlow Lite 2.6 reads outside the
 * input for them.
 */
final class MirrorPadKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 77;
    private static final int MODE = 0;
    private boolean symmetric;
    /** Per dimension, the input index each output index reads, pre-multiplied by the input stride. */
    private int[][] sources;
    private int[] outShape;
    private int[] counter;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 2, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "paddings");
        FlatTable options = node.options(OPTIONS_TYPE);
        int mode = options == null ? 0 : options.getByte(MODE, (byte) 0);
        if (mode != 0 && mode != 1) {
            throw node.error("unknown mirror pad mode " + mode);
        }
        symmetric = mode == 1;
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor paddingsInput = node.input(1);
        int rank = input.numDimensions();
        if (paddingsInput.numDimensions() != 2 || paddingsInput.dim(0) != rank || paddingsInput.dim(1) != 2) {
            throw node.error("paddings must have shape [" + rank + ", 2], has "
                    + Arrays.toString(paddingsInput.shape()));
        }
        int[] paddings = Checks.ints(node, paddingsInput, "paddings");
        int[] inShape = input.shape();
        int[] inStrides = CopyPlan.strides(inShape);
        outShape = new int[rank];
        sources = new int[rank][];
        for (int d = 0; d < rank; d++) {
            int n = inShape[d];
            int before = paddings[2 * d];
            int after = paddings[2 * d + 1];
            int limit = symmetric ? n : n - 1;
            if (before < 0 || after < 0 || before > limit || after > limit) {
                throw node.error("paddings " + Arrays.toString(paddings) + " exceed what " + (symmetric ? "SYMMETRIC"
                        : "REFLECT") + " mode allows for input shape " + Arrays.toString(inShape));
            }
            outShape[d] = n + before + after;
            int[] src = new int[outShape[d]];
            for (int o = 0; o < src.length; o++) {
                int i = o - before;
                if (i < 0) {
                    i = symmetric ? -i - 1 : -i;
                } else if (i >= n) {
                    i = symmetric ? 2 * n - 1 - i : 2 * n - 2 - i;
                }
                src[o] = i * inStrides[d];
            }
            sources[d] = src;
        }
        counter = new int[rank];
        node.output(0).resize(outShape);
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        Object src = in.array();
        Object dst = out.array();
        int rank = outShape.length;
        if (rank == 0) {
            System.arraycopy(src, in.offset(), dst, out.offset(), 1);
            return;
        }
        if (out.numElements() == 0) {
            return;
        }
        int last = rank - 1;
        int width = outShape[last];
        int[] c = counter;
        Arrays.fill(c, 0);
        int dp = out.offset();
        while (true) {
            int rowBase = in.offset();
            for (int d = 0; d < last; d++) {
                rowBase += sources[d][c[d]];
            }
            Elements.gather(src, rowBase, sources[last], width, dst, dp);
            dp += width;
            int d = last - 1;
            while (d >= 0 && ++c[d] == outShape[d]) {
                c[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
