package dev.jlite.conformance;

import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT32;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Quantized MEAN (INT8, UINT8, INT16): the 4-D height-and-width case TensorFlow Lite special-cases (global average
 * pooling as converters write it), other axis sets (negative, repeated, all, none), with and without
 * {@code keep_dims}, output quantized like the input or differently.
 */
final class QuantizedReduceCases {
    private QuantizedReduceCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {INT8, UINT8, INT16}) {
            all.add(new OpCases("MEAN", type, r -> mean(r, type)));
        }
        return all;
    }

    private static DiffCase mean(CaseRandom r, DataType type) {
        int[] shape;
        int[] axes;
        boolean keepDims;
        if (r.chance(0.4)) {
            shape = new int[] {r.between(1, 2), r.between(1, 12), r.between(1, 12), r.between(1, 24)};
            axes = r.chance(0.5) ? new int[] {1, 2} : new int[] {2, 1};
            keepDims = r.chance(0.75);
        } else {
            shape = r.shape(r.between(1, 4), 7);
            int rank = shape.length;
            int count = r.between(1, rank + 1);
            axes = new int[count];
            for (int i = 0; i < count; i++) {
                int a = r.between(0, rank - 1);
                axes[i] = r.chance(0.3) ? a - rank : a;
            }
            keepDims = r.chance(0.5);
        }
        Quant.Params qi = Quant.params(r, type);
        Quant.Params qo = r.chance(0.3) ? qi : Quant.params(r, type);
        OpModel m = new OpModel(BuiltinOperator.MEAN);
        Quant.apply(m, m.input(type, shape), qi);
        m.constant(INT32, new int[] {axes.length}, axes);
        Quant.apply(m, m.output(type), qo);
        m.options(BuiltinOptions.reducer(keepDims));
        String what = "MEAN " + type + " " + Shapes.str(shape) + qi + " axes " + Arrays.toString(axes)
                + (keepDims ? " keep_dims" : "") + " -> " + qo;
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, type, CaseRandom.size(shape)));
    }
}
