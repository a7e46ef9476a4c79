package dev.jlite.kernel;

/**
 * The code that runs one operator node, split as in TensorFlow Lite: {@link KernelFactory#create} is init (one
 * instance per node), {@link #prepare} runs whenever input shapes are (re)set, {@link #eval} runs the node.
 */
public interface Kernel {
    /**
     * Checks the node's inputs (types, ranks, option values), sets each output's shape with
     * {@link dev.jlite.Tensor#resize}, asks for scratch space, and packs constant weights once. Throws a
     * {@link dev.jlite.ModelFormatException} from {@link Node#error} when the node cannot run.
     */
    void prepare(Node node);

    /** Computes the outputs from the inputs. Must not allocate: everything it needs was set up in prepare. */
    void eval(Node node);
}
