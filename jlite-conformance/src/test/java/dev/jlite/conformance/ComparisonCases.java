package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL with broadcasting, on FLOAT32, INT32, INT64, BOOL (the
 * equality tests only) and quantized INT8/UINT8 (each input with its own scale and zero point: TensorFlow Lite
 * compares them on a common fixed-point scale, so values that are equal in real terms can compare unequal).
 */
final class ComparisonCases {
    private ComparisonCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (String op : new String[] {"EQUAL", "NOT_EQUAL", "GREATER", "GREATER_EQUAL", "LESS", "LESS_EQUAL"}) {
            for (DataType type : new DataType[] {FLOAT32, INT32, INT64, BOOL, INT8, UINT8}) {
                if (type == BOOL && !op.equals("EQUAL") && !op.equals("NOT_EQUAL")) {
                    continue;
                }
                if (type == INT8 || type == UINT8) {
                    all.add(new OpCases(op, type, r -> quantized(r, op, type)));
                } else {
                    all.add(new OpCases(op, type, r -> BinaryMathCases.binary(r, op, type, BOOL, Tolerance.EXACT,
                            (q, n, second) -> BinaryMathCases.typed(q, type, n), null)));
                }
            }
        }
        return all;
    }

    /** Both inputs quantized, scales in (0, 1) as the official kernel requires, equal scales half the time. */
    private static DiffCase quantized(CaseRandom r, String op, DataType type) {
        int[][] shapes = Shapes.broadcastPair(r, BinaryMathCases.maxBroadcastRank(op), 6);
        float scaleA = r.uniform(0.01f, 0.99f);
        float scaleB = r.chance(0.5) ? scaleA : r.uniform(0.01f, 0.99f);
        int lo = type == INT8 ? -128 : 0;
        int zpA = r.between(lo, lo + 255);
        int zpB = r.chance(0.5) ? zpA : r.between(lo, lo + 255);
        OpModel m = new OpModel(BuiltinOperator.valueOf(op));
        m.quantize(m.input(type, shapes[0]), scaleA, zpA);
        m.quantize(m.input(type, shapes[1]), scaleB, zpB);
        m.output(BOOL);
        String what = op + " " + type + " " + Shapes.str(shapes[0]) + " (" + scaleA + ", " + zpA + ") "
                + Shapes.str(shapes[1]) + " (" + scaleB + ", " + zpB + ")";
        return new DiffCase(what, m, Tolerance.EXACT, BinaryMathCases.typed(r, type, CaseRandom.size(shapes[0])),
                BinaryMathCases.typed(r, type, CaseRandom.size(shapes[1])));
    }
}
