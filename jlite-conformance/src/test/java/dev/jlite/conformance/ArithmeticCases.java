package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** ADD, SUB, MUL, DIV: broadcasting up to rank 4 with every fused activation. */
final class ArithmeticCases {
    private ArithmeticCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {FLOAT32, INT32}) {
            all.add(new OpCases("ADD", type, r -> binary(r, BuiltinOperator.ADD, type, BuiltinOptions::add)));
            all.add(new OpCases("SUB", type, r -> binary(r, BuiltinOperator.SUB, type, BuiltinOptions::sub)));
            all.add(new OpCases("MUL", type, r -> binary(r, BuiltinOperator.MUL, type, BuiltinOptions::mul)));
            all.add(new OpCases("DIV", type, r -> binary(r, BuiltinOperator.DIV, type, BuiltinOptions::div)));
        }
        return all;
    }

    private static DiffCase binary(CaseRandom r, BuiltinOperator op, DataType type,
            Function<FusedActivation, BuiltinOptions> options) {
        int[][] shapes = Shapes.broadcastPair(r, 4, 6);
        FusedActivation activation = type == FLOAT32
                ? r.pick(FusedActivation.NONE, FusedActivation.RELU, FusedActivation.RELU_N1_TO_1,
                        FusedActivation.RELU6)
                : r.pick(FusedActivation.NONE, FusedActivation.RELU, FusedActivation.RELU6);
        OpModel m = new OpModel(op);
        m.input(type, shapes[0]);
        boolean constantRight = r.chance(0.3);
        Object a = data(r, type, CaseRandom.size(shapes[0]), false);
        Object b = data(r, type, CaseRandom.size(shapes[1]), op == BuiltinOperator.DIV);
        if (constantRight) {
            m.constant(type, shapes[1], b);
        } else {
            m.input(type, shapes[1]);
        }
        m.output(type);
        m.options(options.apply(activation));
        String what = op + " " + type + " " + Shapes.str(shapes[0]) + (constantRight ? " const " : " ")
                + Shapes.str(shapes[1]) + " " + activation;
        Tolerance tolerance = type == FLOAT32 ? Tolerance.FLOAT : Tolerance.EXACT;
        return constantRight ? new DiffCase(what, m, tolerance, a) : new DiffCase(what, m, tolerance, a, b);
    }

    /** Operand data; divisors stay away from zero (integer division by zero is undefined in TensorFlow Lite). */
    private static Object data(CaseRandom r, DataType type, int n, boolean divisor) {
        if (type == FLOAT32) {
            float[] v = r.floats(n, -3, 3);
            if (divisor) {
                for (int i = 0; i < n; i++) {
                    v[i] = (v[i] < 0 ? -0.25f : 0.25f) + v[i];
                }
            }
            return v;
        }
        int[] v = r.ints(n, -1000, 1000);
        if (divisor) {
            for (int i = 0; i < n; i++) {
                v[i] = v[i] == 0 ? 7 : v[i] % 50 == 0 ? v[i] / 50 : v[i] % 50;
            }
        }
        return v;
    }
}
