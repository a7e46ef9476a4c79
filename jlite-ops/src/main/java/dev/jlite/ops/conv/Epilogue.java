package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;

/**
 * What a convolution applies to its float output after the sums, for an ADD and a PRELU that the interpreter folded
 * into it ({@link Node#fusedAddend()}, {@link Node#fusedPreluAlpha()}): {@code out = prelu(clamp(out + addend))},
 * the fused activation's clamp coming after the sum, as in the ADD kernel. The convolution's own clamp is then off
 * ({@link #kernelClamp}). Run by {@link ConvEngine#epilogue} on each stretch of output just computed, while it is
 * still in cache.
 */
final class Epilogue {
    final float lo;
    final float hi;
    /** The operands of the run in progress (set by {@link #bind}): the addend and the slopes, null when none. */
    float[] addend;
    int addBase;
    float[] alpha;
    int alphaBase;

    private Epilogue(float lo, float hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * The node's epilogue, null when nothing was folded into it. Checks the folded tensors against the output,
     * whose shape prepare has just set.
     */
    static Epilogue of(Node node, Activation act, Tensor output, int channels) {
        Tensor addend = node.fusedAddend();
        Tensor alpha = node.fusedPreluAlpha();
        if (addend == null && alpha == null) {
            return null;
        }
        if (addend != null && !java.util.Arrays.equals(addend.shape(), output.shape())) {
            throw node.error("the folded ADD's other operand has shape " + java.util.Arrays.toString(addend.shape())
                    + ", the output " + java.util.Arrays.toString(output.shape()));
        }
        if (alpha != null && alpha.numElements() != channels) {
            throw node.error("the folded PRELU has " + alpha.numElements() + " slopes for " + channels + " channels");
        }
        return new Epilogue(act.min(), act.max());
    }

    /** Points at the node's folded operands for the run about to start. */
    void bind(Node node) {
        Tensor a = node.fusedAddend();
        addend = a == null ? null : a.floats();
        addBase = a == null ? 0 : a.offset();
        Tensor s = node.fusedPreluAlpha();
        alpha = s == null ? null : s.floats();
        alphaBase = s == null ? 0 : s.offset();
    }

    /** Drops the references to the run's arrays. */
    void unbind() {
        addend = null;
        alpha = null;
    }

    /** The clamp range the convolution's own loops apply: the activation's, or none when an epilogue follows. */
    static float[] kernelClamp(Epilogue epilogue, Activation act) {
        return epilogue != null ? new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY}
                : PackedFilter.clampRange(act);
    }
}
