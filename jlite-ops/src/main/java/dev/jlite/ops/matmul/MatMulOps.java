package dev.jlite.ops.matmul;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.ops.quant.HybridQuantization;

/**
 * Registers the kernels of this family: BATCH_MATMUL on FLOAT32, float or hybrid (INT8 right operand: TensorFlow
 * Lite's dynamic-range kernel, chosen by the right operand's type since the first input's type is the same).
 */
public final class MatMulOps {
    private MatMulOps() {}

    /** Adds this family's kernels to {@code resolver}. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.BATCH_MATMUL, node -> HybridQuantization.isHybrid(node, 1)
                ? new HybridBatchMatMulKernel() : new BatchMatMulKernel(), DataType.FLOAT32);
    }
}
