package dev.jlite.converter.passes;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.Padding;
import java.util.List;
import java.util.Map;

/**
 * Folds a zero PAD of the spatial dimensions into the VALID convolution or pooling after it when the padding is
 * exactly what SAME padding adds for that window (Keras' ZeroPadding2D before a stride-2 convolution): the operator
 * becomes SAME on the unpadded input and the PAD disappears. Any other padding is kept.
 */
public final class PadFolding implements GraphPass {
    @Override
    public String name() {
        return "pad-folding";
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        Map<Value, List<Op>> consumers = g.consumers();
        for (Op pad : List.copyOf(g.ops())) {
            if (pad.code() != BuiltinOperator.PAD || !pad.input(1).isConstant() || pad.input(0).rank() != 4) {
                continue;
            }
            Op conv = PassUtil.soleConsumer(g, consumers, pad.output(0));
            if (conv == null || (conv.code() != BuiltinOperator.CONV_2D
                    && conv.code() != BuiltinOperator.DEPTHWISE_CONV_2D && conv.code() != BuiltinOperator.MAX_POOL_2D)
                    || conv.option("padding", Padding.VALID) != Padding.VALID || conv.input(0) != pad.output(0)) {
                continue;
            }
            // zero padding changes a max pool's result where inputs are negative; only convolutions are exact
            if (conv.code() == BuiltinOperator.MAX_POOL_2D) {
                continue;
            }
            int[] p = pad.input(1).constant().asInts();
            int[] in = pad.input(0).shape();
            if (p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0) {
                continue;
            }
            int[] k = conv.input(1).shape();
            int kh = k[1];
            int kw = k[2];
            if (!same(in[1], kh, conv.option("strideH", 1), conv.option("dilationH", 1), p[2], p[3])
                    || !same(in[2], kw, conv.option("strideW", 1), conv.option("dilationW", 1), p[4], p[5])) {
                continue;
            }
            conv.setInput(0, pad.input(0));
            conv.options().put("padding", Padding.SAME);
            g.ops().remove(pad);
            count++;
        }
        return count;
    }

    /** Whether SAME padding of a window over {@code in} pads {@code before} and {@code after}. */
    static boolean same(int in, int k, int stride, int dilation, int before, int after) {
        int effective = (k - 1) * dilation + 1;
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + effective - in, 0);
        int validOut = (in + before + after - effective) / stride + 1;
        return total / 2 == before && total - total / 2 == after && validOut == out;
    }
}
