package dev.jlite.ops.quant;

import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;

/**
 * Registers the quantized (INT8, UINT8, INT16) kernels of the elementwise, pooling, reduction, softmax and
 * requantizing shape operators, beside the float kernels of the same operators (the node's first input type picks).
 */
public final class QuantizedOps {
    private QuantizedOps() {}

    /** Adds this family's kernels to {@code resolver}, for all operator versions. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.ADD,
                        node -> new QuantizedArithmeticKernel(QuantizedArithmeticKernel.Op.ADD), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.SUB,
                        node -> new QuantizedArithmeticKernel(QuantizedArithmeticKernel.Op.SUB), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.MUL,
                        node -> new QuantizedArithmeticKernel(QuantizedArithmeticKernel.Op.MUL), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.AVERAGE_POOL_2D, node -> new QuantizedPoolKernel(true), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.MAX_POOL_2D, node -> new QuantizedPoolKernel(false), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.MEAN, node -> new QuantizedMeanKernel(), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.SOFTMAX, node -> new QuantizedSoftmaxKernel(), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.LOGISTIC,
                        node -> new QuantizedLutKernel(QuantizedLutKernel.Function.LOGISTIC), INT8, UINT8)
                .addBuiltin(BuiltinOperator.LOGISTIC, node -> new Int16SigmoidKernel(false), INT16)
                .addBuiltin(BuiltinOperator.TANH,
                        node -> new QuantizedLutKernel(QuantizedLutKernel.Function.TANH), INT8, UINT8)
                .addBuiltin(BuiltinOperator.TANH, node -> new Int16SigmoidKernel(true), INT16)
                .addBuiltin(BuiltinOperator.HARD_SWISH, node -> new QuantizedHardSwishKernel(), INT8, UINT8)
                .addBuiltin(BuiltinOperator.CONCATENATION, node -> new QuantizedConcatenationKernel(), INT8, UINT8,
                        INT16)
                .addBuiltin(BuiltinOperator.PAD, node -> new QuantizedPadKernel(), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.PADV2, node -> new QuantizedPadKernel(), INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.RESIZE_BILINEAR, node -> new QuantizedResizeKernel(true), INT8, UINT8,
                        INT16)
                .addBuiltin(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, node -> new QuantizedResizeKernel(false), INT8,
                        UINT8, INT16);
    }
}
