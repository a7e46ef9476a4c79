package dev.jlite.conformance;

import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantized AVERAGE_POOL_2D and MAX_POOL_2D (INT8, UINT8, INT16): filter sizes up to past 16x16 (where TensorFlow
 * Lite's UINT8 kernel widens its accumulators), strides, SAME and VALID padding, global pooling, fused activations.
 * The output shares the input's quantization, as TensorFlow Lite requires.
 */
final class QuantizedPoolCases {
    private QuantizedPoolCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {INT8, UINT8, INT16}) {
            all.add(new OpCases("AVERAGE_POOL_2D", type, r -> pool(r, BuiltinOperator.AVERAGE_POOL_2D, type)));
            all.add(new OpCases("MAX_POOL_2D", type, r -> pool(r, BuiltinOperator.MAX_POOL_2D, type)));
        }
        return all;
    }

    private static DiffCase pool(CaseRandom r, BuiltinOperator op, DataType type) {
        int kind = r.between(0, 3);
        int h;
        int w;
        int fh;
        int fw;
        int sh;
        int sw;
        Padding padding = r.pick(Padding.SAME, Padding.VALID);
        if (kind == 0) {
            // Global pooling, as classifiers end.
            h = r.between(1, 20);
            w = r.between(1, 20);
            fh = h;
            fw = w;
            sh = 1;
            sw = 1;
            padding = Padding.VALID;
        } else {
            h = r.between(1, 12);
            w = r.between(1, 12);
            fh = r.between(1, Math.min(h, 4));
            fw = r.between(1, Math.min(w, 4));
            sh = r.between(1, 3);
            sw = r.between(1, 3);
        }
        int[] shape = {r.between(1, 2), h, w, r.between(1, 20)};
        FusedActivation activation = r.pick(FusedActivation.NONE, FusedActivation.RELU, FusedActivation.RELU6,
                FusedActivation.RELU_N1_TO_1);
        Quant.Params q = Quant.params(r, type);
        OpModel m = new OpModel(op);
        Quant.apply(m, m.input(type, shape), q);
        Quant.apply(m, m.output(type), q);
        m.options(BuiltinOptions.pool2d(padding, sw, sh, fw, fh, activation));
        String what = op + " " + type + " " + Shapes.str(shape) + q + " filter " + fh + "x" + fw + " stride " + sh
                + "x" + sw + " " + padding + " " + activation;
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, type, CaseRandom.size(shape)));
    }
}
