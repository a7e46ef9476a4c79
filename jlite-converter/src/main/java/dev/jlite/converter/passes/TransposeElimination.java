package dev.jlite.converter.passes;

import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.kernel.BuiltinOperator;
import java.util.List;

/**
 * Cancels TRANSPOSE pairs that undo each other, which NCHW -> NHWC conversion leaves between consecutive NCHW
 * operators (transpose back to NCHW, then to NHWC again), also across element-wise activations between them
 * (the activation then runs in NHWC). A binary element-wise operator whose operands all come through the same
 * transpose (a residual ADD of two NCHW branches) runs before it instead, so that the transpose moves down and meets
 * its inverse.
 */
public final class TransposeElimination implements GraphPass {
    private static final java.util.Set<BuiltinOperator> ELEMENTWISE = java.util.EnumSet.of(BuiltinOperator.RELU,
            BuiltinOperator.RELU6, BuiltinOperator.LOGISTIC, BuiltinOperator.TANH, BuiltinOperator.ELU,
            BuiltinOperator.RELU_N1_TO_1, BuiltinOperator.LEAKY_RELU, BuiltinOperator.HARD_SWISH);

    @Override
    public String name() {
        return "transpose-elimination";
    }

    private static final java.util.Set<BuiltinOperator> BINARY = java.util.EnumSet.of(BuiltinOperator.ADD,
            BuiltinOperator.SUB, BuiltinOperator.MUL, BuiltinOperator.DIV, BuiltinOperator.MAXIMUM,
            BuiltinOperator.MINIMUM, BuiltinOperator.SQUARED_DIFFERENCE);

    @Override
    public int run(TflGraph g) {
        int count = 0;
        boolean changed = true;
        while (changed) {
            changed = sinkThroughBinary(g);
            if (changed) {
                count++;
                continue;
            }
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
                    // the activation now reads the untransposed tensor and writes the result directly (the first
                    // transpose stays while other operators read it)
                    int at = g.ops().indexOf(between);
                    g.ops().set(at, new Op(between.code(), List.of(original), List.of(result), between.options(),
                            between.origin()));
                    g.ops().remove(second);
                } else if (g.isOutput(result)) {
                    // a graph output keeps its value: the operator before the pair writes it directly
                    Op producer = original.producer();
                    if (producer == null || PassUtil.soleConsumer(g, consumers, original) != first
                            || PassUtil.soleConsumer(g, consumers, first.output(0)) != second) {
                        continue;
                    }
                    producer.setOutput(producer.outputs().indexOf(original), result);
                    g.ops().remove(second);
                    g.ops().remove(first);
                } else {
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

    /**
     * Rewrites one {@code op(T(a), T(b))} as {@code T(op(a, b))} (scalar constant operands allowed); returns whether
     * it did.
     */
    private static boolean sinkThroughBinary(TflGraph g) {
        var consumers = g.consumers();
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            if (!BINARY.contains(op.code()) || op.outputs().size() != 1) {
                continue;
            }
            int[] perm = null;
            boolean ok = true;
            int transposed = 0;
            for (Value in : op.inputs()) {
                if (in.isConstant()) {
                    ok &= in.constant().elementCount() == 1;
                    continue;
                }
                Op t = in.producer();
                if (t == null || t.code() != BuiltinOperator.TRANSPOSE || !t.input(1).isConstant()
                        || PassUtil.soleConsumer(g, consumers, in) != op) {
                    ok = false;
                    break;
                }
                int[] p = t.input(1).constant().asInts();
                ok &= perm == null || java.util.Arrays.equals(perm, p);
                perm = p;
                transposed++;
            }
            if (!ok || perm == null || transposed < 1) {
                continue;
            }
            Value result = op.output(0);
            List<Value> ins = new java.util.ArrayList<>();
            for (Value in : op.inputs()) {
                ins.add(in.isConstant() ? in : in.producer().input(0));
            }
            int[] before = ins.stream().filter(v -> !v.isConstant()).findFirst().orElseThrow().shape();
            Value inner = new Value(result.name() + "/untransposed", result.type(), before);
            Op moved = new Op(op.code(), ins, List.of(inner), op.options(), op.origin());
            Op firstTranspose = op.inputs().stream().filter(v -> !v.isConstant()).findFirst().orElseThrow()
                    .producer();
            Op t = new Op(BuiltinOperator.TRANSPOSE, List.of(inner, firstTranspose.input(1)), List.of(result),
                    java.util.Map.of(), op.origin());
            g.ops().set(i, t);
            g.ops().add(i, moved);
            g.removeDeadOps();
            return true;
        }
        return false;
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
