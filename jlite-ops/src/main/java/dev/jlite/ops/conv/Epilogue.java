package dev.jlite.ops.conv;

import dev.jlite.Tensor;
import dev.jlite.kernel.Node;
import dev.jlite.ops.common.Activation;

/**
 * What a convolution applies to its float output after the sums, for an ADD and a PRELU that the interpreter folded
 * into it ({@link Node#fusedAddend()}, {@link Node#fusedPreluAlpha()}): {@code out = prelu(clamp(out + addend))},
 * the fused activation's clamp coming after the sum, as in the ADD kernel. The convolution's own clamp is then off
 * ({@link #kernelClamp}). Run by {@link ConvEngine#epilogue} on each stretch of output just computed, while it is
 * still in cache. The addend may have fewer channels than the output (a channel PAD folded with the ADD,
 * {@link dev.jlite.kernel.Kernel#fusesChannelPaddedAddend}): the channels past its own get {@code +0.0f}.
 */
final class Epilogue {
    final float lo;
    final float hi;
    /** The addend's channels (its last dimension): the output's, or fewer where a channel PAD was folded. */
    final int addChannels;
    /** The operands of the run in progress (set by {@link #bind}): the addend and the slopes, null when none. */
    float[] addend;
    int addBase;
    float[] alpha;
    int alphaBase;

    private Epilogue(float lo, float hi, int addChannels) {
        this.lo = lo;
        this.hi = hi;
        this.addChannels = addChannels;
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
        int addChannels = channels;
        if (addend != null) {
            int[] as = addend.shape();
            int[] os = output.shape();
            int rank = os.length;
            addChannels = as.length == rank && rank > 0 ? as[rank - 1] : -1;
            if (addChannels < 1 || addChannels > channels
                    || !java.util.Arrays.equals(as, 0, rank - 1, os, 0, rank - 1)) {
                throw node.error("the folded ADD's other operand has shape " + java.util.Arrays.toString(as)
                        + ", the output " + java.util.Arrays.toString(os));
            }
        }
        if (alpha != null && alpha.numElements() != channels) {
            throw node.error("the folded PRELU has " + alpha.numElements() + " slopes for " + channels + " channels");
        }
        return new Epilogue(act.min(), act.max(), addChannels);
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

    /** Where the addend of the output pixel that starts {@code at} elements into the output begins. */
    int addendAt(int at, int channels) {
        return addChannels == channels ? addBase + at : addBase + at / channels * addChannels;
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
