package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT64;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MEAN, SUM, REDUCE_MAX, REDUCE_MIN and REDUCE_PROD on FLOAT32, INT32 and INT64: ranks 0 to 4, any set of axes
 * (negative, repeated, none, all, a scalar axis), keep_dims on and off, the axes constant (static output shape)
 * or a model input (the output is sized at run time), and now and then a constant input (folded at prepare).
 */
final class ReduceCases {
    private ReduceCases() {}

    private static final BuiltinOperator[] OPS = {BuiltinOperator.MEAN, BuiltinOperator.SUM,
        BuiltinOperator.REDUCE_MAX, BuiltinOperator.REDUCE_MIN, BuiltinOperator.REDUCE_PROD};

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (BuiltinOperator op : OPS) {
            for (DataType type : new DataType[] {FLOAT32, INT32, INT64}) {
                all.add(new OpCases(op.name(), type, r -> reduce(r, op, type)));
            }
        }
        return all;
    }

    private static DiffCase reduce(CaseRandom r, BuiltinOperator op, DataType type) {
        int rank = r.chance(0.05) ? 0 : r.between(1, 4);
        int[] shape = r.shape(rank, r.pickInt(3, 5, 9));
        if (op == BuiltinOperator.REDUCE_PROD && rank == 4) {
            shape[r.between(0, 3)] = 1; // keeps products of integers within range
        }
        // TensorFlow Lite's float MEAN copies the axes into MeanParams, which holds 4: a fifth overflows it (a
        // crash), so jlite rejects that and the cases stay within 4 axes.
        int[] axes = axes(r, rank, op == BuiltinOperator.MEAN && type == FLOAT32 ? 4 : rank + 1);
        boolean keepDims = r.chance(0.5);
        // Without options keep_dims is false (the schema default).
        boolean noOptions = !keepDims && r.chance(0.2);
        // No axes come as a constant: the official Java binding cannot feed an input of zero elements.
        boolean constantAxes = axes.length == 0 || r.chance(0.75);
        boolean scalarAxis = axes.length == 1 && r.chance(0.3);
        int[] axisShape = scalarAxis ? new int[0] : new int[] {axes.length};
        // All inputs constant: jlite folds the node at prepare. The official Java binding runs no model without
        // inputs, so the model gets an unused one.
        boolean constantData = constantAxes && r.chance(0.08);
        Object data = data(r, op, type, CaseRandom.size(shape));
        OpModel m = new OpModel(op);
        if (constantData) {
            m.graph().input("unused", FLOAT32, 1);
            m.constant(type, shape, data);
        } else {
            m.input(type, shape);
        }
        if (constantAxes) {
            m.constant(INT32, axisShape, axes);
        } else {
            m.input(INT32, axisShape);
        }
        m.output(type);
        if (!noOptions) {
            m.options(BuiltinOptions.reducer(keepDims));
        }
        String what = op + " " + type + (constantData ? " const " : " ") + Shapes.str(shape) + " axes " + Arrays.toString(axes)
                + (scalarAxis ? " (scalar)" : "") + (constantAxes ? " const" : " input") + " keep_dims " + keepDims
                + (noOptions ? " (no options)" : "");
        Tolerance tolerance = type == FLOAT32 ? Tolerance.FLOAT : Tolerance.EXACT;
        if (constantData) {
            return new DiffCase(what, m, tolerance, new float[] {0f});
        }
        return constantAxes ? new DiffCase(what, m, tolerance, data) : new DiffCase(what, m, tolerance, data, axes);
    }

    /** Zero to min(rank+1, max) axes in [-rank, rank), sometimes repeated (a repeat counts once). */
    private static int[] axes(CaseRandom r, int rank, int max) {
        if (rank == 0) {
            return new int[0];
        }
        int count = r.chance(0.1) ? 0 : Math.min(max, r.between(1, rank + (r.chance(0.2) ? 1 : 0)));
        int[] axes = new int[count];
        for (int i = 0; i < count; i++) {
            axes[i] = r.between(0, rank - 1) - (r.chance(0.3) ? rank : 0);
        }
        return axes;
    }

    private static Object data(CaseRandom r, BuiltinOperator op, DataType type, int n) {
        boolean prod = op == BuiltinOperator.REDUCE_PROD;
        if (type == FLOAT32) {
            float[] v = prod ? r.floats(n, 0.5f, 1.5f) : r.floats(n, -5, 5);
            if (prod) {
                for (int i = 0; i < n; i++) {
                    v[i] = r.chance(0.2) ? -v[i] : v[i];
                }
            }
            return v;
        }
        int[] v = prod ? r.ints(n, -2, 2) : r.ints(n, -1000, 1000);
        if (prod) {
            for (int i = 0; i < n; i++) {
                v[i] = v[i] == 0 || r.chance(0.5) ? (r.chance(0.5) ? 1 : -1) : v[i];
            }
        }
        if (type == INT32) {
            return v;
        }
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = prod ? v[i] : v[i] * 1_000_003L; // past int32 range
        }
        return w;
    }
}
