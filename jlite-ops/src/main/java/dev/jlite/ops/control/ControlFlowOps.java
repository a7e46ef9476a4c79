package dev.jlite.ops.control;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;

/** Registers the control-flow kernels: IF and WHILE, which run other subgraphs of the model. */
public final class ControlFlowOps {
    private ControlFlowOps() {}

    /** Adds this family's kernels, for every operator version, to the resolver. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.IF, node -> new IfKernel(), DataType.BOOL);
        resolver.addBuiltin(BuiltinOperator.WHILE, node -> new WhileKernel(), DataType.FLOAT32, DataType.INT32);
    }
}
