package dev.jlite.converter.passes;

import dev.jlite.converter.ir.Constant;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.FusedActivation;
import java.util.List;
import java.util.Map;

/**
 * Folds a per-channel MUL by a constant (a batch normalization's scale: lowered FusedBatchNorm, or a Mul + Add
 * pattern) into the preceding CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED: its weights and bias are scaled per
 * output channel and the MUL disappears. The normalization's shift, an ADD, is then folded by {@link BiasFusion}.
 */
public final class BatchNormFolding implements GraphPass {
    @Override
    public String name() {
        return "batch-norm-folding";
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        Map<Value, List<Op>> consumers = g.consumers();
        for (Op conv : List.copyOf(g.ops())) {
            if (!FusionTargets.hasWeights(conv) || conv.option("activation", FusedActivation.NONE)
                    != FusedActivation.NONE || !conv.input(1).isConstant()) {
                continue;
            }
            Value y = conv.output(0);
            Op mul = PassUtil.soleConsumer(g, consumers, y);
            if (mul == null || mul.code() != BuiltinOperator.MUL
                    || mul.option("activation", FusedActivation.NONE) != FusedActivation.NONE) {
                continue;
            }
            int side = mul.input(0) == y ? 1 : 0;
            int channels = y.dim(y.rank() - 1);
            float[] scale = PassUtil.perChannel(mul.input(side), channels);
            if (scale == null || mul.input(1 - side) != y || !java.util.Arrays.equals(mul.output(0).shape(),
                    y.shape())) {
                continue;
            }
            Constant w = conv.input(1).constant();
            float[] wv = w.floats().clone();
            boolean lastAxis = conv.code() == BuiltinOperator.DEPTHWISE_CONV_2D;
            int per = wv.length / channels;
            for (int i = 0; i < wv.length; i++) {
                wv[i] *= scale[lastAxis ? i % channels : i / per];
            }
            conv.setInput(1, Value.constant(conv.input(1).name() + "/bn", new Constant(w.type(), w.shape(), wv)));
            Value bias = conv.input(2);
            if (bias != null) {
                float[] bv = bias.constant().floats().clone();
                for (int c = 0; c < channels; c++) {
                    bv[c] *= scale[c];
                }
                conv.setInput(2, Value.constant(bias.name() + "/bn", Constant.of(bv, channels)));
            }
            FusionTargets.replaceOutput(g, conv, mul);
            count++;
        }
        return count;
    }
}
