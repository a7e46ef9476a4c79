package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.common.Vectorization;
import dev.jlite.ops.elementwise.Parallel;
import java.util.Arrays;

/**
 * PAD and PADV2: surrounds the input with {@code paddings[d][0]} elements before and {@code paddings[d][1]} after
 * along each dimension d (paddings is an INT32 or INT64 {@code [rank, 2]} tensor). The fill value is PADV2's
 * one-element constant input when present, else zero: for quantized tensors the output's zero point, and a
 * constant value must then share the output's quantization.
 */
final class PadKernel extends MovementKernel {
    /** TensorFlow Lite's limit on the rank of a padded tensor. */
    static final int MAX_RANK = 5;
    private PadPlan pad;
    /**
     * The output cut along the plan's outermost dimension into parts (several per thread, so that the pool can
     * balance them): part p writes that dimension's output indices {@code [partStart[p], partStart[p + 1])}.
     */
    private int[] partStart;
    private boolean padded;
    private final ThreadPool.RangeTask task = this::runParts;
    private Object src;
    private int srcOffset;
    private Object dst;
    private int dstOffset;
    private float floatValue;
    private long intValue;

    @Override
    protected void checkNode(Node node) {
        node.checkArity(2, 3, 1);
        Tensor input = node.requireInput(0);
        Checks.movable(node, input, "input");
        Checks.sameType(node, input, node.output(0));
        Checks.indexType(node, node.requireInput(1), "paddings");
        Tensor value = node.input(2);
        if (value != null) {
            if (value.dataType() != input.dataType()) {
                throw node.error("constant value type " + value.dataType() + " differs from input type "
                        + input.dataType());
            }
            QuantizationParams vq = value.quantizationParams();
            QuantizationParams oq = node.output(0).quantizationParams();
            if (isQuantizedType(input.dataType()) && (vq.isQuantized() || oq.isQuantized())
                    && (vq.scale() != oq.scale() || vq.zeroPoint() != oq.zeroPoint())) {
                throw node.error("constant value quantization (" + vq + ") differs from the output's (" + oq + ")");
            }
        }
    }

    private static boolean isQuantizedType(DataType t) {
        return t == DataType.UINT8 || t == DataType.INT8 || t == DataType.INT16;
    }

    @Override
    protected boolean shapeValuesKnown(Node node) {
        return node.input(1).isConstant();
    }

    @Override
    protected void plan(Node node) {
        Tensor input = node.input(0);
        Tensor paddingsInput = node.input(1);
        Checks.maxRank(node, input, MAX_RANK, "input");
        int rank = input.numDimensions();
        if (paddingsInput.numDimensions() != 2 || paddingsInput.dim(0) != rank || paddingsInput.dim(1) != 2) {
            throw node.error("paddings must have shape [" + rank + ", 2], has "
                    + Arrays.toString(paddingsInput.shape()));
        }
        Tensor value = node.input(2);
        if (value != null && value.numElements() != 1) {
            throw node.error("constant value must hold one element, has shape " + Arrays.toString(value.shape()));
        }
        int[] paddings = Checks.ints(node, paddingsInput, "paddings");
        int[] inShape = input.shape();
        int[] outShape = new int[rank];
        padded = false;
        for (int d = 0; d < rank; d++) {
            int before = paddings[2 * d];
            int after = paddings[2 * d + 1];
            if (before < 0 || after < 0) {
                throw node.error("paddings must not be negative: " + Arrays.toString(paddings));
            }
            padded |= before > 0 || after > 0;
            outShape[d] = Math.addExact(inShape[d], Math.addExact(before, after));
        }
        node.output(0).resize(outShape);
        pad = PadPlan.of(inShape, paddings, Vectorization.use(node));
        int outLength = pad.outerLength();
        long elements = node.output(0).numElements();
        int threads = node.threads() == null ? 1 : node.threads().size();
        int parts = elements < Parallel.MIN_WORK || threads == 1 ? 1 : Math.min(outLength, 4 * threads);
        partStart = new int[parts + 1];
        for (int p = 0; p <= parts; p++) {
            partStart[p] = (int) ((long) outLength * p / parts);
        }
    }

    @Override
    protected void run(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        if (padded) {
            Tensor value = node.input(2);
            floatValue = 0f;
            intValue = isQuantizedType(out.dataType()) ? out.quantizationParams().zeroPoint() : 0;
            if (value != null) {
                switch (value.dataType().storage()) {
                    case FLOAT: floatValue = value.floats()[value.offset()]; break;
                    case INT: intValue = value.ints()[value.offset()]; break;
                    case LONG: intValue = value.longs()[value.offset()]; break;
                    case SHORT: intValue = value.shorts()[value.offset()]; break;
                    case BYTE: intValue = value.bytes()[value.offset()]; break;
                    case DOUBLE: floatValue = (float) value.doubles()[value.offset()]; break;
                    default: throw node.error("unsupported constant value type " + value.dataType());
                }
            }
        }
        src = in.array();
        srcOffset = in.offset();
        dst = out.array();
        dstOffset = out.offset();
        try {
            Parallel.run(node, partStart.length - 1, out.numElements(), task);
        } finally {
            src = null;
            dst = null;
        }
    }

    /** Writes parts {@code [from, to)} of the output. */
    private void runParts(int from, int to) {
        pad.run(src, srcOffset, dst, dstOffset, partStart[from], partStart[to], floatValue, intValue);
    }
}
