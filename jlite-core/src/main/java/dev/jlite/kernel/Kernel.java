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

    /**
     * For a kernel that clamps its float output with {@link Node#fusedActivation(int)}: the fused activation code
     * (schema {@code ActivationFunctionType}) its options declare; -1 (the default) for kernels that do not. When
     * it is 0 (NONE), the interpreter may fold a float RELU, RELU6 or RELU_N1_TO_1 that is the only reader of the
     * node's output into the node (TensorFlow Lite's clamp after the arithmetic gives the same values as the
     * separate operator), saving a pass over the tensor. Called once, before {@link #prepare}.
     */
    default int declaredActivation(Node node) {
        return -1;
    }

    /**
     * Whether the kernel applies an epilogue to its float output: {@link Node#fusedAddend()} added element-wise, then
     * {@link Node#fusedActivation(int)}, then {@link Node#fusedPreluAlpha()}. Where true and the declared activation
     * is NONE, the interpreter may fold a float ADD of the output and a tensor of the same shape computed earlier, and
     * a per-channel PRELU, into the node, saving a pass over the tensor each. Called once, before {@link #prepare}.
     */
    default boolean fusesEpilogue(Node node) {
        return false;
    }

    /**
     * Whether the kernel's epilogue ({@link #fusesEpilogue}) also takes an addend with fewer channels (last
     * dimension) than its output, adding zeros to the channels past the addend's: the interpreter may then fold a
     * float ADD whose other operand is a PAD that appends zero channels together with that PAD, adding the PAD's
     * input instead (BlazeFace-style residual blocks widen their shortcut so), which saves both passes and the
     * padded tensor. Called once, before {@link #prepare}.
     */
    default boolean fusesChannelPaddedAddend(Node node) {
        return false;
    }

    /**
     * Whether the kernel reads its input 0, an NHWC tensor, as though it were surrounded by the zero rows and columns
     * of {@link Node#fusedInputPadding}: the interpreter may then fold a float PAD that adds zeros to the height and
     * width only, and whose output only this node reads, as its input 0, into the node, which then reads the PAD's
     * input (saving the pass and the padded tensor; XNNPACK folds such PADs into its convolutions too). The padding's
     * taps may be skipped, as SAME padding's are. Called once, before {@link #prepare}.
     */
    default boolean fusesInputPadding(Node node) {
        return false;
    }

    /**
     * Whether the kernel computes its float output in pieces of whole pixels (rows of an NHWC tensor) and can run
     * the node that reads that output piece by piece ({@link Node#pixelConsumer}), each piece right after writing
     * it, on the same thread: the interpreter then pairs it with a next node that can ({@link #evaluatesPixels}).
     * Each piece of the output is then read while still in the cache of the core that wrote it, and the two nodes
     * share one parallel loop. Asked after {@link #prepare}.
     */
    default boolean runsPixelConsumer(Node node) {
        return false;
    }

    /**
     * Whether, as prepared, each pixel of the node's output depends only on the same pixel of its input 0 (a 1x1
     * convolution at stride 1, for example), computed the same whichever pieces the pixels come in, so that a node
     * that {@link #runsPixelConsumer} may run it piece by piece through {@link #beginPixels}, {@link #evalPixels} and
     * {@link #endPixels} instead of the interpreter running {@link #eval}. Asked after {@link #prepare}.
     */
    default boolean evaluatesPixels(Node node) {
        return false;
    }

    /** Before an inference's {@link #evalPixels} calls: reads the node's tensors as {@link #eval} would. */
    default void beginPixels(Node node) {
        throw new UnsupportedOperationException(node.opName() + " does not evaluate pixels");
    }

    /**
     * Computes output pixels {@code [from, to)} (pixel {@code i} of an NHWC output is batch {@code i / (H * W)}, row
     * and column within it), after {@link #beginPixels}; called from several threads at once for disjoint ranges.
     */
    default void evalPixels(Node node, int from, int to) {
        throw new UnsupportedOperationException(node.opName() + " does not evaluate pixels");
    }

    /** After an inference's {@link #evalPixels} calls. */
    default void endPixels(Node node) {}
}
