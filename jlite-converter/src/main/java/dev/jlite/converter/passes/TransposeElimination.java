package dev.jlite.converter.passes;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import java.util.List;

/**
 * Cancels TRANSPOSE pairs that undo each other, which NCHW -> NHWC conversion leaves between consecutive NCHW
 * operators (transpose back to NCHW, then to NHWC again), also across element-wise activations between them
 * (the activation then runs in NHWC).
 */
public final class TransposeElimination implements GraphPass {
    private static final java.util.Set<BuiltinOperator> ELEMENTWISE = java.util.EnumSet.of(BuiltinOperator.RELU,
            BuiltinOperator.RELU6, BuiltinOperator.LOGISTIC, BuiltinOperator.TANH, BuiltinOperator.ELU,
            BuiltinOperator.RELU_N1_TO_1, BuiltinOperator.LEAKY_RELU, BuiltinOperator.HARD_SWISH);

    @Override
    public String name() {
        return "transpose-elimination";
    }

    @Override
    public int run(TflGraph g) {
        int count = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            var consumers = g.consumers();
            for (Op second : g.ops()) {
                if (second.code() != BuiltinOperator.TRANSPOSE || !second.input(1).isConstant()) {
                    continue;
                }
                Value mid = second.input(0);
                Op between = null;
                Op first = mid.producer();
                if (first != null && ELEMENTWISE.contains(first.code())) {
                    if (PassUtil.soleConsumer(g, consumers, mid) != second) {
                        continue;
                    }
                    between = first;
                    first = first.input(0).producer();
                }
                if (first == null || first.code() != BuiltinOperator.TRANSPOSE || !first.input(1).isConstant()
                        || !inverse(first.input(1).constant().asInts(), second.input(1).constant().asInts())) {
                    continue;
                }
                Value original = first.input(0);
                Value result = second.output(0);
                if (between != null) {
                    if (PassUtil.soleConsumer(g, consumers, first.output(0)) != between) {
                        continue;
                    }
                    // the activation now reads the untransposed tensor and writes the result directly
                    int at = g.ops().indexOf(between);
                    g.ops().set(at, new Op(between.code(), List.of(original), List.of(result), between.options(),
                            between.origin()));
                    g.ops().remove(second);
                } else {
                    if (g.isOutput(result)) {
                        continue;
                    }
                    g.ops().remove(second);
                    g.replaceUses(result, original);
                }
                g.removeDeadOps();
                count++;
                changed = true;
                break;
            }
        }
        return count;
    }

    static boolean inverse(int[] p, int[] q) {
        if (p.length != q.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (p[q[i]] != i) {
                return false;
            }
        }
        return true;
    }
}
