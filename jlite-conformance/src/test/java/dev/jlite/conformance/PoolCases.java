package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;
import java.util.List;

/**
 * AVERAGE_POOL_2D and MAX_POOL_2D on FLOAT32: SAME and VALID padding, strides and filters of 1 to 4 (filters
 * larger than the input under SAME), channel counts around the SIMD widths, every fused activation.
 */
final class PoolCases {
    private PoolCases() {}

    static List<OpCases> all() {
        return List.of(new OpCases("AVERAGE_POOL_2D", FLOAT32, r -> pool(r, BuiltinOperator.AVERAGE_POOL_2D)),
                new OpCases("MAX_POOL_2D", FLOAT32, r -> pool(r, BuiltinOperator.MAX_POOL_2D)));
    }

    private static DiffCase pool(CaseRandom r, BuiltinOperator op) {
        int[] shape = {r.between(1, 2), r.between(1, 9), r.between(1, 9), ConvCases.channels(r)};
        Padding padding = r.pick(Padding.SAME, Padding.VALID);
        int limitH = padding == Padding.VALID ? shape[1] : shape[1] + 1;
        int limitW = padding == Padding.VALID ? shape[2] : shape[2] + 1;
        int filterH = r.between(1, Math.min(4, limitH));
        int filterW = r.between(1, Math.min(4, limitW));
        int strideH = r.between(1, 3);
        int strideW = r.between(1, 3);
        FusedActivation activation = ConvCases.activation(r);
        OpModel m = new OpModel(op);
        m.input(FLOAT32, shape);
        m.output(FLOAT32);
        m.options(BuiltinOptions.pool2d(padding, strideW, strideH, filterW, filterH, activation));
        String what = op + " " + Shapes.str(shape) + " " + padding + " filter " + filterH + "x" + filterW
                + " stride " + strideH + "x" + strideW + " " + activation;
        return new DiffCase(what, m, Tolerance.FLOAT, r.floats(CaseRandom.size(shape), -3, 3));
    }
}
