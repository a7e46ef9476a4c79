package dev.jlite.model;

import java.util.List;

/** One subgraph of a model: its tensors, its operators in execution order, and its input and output tensors. */
public final class Subgraph {
    private final int index;
    private final String name;
    private final List<TensorSpec> tensors;
    private final int[] inputs;
    private final int[] outputs;
    private final List<Operator> operators;

    Subgraph(int index, String name, List<TensorSpec> tensors, int[] inputs, int[] outputs, List<Operator> operators) {
        this.index = index;
        this.name = name;
        this.tensors = List.copyOf(tensors);
        this.inputs = inputs;
        this.outputs = outputs;
        this.operators = List.copyOf(operators);
    }

    public int index() {
        return index;
    }

    /** The subgraph's name, or an empty string. */
    public String name() {
        return name;
    }

    public List<TensorSpec> tensors() {
        return tensors;
    }

    public TensorSpec tensor(int i) {
        return tensors.get(i);
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public List<Operator> operators() {
        return operators;
    }
}
