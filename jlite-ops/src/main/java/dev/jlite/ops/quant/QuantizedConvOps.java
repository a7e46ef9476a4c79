package dev.jlite.ops.quant;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;

/**
 * Registers the quantized convolutions (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED on INT8, UINT8 and INT16
 * activations) and QUANTIZE, bit-exact with TensorFlow Lite 2.6's builtin kernels. (DEQUANTIZE is registered with
 * the elementwise family.)
 */
public final class QuantizedConvOps {
    private QuantizedConvOps() {}

    /** Adds these kernels to {@code resolver}. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.CONV_2D, node -> new QuantizedConv2DKernel(), INT8, UINT8, INT16);
        resolver.addBuiltin(BuiltinOperator.DEPTHWISE_CONV_2D, node -> new QuantizedDepthwiseConv2DKernel(), INT8,
                UINT8, INT16);
        resolver.addBuiltin(BuiltinOperator.FULLY_CONNECTED, node -> new QuantizedFullyConnectedKernel(), INT8,
                UINT8, INT16);
        resolver.addBuiltin(BuiltinOperator.QUANTIZE, node -> new QuantizeKernel(), FLOAT32, INT8, UINT8, INT16);
    }
}
