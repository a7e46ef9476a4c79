package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.Arrays;

/**
 * Quantized PAD and PADV2 (INT8, UINT8, INT16) up to rank 5: values are copied unchanged, and the border holds the
 * output's zero point (real 0) or PADV2's one-element constant, which must share the output's quantization, as
 * TensorFlow Lite requires.
 */
final class QuantizedPadKernel implements Kernel {
    private static final int MAX_RANK = 5;

    /** Input and output shapes and leading paddings extended to {@link #MAX_RANK} dimensions. */
    private final int[] inShape = new int[MAX_RANK];
    private final int[] outShape = new int[MAX_RANK];
    private final int[] before = new int[MAX_RANK];
    private boolean planWhileRunning;

    @Override
    public void prepare(Node node) {
        node.checkArity(2, 3, 1);
        Tensor input = node.requireInput(0);
        Tensor paddings = node.requireInput(1);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if (!Quantized.isQuantizedType(type) || output.dataType() != type) {
            throw node.error("expects INT8, UINT8 or INT16 in and out, got " + type + " -> " + output.dataType());
        }
        if (paddings.dataType() != DataType.INT32 && paddings.dataType() != DataType.INT64) {
            throw node.error("paddings must be INT32 or INT64, got " + paddings.dataType());
        }
        // Unquantized tensors of these types pad with 0, as TensorFlow Lite does.
        QuantizationParams oq = output.quantizationParams();
        if (oq.zeroPoint() < Quantized.min(type) || oq.zeroPoint() > Quantized.max(type)) {
            throw node.error("output zero point " + oq.zeroPoint() + " is outside the " + type + " range");
        }
        Tensor value = node.input(2);
        if (value != null) {
            if (value.dataType() != type) {
                throw node.error("constant value type " + value.dataType() + " differs from input type " + type);
            }
            QuantizationParams vq = value.quantizationParams();
            if (vq.scale() != oq.scale() || vq.zeroPoint() != oq.zeroPoint()) {
                throw node.error("constant value quantization (" + vq + ") differs from the output's (" + oq + ")");
            }
        }
        if (input.numDimensions() > MAX_RANK) {
            throw node.error("input rank " + input.numDimensions() + " is above " + MAX_RANK);
        }
        planWhileRunning = input.isDynamic() || !paddings.isConstant();
        if (planWhileRunning) {
            output.markDynamic();
        } else {
            plan(node);
        }
    }

    private void plan(Node node) {
        Tensor input = node.input(0);
        Tensor paddings = node.input(1);
        int rank = input.numDimensions();
        if (paddings.numDimensions() != 2 || paddings.dim(0) != rank || paddings.dim(1) != 2) {
            throw node.error("paddings must have shape [" + rank + ", 2], has " + Arrays.toString(paddings.shape()));
        }
        Tensor value = node.input(2);
        if (value != null && value.numElements() != 1) {
            throw node.error("constant value must hold one element, has shape " + Arrays.toString(value.shape()));
        }
        int[] out = new int[rank];
        int lead = MAX_RANK - rank;
        for (int d = 0; d < MAX_RANK; d++) {
            int size = d < lead ? 1 : input.dim(d - lead);
            long b = d < lead ? 0 : padding(paddings, 2 * (d - lead));
            long a = d < lead ? 0 : padding(paddings, 2 * (d - lead) + 1);
            if (b < 0 || a < 0) {
                throw node.error("paddings must not be negative");
            }
            inShape[d] = size;
            before[d] = (int) b;
            outShape[d] = Math.toIntExact(size + b + a);
            if (d >= lead) {
                out[d - lead] = outShape[d];
            }
        }
        node.output(0).resize(out);
    }

    private static long padding(Tensor paddings, int i) {
        return paddings.dataType() == DataType.INT32 ? paddings.ints()[paddings.offset() + i]
                : paddings.longs()[paddings.offset() + i];
    }

    @Override
    public void eval(Node node) {
        if (planWhileRunning) {
            plan(node);
        }
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        Tensor value = node.input(2);
        boolean isShort = in.dataType() == DataType.INT16;
        int o = out.offset();
        int total = out.numElements();
        if (isShort) {
            short fill = value != null ? value.shorts()[value.offset()] : (short) out.quantizationParams().zeroPoint();
            Arrays.fill(out.shorts(), o, o + total, fill);
        } else {
            byte fill = value != null ? value.bytes()[value.offset()] : (byte) out.quantizationParams().zeroPoint();
            Arrays.fill(out.bytes(), o, o + total, fill);
        }
        if (in.numElements() == 0) {
            return;
        }
        Object src = in.array();
        Object dst = out.array();
        int row = inShape[4];
        int si = in.offset();
        for (int d0 = 0; d0 < inShape[0]; d0++) {
            for (int d1 = 0; d1 < inShape[1]; d1++) {
                for (int d2 = 0; d2 < inShape[2]; d2++) {
                    for (int d3 = 0; d3 < inShape[3]; d3++, si += row) {
                        int di = (((d0 + before[0]) * outShape[1] + d1 + before[1]) * outShape[2] + d2 + before[2])
                                * outShape[3] + d3 + before[3];
                        System.arraycopy(src, si, dst, o + di * outShape[4] + before[4], row);
                    }
                }
            }
        }
    }
}
