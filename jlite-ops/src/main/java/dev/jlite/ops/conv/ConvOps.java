package dev.jlite.ops.conv;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.ops.common.Vectorization;
import dev.jlite.ops.quant.HybridQuantization;
import java.util.Objects;

/**
 * Registers the kernels of this family: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV and
 * MediaPipe's Convolution2DTransposeBias, all FLOAT32. CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED with INT8
 * weights behind a FLOAT32 input are TensorFlow Lite's hybrid (dynamic-range) kernels, chosen here by the weights'
 * type since the first input's type is the same. Each float kernel uses the Vector API inner loops when the
 * interpreter allows SIMD and {@code jdk.incubator.vector} is present, else plain Java loops.
 */
public final class ConvOps {
    private ConvOps() {}

    /** Adds this family's kernels to {@code resolver}. */
    public static void register(MutableOpResolver resolver) {
        initVectorEngineInBackground();
        add(resolver, BuiltinOperator.CONV_2D, DataType.FLOAT32);
        add(resolver, BuiltinOperator.DEPTHWISE_CONV_2D, DataType.FLOAT32);
        add(resolver, BuiltinOperator.FULLY_CONNECTED, DataType.FLOAT32);
        add(resolver, BuiltinOperator.TRANSPOSE_CONV, DataType.FLOAT32);
        resolver.addCustom(TransposeConvBiasKernel.NAME, node -> new TransposeConvBiasKernel(), DataType.FLOAT32);
    }

    /**
     * Registers the kernel {@link #create} makes for {@code op}. One lambda for the whole family, with a switch,
     * rather than a lambda per operator: the JVM generates a class for each lambda the first time it runs, and a
     * hundred of them were most of the time it took to build the op resolver in a fresh JVM (30-45 ms).
     */
    private static void add(MutableOpResolver resolver, BuiltinOperator op, DataType... types) {
        resolver.addBuiltin(op, node -> create(op, node), types);
    }

    private static Kernel create(BuiltinOperator op, Node node) {
        // INT8 weights behind a FLOAT32 input: the hybrid kernels.
        boolean hybrid = op != BuiltinOperator.TRANSPOSE_CONV && HybridQuantization.isHybrid(node, 1);
        return switch (op) {
            case CONV_2D -> hybrid ? new HybridConv2DKernel() : new Conv2DKernel();
            case DEPTHWISE_CONV_2D -> hybrid ? new HybridDepthwiseConv2DKernel() : new DepthwiseConv2DKernel();
            case FULLY_CONNECTED -> hybrid ? new HybridFullyConnectedKernel() : new FullyConnectedKernel();
            case TRANSPOSE_CONV -> new TransposeConvKernel();
            default -> throw new IllegalArgumentException("no kernel for " + op + " in this family");
        };
    }

    /**
     * Initializes the Vector API engine (the {@code jdk.incubator.vector} classes, tens of milliseconds in a cold
     * JVM) on another thread while the interpreter is still being built, so that the first CONV_2D's prepare finds
     * it ready. Only while the first inference is still to come: later the engine is loaded already, and with
     * {@link SimdSwitch#SCALAR_FIRST} off the first inference needs the engine at once anyway.
     */
    private static void initVectorEngineInBackground() {
        if (Vectorization.AVAILABLE && !SimdSwitch.on()) {
            // Reading the field runs VectorEngineHolder's static initializer on that thread.
            Thread t = new Thread(() -> Objects.isNull(VectorEngineHolder.ENGINE), "jlite-vector-init");
            t.setDaemon(true);
            t.start();
        }
    }
}
