package dev.jlite.ops.quant;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.ThreadPool;
import dev.jlite.ops.elementwise.Parallel;

/**
 * INT8 and UINT8 LOGISTIC and TANH through a 256-entry table, as TensorFlow Lite 2.6's builtin kernels compute them
 * ({@code PopulateLookupTable}): each possible input dequantized, transformed in float, divided by the output scale,
 * rounded, offset and clamped.
 */
final class QuantizedLutKernel implements Kernel {
    /** The float function a table holds. */
    enum Function {
        LOGISTIC {
            @Override
            float apply(float x) {
                return 1.0f / (1.0f + (float) Math.exp(-x));
            }
        },
        TANH {
            @Override
            float apply(float x) {
                return (float) Math.tanh(x);
            }
        };

        abstract float apply(float x);
    }

    private final Function function;
    private final byte[] table = new byte[256];
    private final ThreadPool.RangeTask task = this::range;
    private Tensor in;
    private Tensor out;

    QuantizedLutKernel(Function function) {
        this.function = function;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if ((type != DataType.INT8 && type != DataType.UINT8) || output.dataType() != type) {
            throw node.error("expects INT8 or UINT8 in and out, got " + type + " -> " + output.dataType());
        }
        QuantizationParams qi = Quantized.perTensor(node, input, "input");
        QuantizationParams qo = Quantized.perTensor(node, output, "output");
        int min = Quantized.min(type);
        int max = Quantized.max(type);
        float inverseScale = 1 / qo.scale();
        for (int v = min; v <= max; v++) {
            float dequantized = qi.scale() * (v - qi.zeroPoint());
            float rescaled = FixedPoint.roundHalfAwayFromZero(function.apply(dequantized) * inverseScale);
            int quantized = (int) (rescaled + qo.zeroPoint());
            table[v & 0xFF] = (byte) Math.max(Math.min(max, quantized), min);
        }
        output.resize(input.shape());
    }

    @Override
    public void eval(Node node) {
        in = node.input(0);
        out = node.output(0);
        int n = in.numElements();
        Parallel.run(node, n, n, task);
        in = null;
        out = null;
    }

    private void range(int from, int to) {
        byte[] x = in.bytes();
        byte[] y = out.bytes();
        int xi = in.offset();
        int yi = out.offset();
        byte[] t = table;
        for (int i = from; i < to; i++) {
            y[yi + i] = t[x[xi + i] & 0xFF];
        }
    }
}
