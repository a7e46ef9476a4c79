package dev.jlite.ops.math;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/** Shape checks shared by this family's kernels. */
final class Shapes {
    private Shapes() {}

    /**
     * Whether an input of the node is sized while running (by a previous dynamic node): then shapes seen in prepare
     * cannot be trusted, and the kernel plans again at each eval with its output marked dynamic.
     */
    static boolean anyInputDynamic(Node node) {
        for (int i = 0; i < node.inputCount(); i++) {
            Tensor t = node.input(i);
            if (t != null && t.isDynamic()) {
                return true;
            }
        }
        return false;
    }
}
