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
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import java.util.ArrayList;
import java.util.List;

/**
 * Two-input element-wise math with broadcasting: MAXIMUM, MINIMUM, POW, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD,
 * LOGICAL_AND, LOGICAL_OR, ADD/SUB/MUL on INT64 (with fused activations), and ADD_N (no broadcasting).
 */
final class BinaryMathCases {
    /**
     * The highest rank TensorFlow Lite 2.6.2 broadcasts {@code op} over: 5 for MAXIMUM, MINIMUM and SUB, 4 for the
     * others (their "4DSlow" loops abort the process on a rank-5 broadcast; equal shapes of any rank are fine).
     */
    static int maxBroadcastRank(String op) {
        return op.equals("MAXIMUM") || op.equals("MINIMUM") || op.equals("SUB") ? 5 : 4;
    }

    private BinaryMathCases() {}

    /** What a generator picks per case: the two operands' data for n elements each. */
    interface Data {
        Object make(CaseRandom r, int n, boolean second);
    }

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (String op : new String[] {"MAXIMUM", "MINIMUM"}) {
            for (DataType type : new DataType[] {FLOAT32, INT32, INT64, INT8, UINT8, INT16}) {
                all.add(new OpCases(op, type, r -> binary(r, op, type, Tolerance.EXACT,
                        (q, n, second) -> typed(q, type, n), null)));
            }
        }
        all.add(new OpCases("POW", FLOAT32, r -> {
            // Positive bases with any exponent, or any base with whole exponents (negative bases included).
            boolean whole = r.chance(0.4);
            return binary(r, "POW", FLOAT32, Tolerance.TRANSCENDENTAL, (q, n, second) -> {
                float[] v = second ? q.floats(n, -3, 3) : q.floats(n, whole ? -4 : 0.05f, 4);
                for (int i = 0; second && whole && i < n; i++) {
                    v[i] = Math.round(v[i]);
                }
                return v;
            }, null);
        }));
        all.add(new OpCases("POW", INT32, r -> binary(r, "POW", INT32, Tolerance.EXACT,
                (q, n, second) -> second ? q.ints(n, 0, 6) : q.ints(n, -9, 9), null)));
        all.add(new OpCases("SQUARED_DIFFERENCE", FLOAT32, r -> binary(r, "SQUARED_DIFFERENCE", FLOAT32,
                Tolerance.FLOAT, (q, n, second) -> q.floats(n, -10, 10), null)));
        all.add(new OpCases("SQUARED_DIFFERENCE", INT32, r -> binary(r, "SQUARED_DIFFERENCE", INT32,
                Tolerance.EXACT, (q, n, second) -> q.ints(n, -1000, 1000), null)));
        for (String op : new String[] {"FLOOR_DIV", "FLOOR_MOD"}) {
            all.add(new OpCases(op, FLOAT32, r -> binary(r, op, FLOAT32, Tolerance.FLOAT,
                    (q, n, second) -> second ? awayFromZero(q.floats(n, -5, 5)) : q.floats(n, -20, 20), null)));
            all.add(new OpCases(op, INT32, r -> binary(r, op, INT32, Tolerance.EXACT,
                    (q, n, second) -> second ? nonZero(q.ints(n, -20, 20)) : q.ints(n, -1000, 1000), null)));
        }
        all.add(new OpCases("FLOOR_MOD", INT64, r -> binary(r, "FLOOR_MOD", INT64, Tolerance.EXACT,
                (q, n, second) -> second ? nonZero(q.longs(n, -20, 20)) : q.longs(n, -1000, 1000), null)));
        for (String op : new String[] {"LOGICAL_AND", "LOGICAL_OR"}) {
            all.add(new OpCases(op, BOOL, r -> binary(r, op, BOOL, Tolerance.EXACT,
                    (q, n, second) -> q.bools(n), null)));
        }
        all.add(new OpCases("ADD_N", FLOAT32, r -> addN(r, FLOAT32)));
        all.add(new OpCases("ADD_N", INT32, r -> addN(r, INT32)));
        all.add(new OpCases("ADD", INT64, r -> int64(r, "ADD", 1L << 40)));
        all.add(new OpCases("SUB", INT64, r -> int64(r, "SUB", 1L << 40)));
        all.add(new OpCases("MUL", INT64, r -> int64(r, "MUL", 1L << 20)));
        return all;
    }

    /** One case of {@code op} on two inputs of {@code type} (the second sometimes a constant). */
    static DiffCase binary(CaseRandom r, String op, DataType type, Tolerance tolerance, Data data,
            BuiltinOptions options) {
        return binary(r, op, type, type, tolerance, data, options);
    }

    static DiffCase binary(CaseRandom r, String op, DataType type, DataType outputType, Tolerance tolerance,
            Data data, BuiltinOptions options) {
        int[][] shapes = Shapes.broadcastPair(r, maxBroadcastRank(op), 6);
        OpModel m = new OpModel(BuiltinOperator.valueOf(op));
        m.input(type, shapes[0]);
        boolean constantRight = r.chance(0.3);
        Object a = data.make(r, CaseRandom.size(shapes[0]), false);
        Object b = data.make(r, CaseRandom.size(shapes[1]), true);
        if (constantRight) {
            m.constant(type, shapes[1], b);
        } else {
            m.input(type, shapes[1]);
        }
        m.output(outputType);
        if (options != null) {
            m.options(options);
        }
        String what = op + " " + type + " " + Shapes.str(shapes[0]) + (constantRight ? " const " : " ")
                + Shapes.str(shapes[1]);
        return constantRight ? new DiffCase(what, m, tolerance, a) : new DiffCase(what, m, tolerance, a, b);
    }

    /** Two to five inputs of one shape (ADD_N does not broadcast). */
    private static DiffCase addN(CaseRandom r, DataType type) {
        int[] shape = Shapes.elementwise(r, 5);
        int count = r.between(2, 5);
        OpModel m = new OpModel(BuiltinOperator.ADD_N);
        Object[] inputs = new Object[count];
        for (int i = 0; i < count; i++) {
            m.input(type, shape);
            inputs[i] = type == FLOAT32 ? r.floats(CaseRandom.size(shape), -10, 10) : typed(r, type, CaseRandom.size(shape));
        }
        m.output(type);
        return new DiffCase("ADD_N " + type + " " + count + " x " + Shapes.str(shape), m,
                type == FLOAT32 ? Tolerance.FLOAT : Tolerance.EXACT, inputs);
    }

    private static DiffCase int64(CaseRandom r, String op, long range) {
        FusedActivation activation = r.pick(FusedActivation.NONE, FusedActivation.RELU, FusedActivation.RELU6,
                FusedActivation.RELU_N1_TO_1);
        BuiltinOptions options = switch (op) {
            case "ADD" -> BuiltinOptions.add(activation);
            case "SUB" -> BuiltinOptions.sub(activation);
            default -> BuiltinOptions.mul(activation);
        };
        DiffCase c = binary(r, op, INT64, Tolerance.EXACT, (q, n, second) -> {
            long[] v = q.longs(n, -1_000_000, 1_000_000);
            for (int i = 0; i < n; i++) {
                v[i] = v[i] * (range / 1_000_000) + q.between(-9, 9);
            }
            return v;
        }, options);
        return new DiffCase(c.description() + " " + activation, c.model(), c.inputs(), c.tolerance());
    }

    /**
     * Data of any type over its whole range, or (40% of arrays) from a few small values so that many pairs are
     * equal: the ties of MAXIMUM/MINIMUM and the equalities of comparisons.
     */
    static Object typed(CaseRandom r, DataType type, int n) {
        boolean few = r.chance(0.4);
        return switch (type) {
            case FLOAT32 -> {
                float[] v = r.floats(n, -5, 5);
                if (few) {
                    for (int i = 0; i < n; i++) {
                        v[i] = r.between(-4, 4) * 0.5f;
                    }
                }
                if (n > 0 && r.chance(0.2)) {
                    // NaN and signed zeros, where max/min and comparisons are easy to get subtly wrong.
                    v[r.between(0, n - 1)] = Float.NaN;
                    v[r.between(0, n - 1)] = -0f;
                }
                yield v;
            }
            case INT32 -> {
                int[] v = r.ints(n, -3, 3);
                if (!few) {
                    for (int i = 0; i < n; i++) {
                        v[i] = r.between(-1_000_000_000, 1_000_000_000) * 2 + r.between(0, 1);
                    }
                }
                yield v;
            }
            case INT64 -> {
                long[] v = r.longs(n, -3, 3);
                if (!few) {
                    for (int i = 0; i < n; i++) {
                        v[i] = (long) r.between(-1_000_000_000, 1_000_000_000) << r.between(0, 32);
                    }
                }
                yield v;
            }
            case INT8 -> few ? r.bytes(n, -3, 3) : r.bytes(n, -128, 127);
            case UINT8 -> few ? r.bytes(n, 125, 130) : r.bytes(n, 0, 255);
            case INT16 -> few ? r.shorts(n, -3, 3) : r.shorts(n, -32768, 32767);
            case BOOL -> r.bools(n);
            default -> throw new IllegalArgumentException("no data for " + type);
        };
    }

    private static float[] awayFromZero(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] += v[i] < 0 ? -0.25f : 0.25f;
        }
        return v;
    }

    private static int[] nonZero(int[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] == 0 ? 7 : v[i];
        }
        return v;
    }

    private static long[] nonZero(long[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] == 0 ? -3 : v[i];
        }
        return v;
    }
}
