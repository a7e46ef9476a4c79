package dev.jlite.conformance;

import static dev.jlite.DataType.INT16;
import static dev.jlite.DataType.INT8;
import static dev.jlite.DataType.UINT8;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantized SOFTMAX, LOGISTIC, TANH and HARD_SWISH. Outputs are quantized as TensorFlow Lite requires where it
 * fixes them (softmax probabilities in 1/256 or 1/65536 or 1/32768 steps, logistic and tanh on their fixed ranges);
 * elsewhere inputs and outputs get different random scales.
 */
final class QuantizedActivationCases {
    private QuantizedActivationCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        for (DataType type : new DataType[] {INT8, UINT8, INT16}) {
            all.add(new OpCases("SOFTMAX", type, r -> softmax(r, type)));
        }
        for (DataType type : new DataType[] {INT8, UINT8}) {
            all.add(new OpCases("LOGISTIC", type, r -> fixedRange(r, BuiltinOperator.LOGISTIC, type)));
            all.add(new OpCases("TANH", type, r -> fixedRange(r, BuiltinOperator.TANH, type)));
            all.add(new OpCases("HARD_SWISH", type, r -> hardSwish(r, type)));
        }
        all.add(new OpCases("LOGISTIC", INT16, r -> int16Sigmoid(r, BuiltinOperator.LOGISTIC)));
        all.add(new OpCases("TANH", INT16, r -> int16Sigmoid(r, BuiltinOperator.TANH)));
        return all;
    }

    private static DiffCase softmax(CaseRandom r, DataType type) {
        int rank = r.between(1, 4);
        int[] shape = r.shape(rank, 5);
        shape[rank - 1] = r.chance(0.1) ? r.between(100, 1001) : r.between(1, 40);
        DataType outType = type == INT16 || r.chance(0.3) ? INT16 : type;
        Quant.Params qi = type == INT16 ? new Quant.Params(Quant.logUniform(r, 1e-4f, 1e-3f), 0)
                : Quant.params(r, type);
        Quant.Params qo;
        if (outType == INT16) {
            qo = new Quant.Params(type == INT16 ? 1f / 32768 : 1f / 65536, 0);
        } else {
            qo = new Quant.Params(1f / 256, type == INT8 ? -128 : 0);
        }
        float beta = r.chance(0.5) ? 1f : r.uniform(0.1f, 2f);
        OpModel m = new OpModel(BuiltinOperator.SOFTMAX);
        Quant.apply(m, m.input(type, shape), qi);
        Quant.apply(m, m.output(outType), qo);
        m.options(BuiltinOptions.softmax(beta));
        String what = "SOFTMAX " + type + " " + Shapes.str(shape) + qi + " beta " + beta + " -> " + outType + qo;
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, type, CaseRandom.size(shape)));
    }

    /** LOGISTIC and TANH: outputs on TensorFlow Lite's fixed ranges ([0, 1) in 1/256, [-1, 1) in 1/128). */
    private static DiffCase fixedRange(CaseRandom r, BuiltinOperator op, DataType type) {
        int[] shape = r.shape(r.between(0, 4), 8);
        Quant.Params qi = Quant.params(r, type);
        if (r.chance(0.3)) {
            // Inputs wide enough to saturate.
            qi = new Quant.Params(Quant.logUniform(r, 0.02f, 0.5f), qi.zeroPoint());
        }
        int zeroPoint = op == BuiltinOperator.LOGISTIC ? (type == INT8 ? -128 : 0) : (type == INT8 ? 0 : 128);
        Quant.Params qo = new Quant.Params(op == BuiltinOperator.LOGISTIC ? 1f / 256 : 1f / 128, zeroPoint);
        OpModel m = new OpModel(op);
        Quant.apply(m, m.input(type, shape), qi);
        Quant.apply(m, m.output(type), qo);
        String what = op + " " + type + " " + Shapes.str(shape) + qi + " -> " + qo;
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, type, CaseRandom.size(shape)));
    }

    /** HARD_SWISH: output range about [-0.375, max] of the input's, on its own scale. */
    private static DiffCase hardSwish(CaseRandom r, DataType type) {
        int[] shape = r.shape(r.between(0, 4), 9);
        Quant.Params qi = Quant.params(r, type);
        Quant.Params qo = new Quant.Params(qi.scale() * r.uniform(0.3f, 1.5f), Quant.params(r, type).zeroPoint());
        OpModel m = new OpModel(BuiltinOperator.HARD_SWISH);
        Quant.apply(m, m.input(type, shape), qi);
        Quant.apply(m, m.output(type), qo);
        String what = "HARD_SWISH " + type + " " + Shapes.str(shape) + qi + " -> " + qo;
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, type, CaseRandom.size(shape)));
    }

    /**
     * INT16 LOGISTIC and TANH: symmetric input, output 2^-15; a third of the cases on input scales 2^-12 and 2^-11,
     * where TensorFlow Lite switches from its table to gemmlowp's fixed-point functions.
     */
    private static DiffCase int16Sigmoid(CaseRandom r, BuiltinOperator op) {
        int[] shape = r.shape(r.between(0, 4), 8);
        float scale = r.chance(0.33) ? (float) Math.scalb(1.0, -r.between(11, 12))
                : Quant.logUniform(r, 2e-5f, 2e-3f);
        Quant.Params qi = new Quant.Params(scale, 0);
        Quant.Params qo = new Quant.Params(1f / 32768, 0);
        OpModel m = new OpModel(op);
        Quant.apply(m, m.input(INT16, shape), qi);
        Quant.apply(m, m.output(INT16), qo);
        String what = op + " INT16 " + Shapes.str(shape) + qi + " -> " + qo;
        return new DiffCase(what, m, Tolerance.EXACT, Quant.data(r, INT16, CaseRandom.size(shape)));
    }
}
