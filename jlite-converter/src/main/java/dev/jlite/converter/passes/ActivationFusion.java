package dev.jlite.converter.passes;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.FusedActivation;
import java.util.List;
import java.util.Map;

/**
 * Fuses RELU, RELU6 and RELU_N1_TO_1 into the operator before them (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 * ADD, MUL, SUB, DIV, pooling) as its fused activation. TANH is left as an operator: TensorFlow
 * Lite's float kernels clamp to a range and would silently ignore a fused TANH.
 */
public final class ActivationFusion implements GraphPass {
    @Override
    public String name() {
        return "activation-fusion";
    }

    static FusedActivation of(BuiltinOperator code) {
        return switch (code) {
            case RELU -> FusedActivation.RELU;
            case RELU6 -> FusedActivation.RELU6;
            case RELU_N1_TO_1 -> FusedActivation.RELU_N1_TO_1;
            default -> null;
        };
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        Map<Value, List<Op>> consumers = g.consumers();
        for (Op op : List.copyOf(g.ops())) {
            if (!g.ops().contains(op) || !FusionTargets.takesActivation(op) || op.outputs().size() != 1
                    || op.option("activation", FusedActivation.NONE) != FusedActivation.NONE
                    || op.output(0).type() != dev.jlite.DataType.FLOAT32) {
                continue;
            }
            Op act = PassUtil.soleConsumer(g, consumers, op.output(0));
            FusedActivation f = act == null ? null : of(act.code());
            if (f == null) {
                continue;
            }
            op.options().put("activation", f);
            FusionTargets.replaceOutput(g, op, act);
            consumers = g.consumers();
            count++;
        }
        return count;
    }
}
