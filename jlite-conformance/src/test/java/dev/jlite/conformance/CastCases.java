package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * CAST from and to FLOAT32, INT32, INT64, UINT8, INT16 and BOOL (TensorFlow Lite 2.6.2 has no INT8 cast). Floats
 * cast to an integer type stay within its range (out of range is undefined in C++); integers narrowed wrap.
 */
final class CastCases {
    private static final DataType[] TYPES = {FLOAT32, INT32, INT64, UINT8, INT16, BOOL};

    private CastCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType from : TYPES) {
            all.add(new OpCases("CAST", from, r -> cast(r, from, r.pick(TYPES))));
        }
        return all;
    }

    private static DiffCase cast(CaseRandom r, DataType from, DataType to) {
        int[] shape = Shapes.elementwise(r, 5);
        int n = CaseRandom.size(shape);
        Object data;
        if (from == FLOAT32) {
            float[] v = switch (to) {
                case UINT8 -> r.floats(n, 0, 255.99f);
                case INT16 -> r.floats(n, -32768, 32767);
                case INT32, INT64 -> r.floats(n, -2e9f, 2e9f);
                default -> r.floats(n, -3, 3);
            };
            for (int i = 0; i < n; i++) {
                if (r.chance(0.2)) {
                    v[i] = to == UINT8 ? r.between(0, 255) : r.between(-3, 3);
                }
            }
            data = v;
        } else {
            data = BinaryMathCases.typed(r, from, n);
        }
        OpModel m = new OpModel(BuiltinOperator.CAST);
        m.input(from, shape);
        m.output(to);
        return new DiffCase("CAST " + from + " -> " + to + " " + Shapes.str(shape), m, Tolerance.EXACT, data);
    }
}
