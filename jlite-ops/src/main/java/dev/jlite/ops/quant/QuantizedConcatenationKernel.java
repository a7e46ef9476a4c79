package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * Quantized CONCATENATION (INT8, UINT8, INT16) along {@code ConcatenationOptions.axis}, as TensorFlow Lite 2.6 does
 * it: UINT8 inputs quantized differently from the output are requantized ({@code ConcatenationWithScaling}: {@code
 * round(q * scale + bias) + zero_point} in float, clamped); INT8 inputs must share the output's scale and zero point;
 * INT16 needs zero points of 0 and copies values as they are.
 */
final class QuantizedConcatenationKernel implements Kernel {
    private static final int CONCATENATION_OPTIONS = 10;
    private static final int AXIS = 0;

    private int outer;
    private int[] blocks;
    private int outBlock;
    private boolean[] requantize;
    private float[] scales;
    private float[] biases;
    private int outputZeroPoint;
    private boolean planWhileRunning;

    @Override
    public void prepare(Node node) {
        if (node.inputCount() < 1 || node.outputCount() != 1) {
            throw node.error("expects at least 1 input and 1 output, has " + node.inputCount() + " and "
                    + node.outputCount());
        }
        Tensor output = node.output(0);
        DataType type = output.dataType();
        if (!Quantized.isQuantizedType(type)) {
            throw node.error("output type " + type + " is not INT8, UINT8 or INT16");
        }
        // Unquantized tensors of these types are copied, as TensorFlow Lite does.
        QuantizationParams oq = output.quantizationParams();
        outputZeroPoint = oq.zeroPoint();
        int n = node.inputCount();
        requantize = new boolean[n];
        scales = new float[n];
        biases = new float[n];
        float inverseOutputScale = 1.f / oq.scale();
        for (int i = 0; i < n; i++) {
            Tensor t = node.requireInput(i);
            if (t.dataType() != type) {
                throw node.error("input " + i + " is " + t.dataType() + ", output " + type);
            }
            QuantizationParams iq = t.quantizationParams();
            boolean same = iq.scale() == oq.scale() && iq.zeroPoint() == oq.zeroPoint();
            if (type == DataType.INT16) {
                Quantized.zeroZeroPoint(node, t, "input " + i);
                Quantized.zeroZeroPoint(node, output, "output");
            } else if (!same && type == DataType.INT8) {
                throw node.error("INT8 input " + i + " quantization " + iq + " differs from the output's " + oq);
            } else if (!same) {
                Quantized.perTensor(node, t, "input " + i);
                Quantized.perTensor(node, output, "output");
                requantize[i] = true;
                scales[i] = iq.scale() * inverseOutputScale;
                biases[i] = -iq.zeroPoint() * scales[i];
            }
        }
        planWhileRunning = false;
        for (int i = 0; i < n; i++) {
            planWhileRunning |= node.input(i).isDynamic();
        }
        if (planWhileRunning) {
            output.markDynamic();
        } else {
            plan(node);
        }
    }

    private void plan(Node node) {
        Tensor first = node.input(0);
        int rank = first.numDimensions();
        FlatTable options = node.options(CONCATENATION_OPTIONS);
        int axis = options == null ? 0 : options.getInt(AXIS, 0);
        if (axis < -rank || axis >= rank) {
            throw node.error("axis " + axis + " is out of range for rank " + rank);
        }
        axis = axis < 0 ? axis + rank : axis;
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
        shape[axis] = Math.toIntExact(axisTotal);
        node.output(0).resize(shape);
        outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= shape[d];
        }
        blocks = new int[node.inputCount()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Math.multiplyExact(node.input(i).dim(axis), inner);
        }
        outBlock = Math.multiplyExact(shape[axis], inner);
    }

    @Override
    public void eval(Node node) {
        if (planWhileRunning) {
            plan(node);
        }
        Tensor out = node.output(0);
        Object dst = out.array();
        int pos = 0;
        for (int i = 0; i < blocks.length; i++) {
            Tensor in = node.input(i);
            int block = blocks[i];
            Object src = in.array();
            int sp = in.offset();
            int dp = out.offset() + pos;
            for (int o = 0; o < outer; o++, sp += block, dp += outBlock) {
                if (requantize[i]) {
                    requantizeUint8((byte[]) src, sp, (byte[]) dst, dp, block, scales[i], biases[i]);
                } else {
                    System.arraycopy(src, sp, dst, dp, block);
                }
            }
            pos += block;
        }
    }

    private void requantizeUint8(byte[] src, int sp, byte[] dst, int dp, int n, float scale, float bias) {
        for (int j = 0; j < n; j++) {
            int q = FixedPoint.roundHalfAwayFromZero((src[sp + j] & 0xff) * scale + bias) + outputZeroPoint;
            dst[dp + j] = (byte) Math.max(0, Math.min(255, q));
        }
    }
}
