package dev.jlite.ops.shape;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;
import java.util.Arrays;

/**
 * CONCATENATION along {@code ConcatenationOptions.axis} (negative counts from the end). Float outputs get the fused
 * activation. UINT8 inputs quantized differently from the output are requantized as TensorFlow Lite's
 * {@code ConcatenationWithScaling} does; other quantized types must share the output's quantization.
 */
final class ConcatenationKernel extends MovementKernel {
    private static final int OPTIONS_TYPE = 10;
    private static final int AXIS = 0;
    private static final int FUSED_ACTIVATION = 1;

    private Activation activation;
    private int outer;
    private int[] blocks;
    private int outBlock;
    /** Per input: whether it is copied as is, else requantized with {@link #scales} and {@link #biases}. */
    private boolean[] requantize;
    private float[] scales;
    private float[] biases;

    @Override
    protected void checkNode(Node node) {
        if (node.inputCount() < 1 || node.outputCount() != 1) {
            throw node.error("expects at least 1 input and 1 output, has " + node.inputCount() + " and "
                    + node.outputCount());
        }
        Tensor output = node.output(0);
        Checks.movable(node, output, "output");
        for (int i = 0; i < node.inputCount(); i++) {
            Checks.sameType(node, node.requireInput(i), output);
        }
        FlatTable options = Checks.options(node, OPTIONS_TYPE);
        activation = Activation.of(options == null ? 0 : options.getByte(FUSED_ACTIVATION, (byte) 0), node);
        if (activation != Activation.NONE && output.dataType() != DataType.FLOAT32) {
            throw node.error("fused activation " + activation + " is only supported for FLOAT32, not "
                    + output.dataType());
        }
        int n = node.inputCount();
        requantize = new boolean[n];
        scales = new float[n];
        biases = new float[n];
        QuantizationParams oq = output.quantizationParams();
        for (int i = 0; i < n; i++) {
            QuantizationParams iq = node.input(i).quantizationParams();
            boolean same = iq.scale() == oq.scale() && iq.zeroPoint() == oq.zeroPoint();
            DataType type = output.dataType();
            if (same || (type != DataType.UINT8 && type != DataType.INT8 && type != DataType.INT16)) {
                continue;
            }
            if (type != DataType.UINT8 || !iq.isQuantized() || !oq.isQuantized()) {
                throw node.error("input " + i + " quantization (" + iq + ") differs from the output's (" + oq + ")");
            }
            requantize[i] = true;
            scales[i] = iq.scale() * (1f / oq.scale());
            biases[i] = -iq.zeroPoint() * scales[i];
        }
    }

    @Override
    protected void plan(Node node) {
        Tensor first = node.input(0);
        int rank = first.numDimensions();
        FlatTable options = Checks.options(node, OPTIONS_TYPE);
        int axis = Checks.axis(node, options == null ? 0 : options.getInt(AXIS, 0), rank, "axis");
        int[] shape = first.shape();
        long axisTotal = 0;
        for (int i = 0; i < node.inputCount(); i++) {
            Tensor t = node.input(i);
            if (t.numDimensions() != rank) {
                throw node.error("input " + i + " has rank " + t.numDimensions() + ", input 0 has rank " + rank);
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && t.dim(d) != shape[d]) {
                    throw node.error("input " + i + " shape " + Arrays.toString(t.shape())
                            + " does not match input 0 shape " + Arrays.toString(shape) + " off axis " + axis);
                }
            }
            axisTotal += t.dim(axis);
        }
        if (axisTotal > Integer.MAX_VALUE) {
            throw node.error("concatenated axis is too large");
        }
        shape[axis] = (int) axisTotal;
        node.output(0).resize(shape);
        outer = Checks.product(node, shape, 0, axis);
        int inner = Checks.product(node, shape, axis + 1, rank);
        blocks = new int[node.inputCount()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Math.multiplyExact(node.input(i).dim(axis), inner);
        }
        outBlock = Math.multiplyExact(shape[axis], inner);
    }

    @Override
    protected void run(Node node) {
        Tensor out = node.output(0);
        Object dst = out.array();
        int dstBase = out.offset();
        int pos = 0;
        for (int i = 0; i < blocks.length; i++) {
            Tensor in = node.input(i);
            int block = blocks[i];
            Object src = in.array();
            int sp = in.offset();
            int dp = dstBase + pos;
            for (int o = 0; o < outer; o++, sp += block, dp += outBlock) {
                if (requantize[i]) {
                    requantizeUint8((byte[]) src, sp, (byte[]) dst, dp, block, scales[i], biases[i],
                            out.quantizationParams().zeroPoint());
                } else {
                    System.arraycopy(src, sp, dst, dp, block);
                }
            }
            pos += block;
        }
        if (activation != Activation.NONE) {
            activation.apply(out.floats(), dstBase, dstBase + out.numElements());
        }
    }

    /**
     * TensorFlow Lite's rescaling of one UINT8 run: {@code round(q * scale + bias) + zeroPoint}, clamped, where
     * round takes halves away from zero as C's {@code round}.
     */
    private static void requantizeUint8(byte[] src, int sp, byte[] dst, int dp, int n, float scale, float bias,
            int zeroPoint) {
        for (int j = 0; j < n; j++) {
            float v = (src[sp + j] & 0xff) * scale + bias;
            int q = (v < 0 ? -Math.round(-v) : Math.round(v)) + zeroPoint;
            dst[dp + j] = (byte) Math.max(0, Math.min(255, q));
        }
    }
}
