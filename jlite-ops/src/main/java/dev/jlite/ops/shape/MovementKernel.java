package dev.jlite.ops.shape;

import dev.jlite.Tensor;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;

/**
 * Base of this family's kernels: splits the work into {@link #plan} (check the node, size the outputs, precompute
 * strides and index tables) and {@link #run} (move the data), and decides when planning can happen.
 *
 * <p>Planning happens in prepare when every input's shape is known and every input that determines the output
 * shape by its values is constant. Otherwise the outputs are marked dynamic and planning happens at the start of
 * every eval, as TensorFlow Lite does for dynamic tensors: a node whose input was sized by a previous node while
 * running cannot trust the shapes it saw in prepare.
 */
abstract class MovementKernel implements Kernel {
    private boolean planWhileRunning;

    @Override
    public final void prepare(Node node) {
        checkNode(node);
        planWhileRunning = !inputShapesKnown(node) || !shapeValuesKnown(node);
        if (planWhileRunning) {
            for (int i = 0; i < node.outputCount(); i++) {
                node.output(i).markDynamic();
            }
            return;
        }
        plan(node);
    }

    @Override
    public final void eval(Node node) {
        if (planWhileRunning) {
            plan(node);
        }
        run(node);
    }

    /**
     * Checks what does not depend on shapes or values: input and output counts, types and options. Runs once per
     * prepare, before anything else.
     */
    protected abstract void checkNode(Node node);

    /**
     * Whether the values of every input that determines the output shape (a shape, size, axis, permutation,
     * begin/end/strides or paddings input) are known in prepare, that is, whether those inputs are constant.
     */
    protected boolean shapeValuesKnown(Node node) {
        return true;
    }

    /** Checks shapes and values, resizes the outputs and precomputes what {@link #run} needs. */
    protected abstract void plan(Node node);

    /** Moves the data; must not allocate. */
    protected abstract void run(Node node);

    private static boolean inputShapesKnown(Node node) {
        for (int i = 0; i < node.inputCount(); i++) {
            Tensor t = node.input(i);
            if (t != null && t.isDynamic()) {
                return false;
            }
        }
        return true;
    }

    /** Whether an optional input is absent or constant. */
    static boolean constantOrAbsent(Tensor t) {
        return t == null || t.isConstant();
    }
}
