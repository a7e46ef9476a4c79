package dev.jlite.ops.matmul;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;

/** Registers the kernels of this family: BATCH_MATMUL on FLOAT32. */
public final class MatMulOps {
    private MatMulOps() {}

    /** Adds this family's kernels to {@code resolver}. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.BATCH_MATMUL, node -> new BatchMatMulKernel(), DataType.FLOAT32);
    }
}
