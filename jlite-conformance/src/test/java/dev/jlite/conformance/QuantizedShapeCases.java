package dev.jlite.conformance;

import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantized CONCATENATION, PAD, PADV2, RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (INT8, UINT8 and INT16 where
 * TensorFlow Lite 2.6 has them): UINT8 concatenation of inputs on different scales (requantized), padding with the
 * output zero point or a given constant, resizes up and down with every corner/center option.
 */
final class QuantizedShapeCases {
    private QuantizedShapeCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {INT8, UINT8, INT16}) {
            all.add(new OpCases("CONCATENATION", type, r -> concatenation(r, type)));
            all.add(new OpCases("PAD", type, r -> pad(r, BuiltinOperator.PAD, type)));
            all.add(new OpCases("PADV2", type, r -> pad(r, BuiltinOperator.PADV2, type)));
            all.add(new OpCases("RESIZE_BILINEAR", type, r -> resize(r, BuiltinOperator.RESIZE_BILINEAR, type)));
            all.add(new OpCases("RESIZE_NEAREST_NEIGHBOR", type,
                    r -> resize(r, BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, type)));
        }
        return all;
    }

    private static DiffCase concatenation(CaseRandom r, DataType type) {
        int rank = r.between(1, 4);
        int[] base = r.shape(rank, 5);
        int axis = r.between(0, rank - 1);
        int count = r.between(1, 4);
        Quant.Params qo = Quant.params(r, type);
        OpModel m = new OpModel(BuiltinOperator.CONCATENATION);
        Object[] inputs = new Object[count];
        StringBuilder what = new StringBuilder("CONCATENATION " + type + " axis ");
        int writtenAxis = r.chance(0.3) ? axis - rank : axis;
        what.append(writtenAxis);
        for (int i = 0; i < count; i++) {
            int[] shape = base.clone();
            shape[axis] = r.between(1, 5);
            // TensorFlow Lite requantizes UINT8 only; INT8 and INT16 inputs share the output's quantization.
            Quant.Params q = type == UINT8 && r.chance(0.6) ? Quant.params(r, type) : qo;
            Quant.apply(m, m.input(type, shape), q);
            inputs[i] = Quant.data(r, type, CaseRandom.size(shape));
            what.append(' ').append(Shapes.str(shape)).append(q);
        }
        Quant.apply(m, m.output(type), qo);
        m.options(BuiltinOptions.concatenation(writtenAxis, FusedActivation.NONE));
        what.append(" -> ").append(qo);
        return new DiffCase(what.toString(), m, Tolerance.EXACT, inputs);
    }

    private static DiffCase pad(CaseRandom r, BuiltinOperator op, DataType type) {
        int rank = r.between(1, 4);
        int[] shape = r.shape(rank, 5);
        int[] paddings = new int[2 * rank];
        for (int i = 0; i < paddings.length; i++) {
            paddings[i] = r.chance(0.4) ? 0 : r.between(0, 3);
        }
        Quant.Params q = Quant.params(r, type);
        OpModel m = new OpModel(op);
        Quant.apply(m, m.input(type, shape), q);
        // INT32 paddings only: TensorFlow Lite 2.6 reads INT64 paddings as if they were INT32.
        m.constant(INT32, new int[] {rank, 2}, paddings);
        String what = op + " " + type + " " + Shapes.str(shape) + q + " paddings "
                + java.util.Arrays.toString(paddings);
        if (op == BuiltinOperator.PADV2 && r.chance(0.8)) {
            Object value = Quant.data(r, type, 1);
            Quant.apply(m, m.constant(type, new int[] {1}, value), q);
            what += " value " + java.lang.reflect.Array.get(value, 0);
        }
        Quant.apply(m, m.output(type), q);
        m.options(op == BuiltinOperator.PAD ? BuiltinOptions.pad() : BuiltinOptions.raw(60, fbb -> {
            fbb.startTable(0);
            return fbb.endTable();
        }));
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, type, CaseRandom.size(shape)));
    }

    private static DiffCase resize(CaseRandom r, BuiltinOperator op, DataType type) {
        int[] shape = {r.between(1, 2), r.between(1, 8), r.between(1, 8), r.between(1, 6)};
        int[] size = {r.between(1, 16), r.between(1, 16)};
        if (r.chance(0.3)) {
            size = new int[] {shape[1] * 2, shape[2] * 2};
        }
        // Both options together are valid for nearest neighbour only.
        int corners = r.between(0, op == BuiltinOperator.RESIZE_NEAREST_NEIGHBOR ? 3 : 2);
        boolean alignCorners = corners == 1 || corners == 3;
        boolean halfPixelCenters = corners == 2 || corners == 3;
        Quant.Params q = Quant.params(r, type);
        OpModel m = new OpModel(op);
        Quant.apply(m, m.input(type, shape), q);
        m.constant(INT32, new int[] {2}, size);
        Quant.apply(m, m.output(type), q);
        m.options(op == BuiltinOperator.RESIZE_BILINEAR ? BuiltinOptions.resizeBilinear(alignCorners, halfPixelCenters)
                : BuiltinOptions.resizeNearestNeighbor(alignCorners, halfPixelCenters));
        String what = op + " " + type + " " + Shapes.str(shape) + q + " to " + Shapes.str(size)
                + (alignCorners ? " align_corners" : "") + (halfPixelCenters ? " half_pixel_centers" : "");
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, type, CaseRandom.size(shape)));
    }
}
