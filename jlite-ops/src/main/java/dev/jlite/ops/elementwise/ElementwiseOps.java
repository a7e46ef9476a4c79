package dev.jlite.ops.elementwise;

import static dev.jlite.DataType.FLOAT16;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Node;

/**
 * Registers the kernels of this family: arithmetic, activations, pooling, reductions, softmax and log-softmax, L2 and
 * local response normalization, DEQUANTIZE and DENSIFY.
 */
public final class ElementwiseOps {
    private ElementwiseOps() {}

    /** Adds every kernel of this family to {@code resolver}, for all operator versions. */
    public static void register(MutableOpResolver resolver) {
        add(resolver, BuiltinOperator.ADD, FLOAT32, INT32);
        add(resolver, BuiltinOperator.SUB, FLOAT32, INT32);
        add(resolver, BuiltinOperator.MUL, FLOAT32, INT32);
        add(resolver, BuiltinOperator.DIV, FLOAT32, INT32);
        add(resolver, BuiltinOperator.PRELU, FLOAT32);
        add(resolver, BuiltinOperator.RELU, FLOAT32);
        add(resolver, BuiltinOperator.RELU6, FLOAT32);
        add(resolver, BuiltinOperator.RELU_N1_TO_1, FLOAT32);
        add(resolver, BuiltinOperator.LEAKY_RELU, FLOAT32);
        add(resolver, BuiltinOperator.HARD_SWISH, FLOAT32);
        add(resolver, BuiltinOperator.LOGISTIC, FLOAT32);
        add(resolver, BuiltinOperator.TANH, FLOAT32);
        add(resolver, BuiltinOperator.SOFTMAX, FLOAT32);
        add(resolver, BuiltinOperator.LOG_SOFTMAX, FLOAT32);
        add(resolver, BuiltinOperator.L2_NORMALIZATION, FLOAT32);
        add(resolver, BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION, FLOAT32);
        add(resolver, BuiltinOperator.MEAN, FLOAT32, INT32, INT64);
        add(resolver, BuiltinOperator.SUM, FLOAT32, INT32, INT64);
        add(resolver, BuiltinOperator.REDUCE_MAX, FLOAT32, INT32, INT64);
        add(resolver, BuiltinOperator.REDUCE_MIN, FLOAT32, INT32, INT64);
        add(resolver, BuiltinOperator.REDUCE_PROD, FLOAT32, INT32, INT64);
        add(resolver, BuiltinOperator.AVERAGE_POOL_2D, FLOAT32);
        add(resolver, BuiltinOperator.MAX_POOL_2D, FLOAT32);
        add(resolver, BuiltinOperator.DEQUANTIZE, FLOAT16, INT8, UINT8, INT16);
        add(resolver, BuiltinOperator.DENSIFY, FLOAT32, FLOAT16, INT8);
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
        return switch (op) {
            case ADD -> BinaryKernel.add(node);
            case SUB -> BinaryKernel.sub(node);
            case MUL -> BinaryKernel.mul(node);
            case DIV -> BinaryKernel.div(node);
            case PRELU -> BinaryKernel.prelu(node);
            case RELU -> new UnaryKernel(UnaryOp.RELU);
            case RELU6 -> new UnaryKernel(UnaryOp.RELU6);
            case RELU_N1_TO_1 -> new UnaryKernel(UnaryOp.RELU_N1_TO_1);
            case LEAKY_RELU -> new UnaryKernel(UnaryOp.LEAKY_RELU);
            case HARD_SWISH -> new UnaryKernel(UnaryOp.HARD_SWISH);
            case LOGISTIC -> new UnaryKernel(UnaryOp.LOGISTIC);
            case TANH -> new UnaryKernel(UnaryOp.TANH);
            case SOFTMAX -> new SoftmaxKernel(false);
            case LOG_SOFTMAX -> new SoftmaxKernel(true);
            case L2_NORMALIZATION -> new NormalizationKernel(NormalizationKernel.Kind.L2);
            case LOCAL_RESPONSE_NORMALIZATION -> new NormalizationKernel(NormalizationKernel.Kind.LOCAL_RESPONSE);
            case MEAN -> new ReduceKernel(ReduceKernel.Reducer.MEAN);
            case SUM -> new ReduceKernel(ReduceKernel.Reducer.SUM);
            case REDUCE_MAX -> new ReduceKernel(ReduceKernel.Reducer.MAX);
            case REDUCE_MIN -> new ReduceKernel(ReduceKernel.Reducer.MIN);
            case REDUCE_PROD -> new ReduceKernel(ReduceKernel.Reducer.PROD);
            case AVERAGE_POOL_2D -> new PoolKernel(true);
            case MAX_POOL_2D -> new PoolKernel(false);
            case DEQUANTIZE -> new DequantizeKernel();
            case DENSIFY -> new DensifyKernel();
            default -> throw new IllegalArgumentException("no kernel for " + op + " in this family");
        };
    }
}
