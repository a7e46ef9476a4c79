package dev.jlite.kernel;

import dev.jlite.Tensor;

/**
 * Another subgraph of the model, run by a control-flow kernel (IF, WHILE) the way TensorFlow Lite's kernels run
 * theirs: resize its inputs, {@link #allocate()}, write the inputs' data, {@link #invoke()}, read the outputs. The
 * subgraph keeps its own tensors and arena; its tensors stay valid until the next {@link #allocate()}.
 */
public interface SubgraphCall {
    /** The subgraph's index in the model. */
    int index();

    int inputCount();

    /** Input {@code i} of the subgraph: the kernel writes its data before {@link #invoke()}. */
    Tensor input(int i);

    int outputCount();

    /** Output {@code i} of the subgraph, valid after {@link #invoke()}. */
    Tensor output(int i);

    /** Gives input {@code i} a new shape; the next {@link #allocate()} prepares the subgraph again. */
    void resizeInput(int i, int... shape);

    /** Prepares the subgraph (shapes, kernels, arena) if it was never prepared or an input shape changed. */
    void allocate();

    /** Runs the subgraph on the data in its inputs. */
    void invoke();
}
