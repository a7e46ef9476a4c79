package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT64;
import static dev.jlite.DataType.INT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.util.List;

/**
 * FILL with INT32 or INT64 dims (the generator's key), constant or fed (then the output is sized while running),
 * and a FLOAT32, INT32, INT64, INT8, INT16 or BOOL value (UINT8 is not among TensorFlow Lite 2.6.2's).
 */
final class FillCases {
    private FillCases() {}

    static List<OpCases> all() {
        return List.of(new OpCases("FILL", INT32, r -> fill(r, INT32)), new OpCases("FILL", INT64, r -> fill(r, INT64)));
    }

    private static DiffCase fill(CaseRandom r, DataType dimsType) {
        boolean constantDims = r.chance(0.6);
        int[] shape = Shapes.elementwise(r, 4);
        if (!constantDims && shape.length == 0) {
            // The official Java binding cannot feed an empty dims tensor.
            shape = new int[] {r.between(1, 7)};
        }
        DataType type = r.pick(FLOAT32, INT32, INT64, INT8, INT16, BOOL);
        Object dims;
        if (dimsType == INT32) {
            dims = shape.clone();
        } else {
            long[] d = new long[shape.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = shape[i];
            }
            dims = d;
        }
        Object value = BinaryMathCases.typed(r, type, 1);
        OpModel m = new OpModel(BuiltinOperator.FILL);
        if (constantDims) {
            m.constant(dimsType, new int[] {shape.length}, dims);
        } else {
            m.input(dimsType, shape.length);
        }
        m.input(type);
        // Declared, so that the official binding (which sizes its output buffers before running) has room for it.
        m.output(type, constantDims ? new int[0] : shape);
        String what = "FILL " + type + (constantDims ? " const dims " : " dims ") + Shapes.str(shape);
        return constantDims ? new DiffCase(what, m, Tolerance.EXACT, value)
                : new DiffCase(what, m, Tolerance.EXACT, dims, value);
    }
}
