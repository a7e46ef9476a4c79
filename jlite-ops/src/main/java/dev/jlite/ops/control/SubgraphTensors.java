package dev.jlite.ops.control;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.kernel.SubgraphCall;
import java.util.Arrays;

/** Moving tensors in and out of a called subgraph, as TensorFlow Lite's control-flow kernels copy them. */
final class SubgraphTensors {
    private SubgraphTensors() {}

    /** Copies the elements of {@code from} into {@code to}, which has the same type and element count. */
    static void copy(Tensor from, Tensor to) {
        System.arraycopy(from.array(), from.offset(), to.array(), to.offset(), from.numElements());
    }

    /** Checks that two tensors a control-flow operator connects have the same type. */
    static void checkSameType(Node node, String what, Tensor a, Tensor b) {
        if (a.dataType() != b.dataType()) {
            throw node.error(what + ": " + a.dataType() + " " + a + " and " + b.dataType() + " " + b
                    + " must have the same type");
        }
    }

    /** Gives the subgraph's inputs the shapes of {@code sources}, preparing it again when one changed. */
    static void shapeInputs(SubgraphCall call, Tensor[] sources) {
        for (int i = 0; i < sources.length; i++) {
            int[] shape = sources[i].shape();
            if (!Arrays.equals(call.input(i).shape(), shape)) {
                call.resizeInput(i, shape);
            }
        }
        call.allocate();
    }

    /** Copies {@code sources} into the subgraph's inputs. */
    static void feed(SubgraphCall call, Tensor[] sources) {
        for (int i = 0; i < sources.length; i++) {
            copy(sources[i], call.input(i));
        }
    }
}
