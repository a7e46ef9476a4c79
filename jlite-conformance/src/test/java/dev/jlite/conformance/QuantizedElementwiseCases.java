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
 * Quantized ADD, SUB and MUL (INT8, UINT8, INT16): inputs and output with different scales and zero points,
 * broadcasting up to rank 4, every fused activation; INT16 ADD and SUB also on their power-of-two path.
 */
final class QuantizedElementwiseCases {
    private QuantizedElementwiseCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {INT8, UINT8, INT16}) {
            all.add(new OpCases("ADD", type, r -> arithmetic(r, BuiltinOperator.ADD, type)));
            all.add(new OpCases("SUB", type, r -> arithmetic(r, BuiltinOperator.SUB, type)));
            all.add(new OpCases("MUL", type, r -> arithmetic(r, BuiltinOperator.MUL, type)));
        }
        return all;
    }

    private static DiffCase arithmetic(CaseRandom r, BuiltinOperator op, DataType type) {
        boolean pot = type == INT16 && op != BuiltinOperator.MUL && r.chance(0.25);
        int[][] shapes;
        if (pot) {
            int[] s = r.shape(r.between(0, 4), 6);
            shapes = new int[][] {s, s.clone()};
        } else if (r.chance(0.25)) {
            // Feature-map sizes (thousands of elements), as residual adds and scales in CNNs have them.
            int[] big = {1, r.between(8, 24), r.between(8, 24), r.between(16, 32)};
            int[] other = r.pick(big.clone(), new int[] {big[3]}, new int[] {1, 1, 1, big[3]}, new int[0]);
            shapes = r.chance(0.5) ? new int[][] {big, other} : new int[][] {other, big};
        } else {
            // Rank 4 at most: TensorFlow Lite 2.6 aborts on quantized 5-D broadcasts.
            shapes = Shapes.broadcastPair(r, 4, 6);
        }
        FusedActivation activation = r.pick(FusedActivation.NONE, FusedActivation.RELU, FusedActivation.RELU6,
                FusedActivation.RELU_N1_TO_1);
        Quant.Params p1;
        Quant.Params p2;
        Quant.Params po;
        boolean potScaleInt16 = true;
        if (pot) {
            // The LSTM path: symmetric power-of-two scales, one input on the output's scale, the other finer.
            int outExp = r.between(-14, -8);
            po = new Quant.Params((float) Math.scalb(1.0, outExp), 0);
            Quant.Params finer = new Quant.Params((float) Math.scalb(1.0, outExp - r.between(0, 4)), 0);
            boolean firstFiner = r.chance(0.5);
            p1 = firstFiner ? finer : po;
            p2 = firstFiner ? po : finer;
        } else {
            p1 = Quant.params(r, type);
            p2 = Quant.params(r, type);
            po = op == BuiltinOperator.MUL && type != INT16
                    ? new Quant.Params(p1.scale() * p2.scale() * Quant.logUniform(r, 20f, 200f),
                            Quant.params(r, type).zeroPoint())
                    : Quant.params(r, type);
            potScaleInt16 = r.chance(0.5);
        }
        OpModel m = new OpModel(op);
        Quant.apply(m, m.input(type, shapes[0]), p1);
        boolean constantRight = r.chance(0.3);
        Object a = Quant.data(r, type, CaseRandom.size(shapes[0]));
        Object b = Quant.data(r, type, CaseRandom.size(shapes[1]));
        int second = constantRight ? m.constant(type, shapes[1], b) : m.input(type, shapes[1]);
        Quant.apply(m, second, p2);
        Quant.apply(m, m.output(type), po);
        m.options(options(op, activation, potScaleInt16));
        String what = op + " " + type + " " + Shapes.str(shapes[0]) + p1 + (constantRight ? " const " : " ")
                + Shapes.str(shapes[1]) + p2 + " -> " + po + " " + activation
                + (type == INT16 && op != BuiltinOperator.MUL ? " pot_scale_int16=" + potScaleInt16 : "");
        return constantRight ? new DiffCase(what, m, Tolerance.EXACT, a) : new DiffCase(what, m, Tolerance.EXACT, a, b);
    }

    /** AddOptions/SubOptions with {@code pot_scale_int16} (field 1, default true), or MulOptions. */
    private static BuiltinOptions options(BuiltinOperator op, FusedActivation activation, boolean potScaleInt16) {
        if (op == BuiltinOperator.MUL) {
            return BuiltinOptions.mul(activation);
        }
        int unionType = op == BuiltinOperator.ADD ? BuiltinOptions.ADD : BuiltinOptions.SUB;
        return BuiltinOptions.raw(unionType, fbb -> {
            fbb.startTable(2);
            fbb.addByte(0, activation.code(), 0);
            fbb.addBoolean(1, potScaleInt16, true);
            return fbb.endTable();
        });
    }
}
