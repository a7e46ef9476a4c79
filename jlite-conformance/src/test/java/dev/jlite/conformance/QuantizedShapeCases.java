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
}
