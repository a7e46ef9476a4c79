package dev.jlite.ops.math;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.util.List;

/** A {@link UnaryFunction} over a whole tensor: the output has the input's shape and type. */
final class UnaryMathKernel implements Kernel {
    private final UnaryFunction function;
    /** The input types TensorFlow Lite 2.6.2 has this operator for (the registration's, from {@link MathOps}). */
    private final List<DataType> types;
    private boolean planWhileRunning;

    UnaryMathKernel(UnaryFunction function, List<DataType> types) {
        this.function = function;
        this.types = types;
    }

    @Override
    public void prepare(Node node) {
        node.checkArity(1, 1, 1);
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        DataType type = input.dataType();
        if (!types.contains(type)) {
            throw node.error("input type " + type + " is not supported");
        }
        if (output.dataType() != type) {
            throw node.error("output type " + output.dataType() + " differs from the input type " + type);
        }
        planWhileRunning = Shapes.anyInputDynamic(node);
        if (planWhileRunning) {
            output.markDynamic();
        } else {
            output.resize(input.shape());
        }
    }

    @Override
    public void eval(Node node) {
        Tensor in = node.input(0);
        Tensor out = node.output(0);
        if (planWhileRunning) {
            out.resize(in.shape());
        }
        int n = in.numElements();
        switch (in.dataType().storage()) {
            case FLOAT -> function.floats(in.floats(), in.offset(), out.floats(), out.offset(), n);
            case INT -> function.ints(in.ints(), in.offset(), out.ints(), out.offset(), n);
            case LONG -> function.longs(in.longs(), in.offset(), out.longs(), out.offset(), n);
            default -> function.bytes(in.bytes(), in.offset(), out.bytes(), out.offset(), n);
        }
    }
}
