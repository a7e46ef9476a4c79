package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One-input element-wise math: ABS, CEIL, FLOOR, ROUND, COS, SIN, EXP, LOG, SQRT, RSQRT, SQUARE, NEG, ZEROS_LIKE
 * and LOGICAL_NOT, over shapes of rank 0 to 5, with inputs inside each function's domain (plus the edges where
 * both interpreters agree: log(0) and 1/sqrt(0) are infinite).
 */
final class UnaryCases {
    private UnaryCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        all.add(floats("ABS", -10, 10, Tolerance.FLOAT));
        all.add(floats("CEIL", -10, 10, Tolerance.FLOAT));
        all.add(floats("FLOOR", -10, 10, Tolerance.FLOAT));
        all.add(new OpCases("ROUND", FLOAT32, r -> unary(r, "ROUND", FLOAT32, Tolerance.FLOAT, UnaryCases::halves)));
        all.add(floats("COS", -13, 13, Tolerance.TRANSCENDENTAL));
        all.add(floats("SIN", -13, 13, Tolerance.TRANSCENDENTAL));
        all.add(floats("EXP", -10, 10, Tolerance.TRANSCENDENTAL));
        all.add(new OpCases("LOG", FLOAT32,
                r -> unary(r, "LOG", FLOAT32, Tolerance.TRANSCENDENTAL, (q, n) -> withZeros(q, q.floats(n, 1e-3f, 100)))));
        all.add(floats("SQRT", 0, 100, Tolerance.FLOAT));
        all.add(new OpCases("RSQRT", FLOAT32,
                r -> unary(r, "RSQRT", FLOAT32, Tolerance.FLOAT, (q, n) -> withZeros(q, q.floats(n, 1e-2f, 100)))));
        all.add(floats("SQUARE", -100, 100, Tolerance.FLOAT));
        all.add(floats("NEG", -10, 10, Tolerance.FLOAT));
        all.add(new OpCases("NEG", INT32, r -> unary(r, "NEG", INT32, Tolerance.EXACT, UnaryCases::ints)));
        all.add(new OpCases("NEG", INT64, r -> unary(r, "NEG", INT64, Tolerance.EXACT, UnaryCases::longs)));
        all.add(floats("ZEROS_LIKE", -10, 10, Tolerance.EXACT));
        all.add(new OpCases("ZEROS_LIKE", INT32, r -> unary(r, "ZEROS_LIKE", INT32, Tolerance.EXACT, UnaryCases::ints)));
        all.add(new OpCases("ZEROS_LIKE", INT64,
                r -> unary(r, "ZEROS_LIKE", INT64, Tolerance.EXACT, UnaryCases::longs)));
        all.add(new OpCases("LOGICAL_NOT", BOOL,
                r -> unary(r, "LOGICAL_NOT", BOOL, Tolerance.EXACT, CaseRandom::bools)));
        return all;
    }

    private static OpCases floats(String op, float lo, float hi, Tolerance tolerance) {
        return new OpCases(op, FLOAT32, r -> unary(r, op, FLOAT32, tolerance, (q, n) -> q.floats(n, lo, hi)));
    }

    private static DiffCase unary(CaseRandom r, String op, DataType type, Tolerance tolerance,
            BiFunction<CaseRandom, Integer, Object> data) {
        int[] shape = Shapes.elementwise(r, 5);
        OpModel m = new OpModel(BuiltinOperator.valueOf(op));
        m.input(type, shape);
        m.output(type);
        return new DiffCase(op + " " + type + " " + Shapes.str(shape), m, tolerance,
                data.apply(r, CaseRandom.size(shape)));
    }

    /** Exact halves (ties go to even) among ordinary values. */
    private static float[] halves(CaseRandom r, int n) {
        float[] v = r.floats(n, -20, 20);
        for (int i = 0; i < n; i++) {
            if (r.chance(0.4)) {
                v[i] = r.between(-20, 20) + 0.5f;
            }
        }
        return v;
    }

    private static float[] withZeros(CaseRandom r, float[] v) {
        if (r.chance(0.3) && v.length > 0) {
            v[r.between(0, v.length - 1)] = 0f;
        }
        return v;
    }

    /** Including the extremes: negating MIN_VALUE wraps to itself in both. */
    private static int[] ints(CaseRandom r, int n) {
        int[] v = r.ints(n, -100000, 100000);
        if (n > 1) {
            v[0] = Integer.MIN_VALUE;
            v[1] = Integer.MAX_VALUE;
        }
        return v;
    }

    private static long[] longs(CaseRandom r, int n) {
        long[] v = r.longs(n, -1_000_000_000, 1_000_000_000);
        for (int i = 0; i < n; i++) {
            v[i] *= r.between(1, 1 << 20);
        }
        if (n > 1) {
            v[0] = Long.MIN_VALUE;
            v[1] = Long.MAX_VALUE;
        }
        return v;
    }
}
