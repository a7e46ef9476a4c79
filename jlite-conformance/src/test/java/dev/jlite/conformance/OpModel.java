package dev.jlite.conformance;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.ModelBuilder;
import dev.jlite.writer.SubgraphBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-operator model written with jlite-writer's {@link ModelBuilder}: tensors are the operator's inputs (in
 * the order declared), then its outputs. For models with more operators or subgraphs, use {@link #model()} and
 * {@link #graph()} directly; {@link #operatorInputs()}/{@link #operatorOutputs()} are then ignored if
 * {@link #noDefaultOperator()} was called.
 */
public final class OpModel {
    private final ModelBuilder model = new ModelBuilder();
    private final SubgraphBuilder graph = model.subgraph("main");
    private final BuiltinOperator op;
    private final String customName;
    private final List<Integer> inputs = new ArrayList<>();
    private final List<Integer> outputs = new ArrayList<>();
    private BuiltinOptions options;
    private byte[] customOptions;
    private int version = 1;
    private boolean defaultOperator = true;

    /** A model of one builtin operator. */
    public OpModel(BuiltinOperator op) {
        this.op = op;
        this.customName = null;
    }

    private OpModel(String customName, byte[] customOptions) {
        this.op = null;
        this.customName = customName;
        this.customOptions = customOptions;
    }

    /** A model of one custom operator (found by name), with its flexbuffer options (or null). */
    public static OpModel custom(String name, byte[] customOptions) {
        return new OpModel(name, customOptions);
    }

    /** Adds a model input that is also the operator's next input; returns its tensor index. */
    public int input(DataType type, int... shape) {
        int t = graph.input("in" + inputs.size(), type, shape);
        inputs.add(t);
        return t;
    }

    /** Adds a constant that is the operator's next input; returns its tensor index. */
    public int constant(DataType type, int[] shape, Object flatData) {
        int t = graph.constant("const" + graph.tensorCount(), type, shape, flatData);
        inputs.add(t);
        return t;
    }

    /** Makes the operator's next input an omitted optional one (-1). */
    public void omitted() {
        inputs.add(-1);
    }

    /** Adds a model output that is the operator's next output; returns its tensor index. */
    public int output(DataType type, int... shape) {
        int t = graph.tensor("out" + outputs.size(), type, shape);
        graph.output(t);
        outputs.add(t);
        return t;
    }

    /** Quantizes a tensor per tensor. */
    public OpModel quantize(int tensor, float scale, long zeroPoint) {
        graph.quantize(tensor, scale, zeroPoint);
        return this;
    }

    /** Quantizes a tensor per axis. */
    public OpModel quantize(int tensor, float[] scales, long[] zeroPoints, int axis) {
        graph.quantize(tensor, scales, zeroPoints, axis);
        return this;
    }

    /** Sets the operator's builtin options. */
    public OpModel options(BuiltinOptions options) {
        this.options = options;
        return this;
    }

    /** Sets the operator's version (default 1). */
    public OpModel version(int version) {
        this.version = version;
        return this;
    }

    /** Writes no operator of its own: the caller adds operators to {@link #graph()}. */
    public OpModel noDefaultOperator() {
        this.defaultOperator = false;
        return this;
    }

    /** The model being written, for more subgraphs or signatures. */
    public ModelBuilder model() {
        return model;
    }

    /** The primary subgraph. */
    public SubgraphBuilder graph() {
        return graph;
    }

    /** The tensors the operator reads, in order. */
    public int[] operatorInputs() {
        return inputs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The tensors the operator writes, in order. */
    public int[] operatorOutputs() {
        return outputs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Writes the file. Call once. */
    public ByteBuffer build() {
        if (defaultOperator) {
            if (op != null) {
                graph.operator(op, version, operatorInputs(), operatorOutputs(), options);
            } else {
                graph.customOperator(customName, version, operatorInputs(), operatorOutputs(), customOptions);
            }
        }
        return model.buildBuffer();
    }
}
