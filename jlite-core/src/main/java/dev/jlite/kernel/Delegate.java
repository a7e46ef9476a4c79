package dev.jlite.kernel;

import dev.jlite.model.OperatorCode;

/**
 * Hands operators to another executor (an accelerator, a fused implementation). The interpreter offers each node,
 * in execution order, before it looks in the op resolver; what the delegate declines runs on the CPU kernels.
 */
public interface Delegate {
    /** A short name for reports. */
    String name();

    /**
     * The kernel factory this delegate runs the node with, or {@code null} to leave the node to the CPU kernels.
     *
     * @param code the node's operator code and version
     * @param node the node (its tensors have their declared shapes; nothing is allocated yet)
     */
    KernelFactory claim(OperatorCode code, Node node);
}
