package dev.jlite.conformance;

import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantized RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU, ELU, ABS, RSQRT, PRELU, SQUARED_DIFFERENCE and DIV (UINT8): inputs and output with
 * their own scales and zero points (one-input cases: the same ones a third of the time, as models often have),
 * inputs over the type's whole range; the second input of the two-input operators is sometimes a constant.
 */
final class QuantizedMathCases {
    private QuantizedMathCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {INT8, UINT8, INT16}) {
            all.add(new OpCases("RELU", type, r -> unary(r, "RELU", type, null)));
            all.add(new OpCases("RELU6", type, r -> unary(r, "RELU6", type, null)));
            if (type != INT16) {
                all.add(new OpCases("RELU_N1_TO_1", type, r -> unary(r, "RELU_N1_TO_1", type, null)));
            }
            all.add(new OpCases("LEAKY_RELU", type, r -> unary(r, "LEAKY_RELU", type,
                    BuiltinOptions.leakyRelu(r.pick(0.2f, 0.01f, 0.5f, r.uniform(0, 1), r.uniform(-1, 3))))));
        }
        all.add(new OpCases("ELU", INT8, r -> unary(r, "ELU", INT8, null)));
        all.add(new OpCases("ABS", INT8, r -> unary(r, "ABS", INT8, null)));
        all.add(new OpCases("ABS", INT16, r -> unary(r, "ABS", INT16, null)));
        all.add(new OpCases("RSQRT", INT8, QuantizedMathCases::rsqrt));
        for (DataType type : new DataType[] {INT8, UINT8}) {
            all.add(new OpCases("PRELU", type, r -> {
                int[][] shapes = ActivationCases.preluShapes(r);
                return binary(r, "PRELU", type, shapes[0], shapes[1]);
            }));
        }
        all.add(new OpCases("DIV", UINT8, QuantizedMathCases::div));
        all.add(new OpCases("SQUARED_DIFFERENCE", INT8, r -> {
            int[][] shapes = Shapes.broadcastPair(r, BinaryMathCases.maxBroadcastRank("SQUARED_DIFFERENCE"), 6);
            return binary(r, "SQUARED_DIFFERENCE", INT8, shapes[0], shapes[1]);
        }));
        return all;
    }

    private static DiffCase unary(CaseRandom r, String op, DataType type, BuiltinOptions options) {
        int[] shape = Shapes.elementwise(r, 5);
        Quant.Params in = Quant.params(r, type);
        Quant.Params out = r.chance(0.33) ? in : Quant.params(r, type);
        OpModel m = new OpModel(BuiltinOperator.valueOf(op));
        Quant.apply(m, m.input(type, shape), in);
        Quant.apply(m, m.output(type), out);
        if (options != null) {
            m.options(options);
        }
        return new DiffCase(op + " " + type + " " + Shapes.str(shape) + " " + in + " -> " + out, m, Tolerance.EXACT,
                Quant.data(r, type, CaseRandom.size(shape)));
    }

    /** Inputs at or above the zero point (the official kernel rejects the others), zero included. */
    private static DiffCase rsqrt(CaseRandom r) {
        int[] shape = Shapes.elementwise(r, 5);
        Quant.Params in = new Quant.Params(Quant.logUniform(r, 0.002f, 0.5f), r.between(-128, 0));
        Quant.Params out = new Quant.Params(Quant.logUniform(r, 0.01f, 0.5f), r.between(-128, 127));
        OpModel m = new OpModel(BuiltinOperator.RSQRT);
        Quant.apply(m, m.input(INT8, shape), in);
        Quant.apply(m, m.output(INT8), out);
        return new DiffCase("RSQRT INT8 " + Shapes.str(shape) + " " + in + " -> " + out, m, Tolerance.EXACT,
                r.bytes(CaseRandom.size(shape), in.zeroPoint(), 127));
    }

    /**
     * UINT8 DIV with every fused activation. Divisors are never 0 (the official kernel rejects a stored 0, whatever
     * the zero point) nor their zero point (a real 0: undefined).
     */
    private static DiffCase div(CaseRandom r) {
        int[][] shapes = Shapes.broadcastPair(r, 5, 6);
        Quant.Params pa = Quant.params(r, UINT8);
        Quant.Params pb = Quant.params(r, UINT8);
        Quant.Params out = Quant.params(r, UINT8);
        FusedActivation activation = r.pick(FusedActivation.NONE, FusedActivation.RELU, FusedActivation.RELU6,
                FusedActivation.RELU_N1_TO_1);
        byte[] x = r.bytes(CaseRandom.size(shapes[0]), 0, 255);
        byte[] y = r.bytes(CaseRandom.size(shapes[1]), 0, 255);
        for (int i = 0; i < y.length; i++) {
            while ((y[i] & 0xff) == 0 || (y[i] & 0xff) == pb.zeroPoint()) {
                y[i] = (byte) r.between(1, 255);
            }
        }
        OpModel m = new OpModel(BuiltinOperator.DIV);
        Quant.apply(m, m.input(UINT8, shapes[0]), pa);
        Quant.apply(m, m.input(UINT8, shapes[1]), pb);
        Quant.apply(m, m.output(UINT8), out);
        m.options(BuiltinOptions.div(activation));
        return new DiffCase("DIV UINT8 " + Shapes.str(shapes[0]) + pa + " " + Shapes.str(shapes[1]) + pb + " -> " + out
                + " " + activation, m, Tolerance.EXACT, x, y);
    }

    private static DiffCase binary(CaseRandom r, String op, DataType type, int[] a, int[] b) {
        Quant.Params pa = Quant.params(r, type);
        Quant.Params pb = Quant.params(r, type);
        Quant.Params out = Quant.params(r, type);
        OpModel m = new OpModel(BuiltinOperator.valueOf(op));
        Quant.apply(m, m.input(type, a), pa);
        boolean constant = r.chance(0.4);
        Object x = Quant.data(r, type, CaseRandom.size(a));
        Object y = Quant.data(r, type, CaseRandom.size(b));
        Quant.apply(m, constant ? m.constant(type, b, y) : m.input(type, b), pb);
        Quant.apply(m, m.output(type), out);
        String what = op + " " + type + " " + Shapes.str(a) + pa + (constant ? " const " : " ") + Shapes.str(b) + pb
                + " -> " + out;
        return constant ? new DiffCase(what, m, Tolerance.EXACT, x) : new DiffCase(what, m, Tolerance.EXACT, x, y);
    }
}
