package dev.jlite.ops.quant;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
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
        add(resolver, BuiltinOperator.CONV_2D, INT8, UINT8, INT16);
        add(resolver, BuiltinOperator.DEPTHWISE_CONV_2D, INT8, UINT8, INT16);
        add(resolver, BuiltinOperator.FULLY_CONNECTED, INT8, UINT8, INT16);
        add(resolver, BuiltinOperator.QUANTIZE, FLOAT32, INT8, UINT8, INT16);
    }

    /**
     * Registers the kernel {@link #create} makes for {@code op}. One lambda for the whole family, with a switch,
     * rather than a lambda per operator: the JVM generates a class for each lambda the first time it runs, and a
     * hundred of them were most of the time it took to build the op resolver in a fresh JVM (30-45 ms).
     */
    private static void add(MutableOpResolver resolver, BuiltinOperator op, DataType... types) {
        resolver.addBuiltin(op, node -> create(op), types);
    }

    private static Kernel create(BuiltinOperator op) {
        return switch (op) {
            case CONV_2D -> new QuantizedConv2DKernel();
            case DEPTHWISE_CONV_2D -> new QuantizedDepthwiseConv2DKernel();
            case FULLY_CONNECTED -> new QuantizedFullyConnectedKernel();
            case QUANTIZE -> new QuantizeKernel();
            default -> throw new IllegalArgumentException("no kernel for " + op + " in this family");
        };
    }
}
