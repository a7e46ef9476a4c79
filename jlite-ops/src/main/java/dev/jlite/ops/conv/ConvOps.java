package dev.jlite.ops.conv;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;

/**
 * Registers the kernels of this family: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV and
 * MediaPipe's Convolution2DTransposeBias, all FLOAT32. Each kernel uses the Vector API inner loops when the
 * interpreter allows SIMD and {@code jdk.incubator.vector} is present, else plain Java loops.
 */
public final class ConvOps {
    private ConvOps() {}

    /** Adds this family's kernels to {@code resolver}. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.CONV_2D, node -> new Conv2DKernel(), DataType.FLOAT32);
        resolver.addBuiltin(BuiltinOperator.DEPTHWISE_CONV_2D, node -> new DepthwiseConv2DKernel(), DataType.FLOAT32);
        resolver.addBuiltin(BuiltinOperator.FULLY_CONNECTED, node -> new FullyConnectedKernel(), DataType.FLOAT32);
        resolver.addBuiltin(BuiltinOperator.TRANSPOSE_CONV, node -> new TransposeConvKernel(), DataType.FLOAT32);
        resolver.addCustom(TransposeConvBiasKernel.NAME, node -> new TransposeConvBiasKernel(), DataType.FLOAT32);
    }
}
