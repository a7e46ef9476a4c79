package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT8;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.SubgraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM and LSTM (FULL kernel, one step) with FLOAT32 weights and with INT8 weights
 * (hybrid): time-major and batch-major sequences, CIFG, peepholes, projection (with and without bias), layer normalization, cell and projection clipping,
 * the fused activations TensorFlow Lite applies correctly (NONE leaves a scratch buffer unwritten in 2.6), symmetric
 * and asymmetric run-time quantization. The states are variable tensors starting at zero, as TensorFlow Lite resets
 * them.
 */
final class LstmCases {
    private LstmCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        all.add(new OpCases("UNIDIRECTIONAL_SEQUENCE_LSTM", FLOAT32, r -> lstm(r, true, false)));
        all.add(new OpCases("UNIDIRECTIONAL_SEQUENCE_LSTM", FLOAT32, HybridCases.HYBRID, r -> lstm(r, true, true)));
        all.add(new OpCases("LSTM", FLOAT32, r -> lstm(r, false, false)));
        all.add(new OpCases("LSTM", FLOAT32, HybridCases.HYBRID, r -> lstm(r, false, true)));
        return all;
    }

    /** A sequence (UNIDIRECTIONAL_SEQUENCE_LSTM) or a single step (LSTM, FULL kernel) case. */
    static DiffCase lstm(CaseRandom r, boolean sequence, boolean hybrid) {
        BuiltinOperator op = sequence ? BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM : BuiltinOperator.LSTM;
        int time = sequence ? r.between(1, 5) : 1;
        int batch = r.between(1, 3);
        int nInput = r.between(1, 9);
        int nCell = r.between(1, 9);
        boolean cifg = r.chance(0.3);
        boolean peephole = r.chance(0.3);
        boolean projection = r.chance(0.3);
        boolean projectionBias = projection && r.chance(0.5);
        boolean layerNorm = r.chance(0.25);
        int nOutput = projection ? r.between(1, 9) : nCell;
        boolean timeMajor = !sequence || r.chance(0.5);
        boolean asymmetric = hybrid && r.chance(0.5);
        FusedActivation activation = r.chance(0.7) ? FusedActivation.TANH
                : r.pick(FusedActivation.RELU, FusedActivation.RELU6, FusedActivation.RELU_N1_TO_1);
        float cellClip = r.chance(0.4) ? r.uniform(0.5f, 3f) : 0f;
        float projClip = projection && r.chance(0.5) ? r.uniform(0.3f, 2f) : 0f;

        OpModel m = new OpModel(op).noDefaultOperator();
        SubgraphBuilder g = m.graph();
        int[] inShape = !sequence ? new int[] {batch, nInput}
                : timeMajor ? new int[] {time, batch, nInput} : new int[] {batch, time, nInput};
        List<Integer> ins = new ArrayList<>();
        ins.add(m.input(FLOAT32, inShape));
        Weights w = new Weights(r, g, hybrid);
        for (int gate = 0; gate < 4; gate++) {
            ins.add(gate == 0 && cifg ? -1 : w.matrix(nCell, nInput));
        }
        for (int gate = 0; gate < 4; gate++) {
            ins.add(gate == 0 && cifg ? -1 : w.matrix(nCell, nOutput));
        }
        for (int gate = 0; gate < 3; gate++) {
            ins.add(peephole && !(gate == 0 && cifg) ? w.vector(nCell) : -1);
        }
        for (int gate = 0; gate < 4; gate++) {
            ins.add(gate == 0 && cifg ? -1 : w.bias(nCell));
        }
        ins.add(projection ? w.matrix(nOutput, nCell) : -1);
        ins.add(projectionBias ? w.bias(nOutput) : -1);
        int h = g.tensor("output_state", FLOAT32, batch, nOutput);
        g.variable(h);
        ins.add(h);
        int c = g.tensor("cell_state", FLOAT32, batch, nCell);
        g.variable(c);
        ins.add(c);
        boolean twentyFour = layerNorm || r.chance(0.3);
        if (twentyFour) {
            for (int gate = 0; gate < 4; gate++) {
                ins.add(layerNorm && !(gate == 0 && cifg) ? w.coefficients(nCell) : -1);
            }
        }
        BuiltinOptions options = sequence
                ? BuiltinOptions.unidirectionalSequenceLstm(activation, cellClip, projClip, timeMajor, asymmetric)
                : BuiltinOptions.lstm(activation, cellClip, projClip, asymmetric);
        int[] operands = ins.stream().mapToInt(Integer::intValue).toArray();
        g.operator(op, 1, operands, new int[] {m.output(FLOAT32)}, options);
        float[] x = HybridCases.activations(r, time * batch, nInput);
        // A single LSTM step starts from zero states: a second node on the same variable states exercises the
        // recurrent weights, the peepholes on a non-zero cell and the state written by the first.
        boolean twoSteps = !sequence && r.chance(0.6);
        if (twoSteps) {
            operands = operands.clone();
            operands[0] = m.input(FLOAT32, inShape);
            g.operator(op, 1, operands, new int[] {m.output(FLOAT32)}, options);
        }
        String what = (hybrid ? "hybrid " : "") + op + " in " + Shapes.str(inShape)
                + (!sequence ? "" : timeMajor ? " time-major" : " batch-major") + " cell " + nCell + " output " + nOutput
                + (cifg ? " CIFG" : "") + (peephole ? " peephole" : "") + (projection ? " projection" : "")
                + (projectionBias ? "+bias" : "") + (layerNorm ? " layer-norm" : "") + (twentyFour ? " (24 inputs)" : "")
                + " " + activation + " cell_clip " + cellClip + " proj_clip " + projClip
                + (asymmetric ? " asymmetric" : "");
        if (twoSteps) {
            return new DiffCase(what + " two steps", m, Tolerance.TRANSCENDENTAL, x,
                    HybridCases.activations(r, batch, nInput));
        }
        return new DiffCase(what, m, Tolerance.TRANSCENDENTAL, x);
    }

    /** Writes the weights of one case: FLOAT32, or INT8 with a per-tensor scale when hybrid. */
    private record Weights(CaseRandom r, SubgraphBuilder g, boolean hybrid) {
        int matrix(int rows, int cols) {
            return weights(new int[] {rows, cols}, 0.7f);
        }

        int vector(int n) {
            return weights(new int[] {n}, 0.5f);
        }

        private int weights(int[] shape, float range) {
            int n = CaseRandom.size(shape);
            if (!hybrid) {
                return g.constant("w" + g.tensorCount(), FLOAT32, shape, r.floats(n, -range, range));
            }
            int t = g.constant("w" + g.tensorCount(), INT8, shape, HybridCases.weights(r, n));
            g.quantize(t, range / 127f * r.uniform(0.6f, 1.2f), 0);
            return t;
        }

        int bias(int n) {
            return g.constant("b" + g.tensorCount(), FLOAT32, new int[] {n}, r.floats(n, -0.5f, 0.5f));
        }

        int coefficients(int n) {
            return g.constant("ln" + g.tensorCount(), FLOAT32, new int[] {n}, r.floats(n, 0.3f, 1.5f));
        }
    }
}
