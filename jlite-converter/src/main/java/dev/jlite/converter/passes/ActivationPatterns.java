package dev.jlite.converter.passes;

import static dev.jlite.kernel.BuiltinOperator.*;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import java.util.List;
import java.util.Map;

/**
 * Recognizes clipping written with Maximum/Minimum (as {@code tf.clip_by_value} and hand-written layers do):
 * {@code min(max(x, -1), 1)} is RELU_N1_TO_1, {@code min(max(x, 0), 6)} and {@code min(relu(x), 6)} are RELU6,
 * {@code max(x, 0)} is RELU. The activations then fuse into the operator before them.
 */
public final class ActivationPatterns implements GraphPass {
    @Override
    public String name() {
        return "activation-patterns";
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        Map<Value, List<Op>> consumers = g.consumers();
        for (int i = 0; i < g.ops().size(); i++) {
            Op outer = g.ops().get(i);
            float bound = scalarOperand(outer);
            if (Float.isNaN(bound)) {
                continue;
            }
            Value x = operand(outer);
            Op inner = x.producer();
            BuiltinOperator replacement = null;
            Value source = x;
            if (outer.code() == MAXIMUM && bound == 0) {
                replacement = RELU;
            }
            if (inner != null && PassUtil.soleConsumer(g, consumers, x) == outer) {
                float innerBound = scalarOperand(inner);
                boolean clamp = (outer.code() == MINIMUM && inner.code() == MAXIMUM)
                        || (outer.code() == MAXIMUM && inner.code() == MINIMUM);
                float lo = outer.code() == MINIMUM ? innerBound : bound;
                float hi = outer.code() == MINIMUM ? bound : innerBound;
                if (clamp && lo == -1 && hi == 1) {
                    replacement = RELU_N1_TO_1;
                    source = operand(inner);
                } else if (clamp && lo == 0 && hi == 6) {
                    replacement = RELU6;
                    source = operand(inner);
                } else if (outer.code() == MINIMUM && bound == 6 && inner.code() == RELU) {
                    replacement = RELU6;
                    source = inner.input(0);
                }
            }
            if (replacement == null) {
                continue;
            }
            g.ops().set(i, new Op(replacement, List.of(source), outer.outputs(), Map.of(), outer.origin()));
            count++;
        }
        g.removeDeadOps();
        return count;
    }

    /** The value of a MAXIMUM/MINIMUM's constant operand when it holds one repeated value, else NaN. */
    private static float scalarOperand(Op op) {
        if (op.code() != MAXIMUM && op.code() != MINIMUM) {
            return Float.NaN;
        }
        int side = PassUtil.constantSide(op);
        if (side < 0 || op.input(1 - side).isConstant()
                || op.input(side).type() != dev.jlite.DataType.FLOAT32
                || op.input(side).constant().elementCount() != 1) {
            return Float.NaN;
        }
        return op.input(side).constant().floats()[0];
    }

    private static Value operand(Op op) {
        return op.input(PassUtil.constantSide(op) == 1 ? 0 : 1);
    }
}
