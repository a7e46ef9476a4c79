package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.ops.quant.Quantized;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A {@link QuantizedUnaryFunction} as a lookup table over every input value (256 entries for INT8/UINT8, 65536 for
 * INT16), built once in prepare: exact by construction, and one load per element while running.
 */
final class QuantizedUnaryKernel implements Kernel {
    private final QuantizedUnaryFunction function;
    /** The input types TensorFlow Lite 2.6.2 has this operator for (the registration's, from {@link MathOps}). */
    private final List<DataType> types;
    private boolean planWhileRunning;
    private int smallestInput;
    private boolean checkDomain;
    private int mask;
    private byte[] byteTable;
    private short[] shortTable;

    QuantizedUnaryKernel(QuantizedUnaryFunction function, List<DataType> types) {
        this.function = function;
        this.types = types;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if (!types.contains(type)) {
            throw node.error("input type " + type + " is not supported");
        }
        if (output.dataType() != type) {
            throw node.error("output type " + output.dataType() + " differs from the input type " + type);
        }
        float inScale = Quantized.perTensor(node, input, "input").scale();
        float outScale = Quantized.perTensor(node, output, "output").scale();
        int inZero = Quantized.zeroPoint(node, input, "input");
        int outZero = Quantized.zeroPoint(node, output, "output");
        if (type == DataType.INT16) {
            // TensorFlow Lite's prepare requires symmetric INT16 for all of these.
            Quantized.zeroZeroPoint(node, input, "input");
            Quantized.zeroZeroPoint(node, output, "output");
        }
        QuantizedUnaryFunction.Scales scales = new QuantizedUnaryFunction.Scales(inScale, inZero, outScale, outZero,
                Quantized.min(type), Quantized.max(type));
        IntUnaryOperator f = function.mapping(node, scales);
        smallestInput = function.smallestInput(scales);
        checkDomain = smallestInput > scales.min();
        mask = Quantized.byteMask(type);
        if (type == DataType.INT16) {
            shortTable = new short[1 << 16];
            for (int q = Short.MIN_VALUE; q <= Short.MAX_VALUE; q++) {
                shortTable[q & 0xffff] = (short) f.applyAsInt(q);
            }
        } else {
            byteTable = new byte[256];
            for (int raw = 0; raw < 256; raw++) {
                byteTable[raw] = (byte) f.applyAsInt((byte) raw & mask);
            }
        }
        planWhileRunning = Shapes.anyInputDynamic(node);
        if (planWhileRunning) {
            output.markDynamic();
        } else {
            output.resize(input.shape());
        }
    }

    @Override
    public void eval(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        if (planWhileRunning) {
            out.resize(in.shape());
        }
        int n = in.numElements();
        int ii = in.offset();
        int oi = out.offset();
        if (shortTable != null) {
            short[] table = shortTable;
            short[] x = in.shorts();
            short[] y = out.shorts();
            for (int i = 0; i < n; i++) {
                y[oi + i] = table[x[ii + i] & 0xffff];
            }
        } else {
            byte[] table = byteTable;
            byte[] x = in.bytes();
            byte[] y = out.bytes();
            if (checkDomain) {
                // As TensorFlow Lite, every input is checked before any is computed (INT8 RSQRT).
                for (int i = 0; i < n; i++) {
                    if ((x[ii + i] & mask) < smallestInput) {
                        throw node.error("input value " + (x[ii + i] & mask) + " is below " + smallestInput
                                + ", where " + function + " is not defined");
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                y[oi + i] = table[x[ii + i] & 0xff];
            }
        }
    }
}
