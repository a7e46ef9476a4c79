package dev.jlite.model;

import dev.jlite.flatbuffers.FlatTable;
import java.nio.ByteBuffer;

/**
 * An operator (node) of a subgraph as the file declares it: which operator code it uses, its input tensor indices
 * (-1 for an omitted optional input), output and intermediate tensor indices, and its options.
 */
public final class Operator {
    private final int index;
    private final int opcodeIndex;
    private final int[] inputs;
    private final int[] outputs;
    private final int[] intermediates;
    private final int builtinOptionsType;
    private final FlatTable builtinOptions;
    private final ByteBuffer customOptions;

    Operator(int index, int opcodeIndex, int[] inputs, int[] outputs, int[] intermediates, int builtinOptionsType,
            FlatTable builtinOptions, ByteBuffer customOptions) {
        this.index = index;
        this.opcodeIndex = opcodeIndex;
        this.inputs = inputs;
        this.outputs = outputs;
        this.intermediates = intermediates;
        this.builtinOptionsType = builtinOptionsType;
        this.builtinOptions = builtinOptions;
        this.customOptions = customOptions;
    }

    public int index() {
        return index;
    }

    public int opcodeIndex() {
        return opcodeIndex;
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public int[] intermediates() {
        return intermediates.clone();
    }

    int inputAt(int i) {
        return inputs[i];
    }

    /** The {@code BuiltinOptions} union type, 0 when the operator has none. */
    public int builtinOptionsType() {
        return builtinOptionsType;
    }

    /** The builtin options table (checked reads), or {@code null}. */
    public FlatTable builtinOptions() {
        return builtinOptions;
    }

    /** The custom options bytes (read-only view), or {@code null}. */
    public ByteBuffer customOptions() {
        return customOptions == null ? null : customOptions.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }
}
