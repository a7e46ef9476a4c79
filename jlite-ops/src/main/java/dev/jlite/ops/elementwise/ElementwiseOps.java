package dev.jlite.ops.elementwise;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;
import static dev.jlite.DataType.FLOAT16;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

/**
 * Registers the kernels of this family: arithmetic, activations, pooling, reductions, softmax and log-softmax, L2 and
 * local response normalization, DEQUANTIZE and DENSIFY.
 */
public final class ElementwiseOps {
    private ElementwiseOps() {}

    /** Adds every kernel of this family to {@code resolver}, for all operator versions. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.ADD, BinaryKernel::add, FLOAT32, INT32)
                .addBuiltin(BuiltinOperator.SUB, BinaryKernel::sub, FLOAT32, INT32)
                .addBuiltin(BuiltinOperator.MUL, BinaryKernel::mul, FLOAT32, INT32)
                .addBuiltin(BuiltinOperator.DIV, BinaryKernel::div, FLOAT32, INT32)
                .addBuiltin(BuiltinOperator.PRELU, BinaryKernel::prelu, FLOAT32)
                .addBuiltin(BuiltinOperator.RELU, node -> new UnaryKernel(UnaryOp.RELU), FLOAT32)
                .addBuiltin(BuiltinOperator.RELU6, node -> new UnaryKernel(UnaryOp.RELU6), FLOAT32)
                .addBuiltin(BuiltinOperator.RELU_N1_TO_1, node -> new UnaryKernel(UnaryOp.RELU_N1_TO_1), FLOAT32)
                .addBuiltin(BuiltinOperator.LEAKY_RELU, node -> new UnaryKernel(UnaryOp.LEAKY_RELU), FLOAT32)
                .addBuiltin(BuiltinOperator.HARD_SWISH, node -> new UnaryKernel(UnaryOp.HARD_SWISH), FLOAT32)
                .addBuiltin(BuiltinOperator.LOGISTIC, node -> new UnaryKernel(UnaryOp.LOGISTIC), FLOAT32)
                .addBuiltin(BuiltinOperator.TANH, node -> new UnaryKernel(UnaryOp.TANH), FLOAT32)
                .addBuiltin(BuiltinOperator.SOFTMAX, node -> new SoftmaxKernel(false), FLOAT32)
                .addBuiltin(BuiltinOperator.LOG_SOFTMAX, node -> new SoftmaxKernel(true), FLOAT32)
                .addBuiltin(BuiltinOperator.L2_NORMALIZATION,
                        node -> new NormalizationKernel(NormalizationKernel.Kind.L2), FLOAT32)
                .addBuiltin(BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION,
                        node -> new NormalizationKernel(NormalizationKernel.Kind.LOCAL_RESPONSE), FLOAT32)
                .addBuiltin(BuiltinOperator.MEAN, node -> new ReduceKernel(ReduceKernel.Reducer.MEAN),
                        FLOAT32, INT32, INT64)
                .addBuiltin(BuiltinOperator.SUM, node -> new ReduceKernel(ReduceKernel.Reducer.SUM),
                        FLOAT32, INT32, INT64)
                .addBuiltin(BuiltinOperator.REDUCE_MAX, node -> new ReduceKernel(ReduceKernel.Reducer.MAX),
                        FLOAT32, INT32, INT64)
                .addBuiltin(BuiltinOperator.REDUCE_MIN, node -> new ReduceKernel(ReduceKernel.Reducer.MIN),
                        FLOAT32, INT32, INT64)
                .addBuiltin(BuiltinOperator.REDUCE_PROD, node -> new ReduceKernel(ReduceKernel.Reducer.PROD),
                        FLOAT32, INT32, INT64)
                .addBuiltin(BuiltinOperator.AVERAGE_POOL_2D, node -> new PoolKernel(true), FLOAT32)
                .addBuiltin(BuiltinOperator.MAX_POOL_2D, node -> new PoolKernel(false), FLOAT32)
                .addBuiltin(BuiltinOperator.DEQUANTIZE, node -> new DequantizeKernel(), FLOAT16, INT8, UINT8, INT16)
                .addBuiltin(BuiltinOperator.DENSIFY, node -> new DensifyKernel(), FLOAT32, FLOAT16, INT8);
    }
}
