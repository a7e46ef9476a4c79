package dev.jlite.ops.conv;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.kernel.Node;

/** Validation shared by the kernels of this family; every failure is the node's {@code ModelFormatException}. */
final class Checks {
    private Checks() {}

    static void float32(Node node, Tensor t, String role) {
        if (t.dataType() != DataType.FLOAT32) {
            throw node.error(role + " is " + t.dataType() + "; this kernel computes FLOAT32 only"
                    + (role.equals("filter") ? " (hybrid and quantized weights are not supported)" : ""));
        }
    }

    static void rank(Node node, Tensor t, String role, int rank) {
        if (t.numDimensions() != rank) {
            throw node.error(role + " must have rank " + rank + ", has shape " + java.util.Arrays.toString(t.shape()));
        }
    }

    static void dense(Node node, Tensor t, String role) {
        if (t.sparsity() != null) {
            throw node.error(role + " is sparse; densify it first (DENSIFY)");
        }
    }

    /** A bias of {@code channels} FLOAT32 values, or {@code null} when absent. */
    static Tensor bias(Node node, Tensor bias, int channels) {
        if (bias == null) {
            return null;
        }
        float32(node, bias, "bias");
        dense(node, bias, "bias");
        if (bias.numElements() != channels) {
            throw node.error("bias has " + bias.numElements() + " values for " + channels + " output channels");
        }
        return bias;
    }

    static void positive(Node node, String what, int value) {
        if (value <= 0) {
            throw node.error(what + " must be positive, is " + value);
        }
    }
}
