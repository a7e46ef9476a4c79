package dev.jlite.ops.lstm;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.MutableOpResolver;

/**
 * Registers the recurrent kernels: UNIDIRECTIONAL_SEQUENCE_LSTM and LSTM (its FULL kernel type, one step) on
 * FLOAT32 input, with FLOAT32 weights or INT8 (hybrid, dynamic-range) weights.
 */
public final class LstmOps {
    private LstmOps() {}

    /** Adds this family's kernels to {@code resolver}. */
    public static void register(MutableOpResolver resolver) {
        resolver.addBuiltin(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
                node -> new UnidirectionalSequenceLstmKernel(true), DataType.FLOAT32);
        resolver.addBuiltin(BuiltinOperator.LSTM, node -> new UnidirectionalSequenceLstmKernel(false),
                DataType.FLOAT32);
    }
}
