package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.List;

/**
 * SOFTMAX (any beta), LOG_SOFTMAX, L2_NORMALIZATION and LOCAL_RESPONSE_NORMALIZATION on FLOAT32, over the last
 * dimension of inputs of rank 1 to 4 (LRN: rank 4), with depths around the SIMD widths.
 */
final class NormalizationCases {
    private NormalizationCases() {}

    static List<OpCases> all() {
        return List.of(new OpCases("SOFTMAX", FLOAT32, NormalizationCases::softmax),
                new OpCases("LOG_SOFTMAX", FLOAT32, NormalizationCases::logSoftmax),
                new OpCases("L2_NORMALIZATION", FLOAT32, NormalizationCases::l2Normalization),
                new OpCases("LOCAL_RESPONSE_NORMALIZATION", FLOAT32, NormalizationCases::localResponse));
    }

    /** A shape of rank 1 to 4 whose last dimension is a channel count. */
    private static int[] shape(CaseRandom r, int minRank) {
        int[] shape = r.shape(r.between(minRank, 4), 5);
        shape[shape.length - 1] = ConvCases.channels(r);
        return shape;
    }

    private static DiffCase softmax(CaseRandom r) {
        int[] shape = shape(r, 1);
        // Without options beta is 0 (the schema default): a uniform distribution.
        boolean noOptions = r.chance(0.05);
        float beta = noOptions ? 0f : r.chance(0.4) ? 1f : r.uniform(0.05f, 3f);
        OpModel m = new OpModel(BuiltinOperator.SOFTMAX);
        m.input(FLOAT32, shape);
        m.output(FLOAT32);
        if (!noOptions) {
            m.options(BuiltinOptions.softmax(beta));
        }
        float range = r.pick(1f, 5f, 30f);
        return new DiffCase("SOFTMAX " + Shapes.str(shape) + " beta " + beta + " inputs +-" + range, m,
                Tolerance.TRANSCENDENTAL, r.floats(CaseRandom.size(shape), -range, range));
    }

    private static DiffCase logSoftmax(CaseRandom r) {
        int[] shape = shape(r, 1);
        OpModel m = new OpModel(BuiltinOperator.LOG_SOFTMAX);
        m.input(FLOAT32, shape);
        m.output(FLOAT32);
        if (r.chance(0.8)) {
            m.options(BuiltinOptions.logSoftmax());
        }
        float range = r.pick(1f, 5f, 30f);
        return new DiffCase("LOG_SOFTMAX " + Shapes.str(shape) + " inputs +-" + range, m, Tolerance.TRANSCENDENTAL,
                r.floats(CaseRandom.size(shape), -range, range));
    }

    private static DiffCase l2Normalization(CaseRandom r) {
        int[] shape = shape(r, 1);
        OpModel m = new OpModel(BuiltinOperator.L2_NORMALIZATION);
        m.input(FLOAT32, shape);
        m.output(FLOAT32);
        if (r.chance(0.8)) {
            // TensorFlow Lite 2.6 rejects any other fused activation.
            m.options(BuiltinOptions.l2Norm(dev.jlite.writer.FusedActivation.NONE));
        }
        float[] x = r.floats(CaseRandom.size(shape), -2, 2);
        boolean tiny = r.chance(0.15);
        if (tiny) {
            // Rows whose norm falls below TensorFlow Lite's epsilon (1e-6), and all-zero rows.
            for (int i = 0; i < x.length; i++) {
                x[i] = r.chance(0.3) ? 0f : x[i] * 1e-8f;
            }
        }
        return new DiffCase("L2_NORMALIZATION " + Shapes.str(shape) + (tiny ? " tiny values" : ""), m,
                Tolerance.TRANSCENDENTAL, x);
    }

    private static DiffCase localResponse(CaseRandom r) {
        int[] shape = {r.between(1, 2), r.between(1, 4), r.between(1, 4), ConvCases.channels(r)};
        int radius = r.between(0, 6);
        float bias = r.pick(1f, r.uniform(0.1f, 3f));
        float alpha = r.pick(1e-4f, r.uniform(0.01f, 1f));
        float beta = r.pick(0.75f, 0.5f, r.uniform(0.1f, 1.2f));
        OpModel m = new OpModel(BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION);
        m.input(FLOAT32, shape);
        m.output(FLOAT32);
        m.options(BuiltinOptions.localResponseNormalization(radius, bias, alpha, beta));
        String what = "LOCAL_RESPONSE_NORMALIZATION " + Shapes.str(shape) + " radius " + radius + " bias " + bias
                + " alpha " + alpha + " beta " + beta;
        return new DiffCase(what, m, Tolerance.TRANSCENDENTAL, r.floats(CaseRandom.size(shape), -3, 3));
    }
}
