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
 * Folds an ADD (or SUB) of a per-channel constant (TensorFlow's BiasAdd, a batch normalization's shift) into the
 * bias of the preceding CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED.
 */
public final class BiasFusion implements GraphPass {
    @Override
    public String name() {
        return "bias-fusion";
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        Map<Value, List<Op>> consumers = g.consumers();
        {
            for (Op conv : List.copyOf(g.ops())) {
                if (!FusionTargets.hasWeights(conv)
                        || conv.option("activation", FusedActivation.NONE) != FusedActivation.NONE) {
                    continue;
                }
                Value y = conv.output(0);
                Op add = PassUtil.soleConsumer(g, consumers, y);
                if (add == null || (add.code() != BuiltinOperator.ADD && add.code() != BuiltinOperator.SUB)
                        || add.option("activation", FusedActivation.NONE) != FusedActivation.NONE) {
                    continue;
                }
                int side = add.input(0) == y ? 1 : 0;
                if (add.code() == BuiltinOperator.SUB && side != 1) {
                    continue;
                }
                int channels = y.dim(y.rank() - 1);
                float[] b = PassUtil.perChannel(add.input(side), channels);
                if (b == null || add.input(1 - side) != y
                        || !java.util.Arrays.equals(add.output(0).shape(), y.shape())) {
                    continue;
                }
                float[] bias = conv.input(2) == null ? new float[channels] : conv.input(2).constant().floats().clone();
                float sign = add.code() == BuiltinOperator.SUB ? -1 : 1;
                for (int c = 0; c < channels; c++) {
                    bias[c] += sign * b[c];
                }
                String name = conv.input(2) == null ? y.name() + "/bias" : conv.input(2).name();
                conv.setInput(2, Value.constant(name + "/fused", Constant.of(bias, channels)));
                FusionTargets.replaceOutput(g, conv, add);
                count++;
            }
        }
        return count;
    }
}
