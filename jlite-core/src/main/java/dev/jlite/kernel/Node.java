package dev.jlite.kernel;

import dev.jlite.ModelFormatException;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import java.nio.ByteBuffer;

/**
 * What a kernel sees of its operator: its tensors, options and version, a place to report errors, the thread pool
 * and scratch space. A kernel never reaches past this into the model or the interpreter.
 */
public interface Node {
    /** The operator's index in its subgraph's execution order. */
    int index();

    /** The operator's builtin name or custom name. */
    String opName();

    /** The operator version the model declares. */
    int version();

    int inputCount();

    /** Input {@code i}, or {@code null} where the model omits an optional input (index -1) or has fewer inputs. */
    Tensor input(int i);

    int outputCount();

    Tensor output(int i);

    /** The builtin options table, or {@code null} when the operator has none (kernels then use defaults). */
    FlatTable options();

    /** The {@code BuiltinOptions} union type of {@link #options()}, 0 for none. */
    int optionsType();

    /**
     * The options table when it has the {@code BuiltinOptions} union type the kernel expects, else {@code null}:
     * TensorFlow Lite's {@code builtin_options_as_X()} yields nothing for a table of another type, and the kernel
     * runs on the schema defaults.
     */
    default FlatTable options(int expectedType) {
        return optionsType() == expectedType ? options() : null;
    }

    /** The custom options bytes (a read-only little-endian view), or {@code null}. */
    ByteBuffer customOptions();

    /** The pool that runs this interpreter's parallel loops. */
    ThreadPool threads();

    /**
     * Whether this interpreter may use the Vector API kernels ({@code Interpreter.Options.setUseSimd}); kernels
     * pick their SIMD variant only when this is true and the {@code jdk.incubator.vector} module is present.
     */
    boolean useSimd();

    /** Asks, in prepare, for a float scratch array of at least {@code floats} elements for eval. */
    void requestScratch(int floats);

    /** The scratch array requested in prepare; shared by all nodes, so its contents do not survive a node. */
    float[] scratch();

    /**
     * Declares, in prepare, that this kernel has copied input {@code i} (packed its weights, say) and will not read
     * it while running. A tensor that the interpreter computed at prepare (a DEQUANTIZE of float16 weights) is
     * released once every operator that reads it has declared this or was itself computed at prepare, so that the
     * interpreter does not hold the weights twice; reading a released tensor's data throws
     * {@link IllegalStateException}. Inputs the model stores, and tensors computed while running, are not affected.
     */
    void markInputCopied(int i);

    /**
     * Subgraph {@code index} of the model, for control-flow kernels (IF, WHILE) to run. Each subgraph has one
     * executor per interpreter, shared by every node that calls it.
     *
     * @throws dev.jlite.ModelFormatException if there is no such subgraph
     */
    SubgraphCall subgraph(int index);

    /**
     * The fused activation function (a schema {@code ActivationFunctionType} code) the kernel must apply, given the
     * one its options declare: the declared one, unless the interpreter folded a following RELU, RELU6 or
     * RELU_N1_TO_1 into this node (only where {@link Kernel#declaredActivation(Node)} is NONE).
     */
    default int fusedActivation(int declared) {
        return declared;
    }

    /**
     * The other operand of a float ADD that the interpreter folded into this node (only where
     * {@link Kernel#fusesEpilogue} is true): a tensor of the output's shape, computed before this node, to add to the
     * output before the fused activation ({@link #fusedActivation}, then the ADD's). Where
     * {@link Kernel#fusesChannelPaddedAddend} is true it may have fewer channels in its last dimension (the input of
     * a folded channel PAD): the output's channels past them get {@code +0.0f}. Null when none.
     */
    default Tensor fusedAddend() {
        return null;
    }

    /**
     * The per-channel slopes (one per channel of the output's last dimension, computed before this node) of a float
     * PRELU that the interpreter folded into this node (only where {@link Kernel#fusesEpilogue} is true), applied
     * last: {@code x >= 0 ? x : alpha[c] * x}. Null when none.
     */
    default Tensor fusedPreluAlpha() {
        return null;
    }

    /**
     * The zero padding of a float PAD that the interpreter folded into this node's input 0 (only where
     * {@link Kernel#fusesInputPadding} is true), as {@code {top, bottom, left, right}}: rows before and after, columns
     * before and after, all at least 0. The kernel computes as on input 0 padded so (before its own SAME or VALID
     * padding). Null when none.
     */
    default int[] fusedInputPadding() {
        return null;
    }

    /**
     * The node that reads this node's output and that this node runs piece by piece (only where {@link
     * Kernel#runsPixelConsumer} is true and the interpreter paired the two): after writing output pixels {@code [from,
     * to)}, the kernel calls {@link PixelConsumer#run} for them on the same thread, between one {@link
     * PixelConsumer#begin} and {@link PixelConsumer#end} per inference. Null when none; may change at each prepare.
     */
    default PixelConsumer pixelConsumer() {
        return null;
    }

    /** An exception naming this node, for the kernel to throw. */
    default ModelFormatException error(String message) {
        return new ModelFormatException("operator " + index() + " (" + opName() + " v" + version() + "): " + message);
    }

    /** Input {@code i}, which the operator requires. */
    default Tensor requireInput(int i) {
        Tensor t = input(i);
        if (t == null) {
            throw error("missing required input " + i + " (has " + inputCount() + ")");
        }
        return t;
    }

    /** Checks the number of inputs and outputs. */
    default void checkArity(int minInputs, int maxInputs, int outputs) {
        if (inputCount() < minInputs || inputCount() > maxInputs) {
            throw error("expects " + (minInputs == maxInputs ? "" + minInputs : minInputs + ".." + maxInputs)
                    + " inputs, has " + inputCount());
        }
        if (outputCount() != outputs) {
            throw error("expects " + outputs + " outputs, has " + outputCount());
        }
    }
}
