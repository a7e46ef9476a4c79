package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.util.Arrays;
import java.util.List;

/**
 * SELECT and SELECT_V2 over every data type (the generators are keyed by the condition's type, BOOL). SELECT: a
 * condition of x's shape, a scalar, or a vector over x's first dimension; SELECT_V2: three shapes broadcast together
 * up to rank 4 (the official kernel aborts the process on a rank-5 broadcast).
 */
final class SelectCases {
    private static final DataType[] DATA_TYPES = {FLOAT32, INT32, INT64, INT8, UINT8, INT16, BOOL};

    private SelectCases() {}

    static List<OpCases> all() {
        return List.of(new OpCases("SELECT", BOOL, SelectCases::select),
                new OpCases("SELECT_V2", BOOL, SelectCases::selectV2));
    }

    private static DiffCase select(CaseRandom r) {
        int[] x = Shapes.elementwise(r, 5);
        int kind = r.between(0, 2);
        int[] c = kind == 0 || x.length == 0 ? x : kind == 1 ? new int[0] : new int[] {x[0]};
        return build(r, BuiltinOperator.SELECT, c, x, x.clone());
    }

    private static DiffCase selectV2(CaseRandom r) {
        int[][] pair = Shapes.broadcastPair(r, 4, 5);
        int[] c = pair[r.between(0, 1)].clone();
        for (int d = 0; d < c.length; d++) {
            if (r.chance(0.3)) {
                c[d] = 1;
            }
        }
        if (r.chance(0.3)) {
            c = Arrays.copyOfRange(c, r.between(0, c.length), c.length);
        }
        int[][] xy = r.chance(0.5) ? pair : new int[][] {pair[1], pair[0]};
        return build(r, BuiltinOperator.SELECT_V2, c, xy[0], xy[1]);
    }

    private static DiffCase build(CaseRandom r, BuiltinOperator op, int[] c, int[] x, int[] y) {
        DataType type = r.pick(DATA_TYPES);
        OpModel m = new OpModel(op);
        m.input(BOOL, c);
        m.input(type, x);
        m.input(type, y);
        m.output(type);
        return new DiffCase(op + " " + type + " " + Shapes.str(c) + " ? " + Shapes.str(x) + " : " + Shapes.str(y), m,
                Tolerance.EXACT, r.bools(CaseRandom.size(c)), BinaryMathCases.typed(r, type, CaseRandom.size(x)),
                BinaryMathCases.typed(r, type, CaseRandom.size(y)));
    }
}
