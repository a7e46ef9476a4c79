package dev.jlite.ops.lstm;

import dev.jlite.DataType;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM as TensorFlow Lite 2.6's {@code lstm_eval} computes it in float, with FLOAT32 weights
 * or INT8 weights (hybrid: inputs, hidden state and the projection's input are quantized row by row at every step).
 * Inputs (schema order): 0 input {@code [time, batch, in]} ({@code time_major}) or {@code [batch, time, in]};
 * 1-4 input-to-gate weights {@code [cell, in]} (input gate, forget, cell, output; the input gate's are omitted for
 * CIFG, where the input gate is {@code 1 - forget}); 5-8 recurrent weights {@code [cell, out]}; 9-11 optional
 * peephole weights {@code [cell]}; 12-15 gate biases {@code [cell]}; 16-17 optional projection weights
 * {@code [out, cell]} and bias {@code [out]}; 18-19 the output and cell states (variable tensors, read and written
 * in place, so they carry over between runs); 20-23 optional layer-norm coefficients {@code [cell]}. Per step:
 * gates are bias + W x + R h (+ peephole . c), layer-normalized then biased when coefficients are present, passed
 * through the sigmoid (the cell gate through the fused activation); {@code c = f c + i g} clipped to
 * {@code cell_clip}; {@code h = o act(c)}, projected and clipped to {@code proj_clip} when projection weights exist.
 * With activation NONE, TensorFlow Lite 2.6 leaves a scratch buffer unwritten; jlite uses the identity. The same
 * kernel runs LSTM (the FULL kernel type): one step over a {@code [batch, in]} input, output {@code [batch, out]}.
 */
final class UnidirectionalSequenceLstmKernel implements Kernel {
    /** Options union types: UnidirectionalSequenceLSTMOptions and LSTMOptions. */
    private static final int SEQUENCE_OPTIONS = 71;
    private static final int LSTM_OPTIONS = 14;
    private static final int FUSED_ACTIVATION = 0;
    private static final int CELL_CLIP = 1;
    private static final int PROJ_CLIP = 2;
    /** Field 3: time_major in the sequence options, kernel_type (FULL = 0, BASIC = 1) in LSTMOptions. */
    private static final int TIME_MAJOR = 3;
    private static final int KERNEL_TYPE = 3;
    private static final int ASYMMETRIC_QUANTIZE_INPUTS = 4;
    private static final int OUTPUT_STATE = 18;
    private static final int CELL_STATE = 19;
    private static final int GATES = 4;
    private static final int INPUT_GATE = 0;
    private static final int FORGET_GATE = 1;
    private static final int CELL_GATE = 2;
    private static final int OUTPUT_GATE = 3;

    /** UNIDIRECTIONAL_SEQUENCE_LSTM; else LSTM, one time step over a {@code [batch, in]} input. */
    private final boolean sequence;
    private int activation;
    private float cellClip;
    private float projClip;
    private boolean timeMajor;
    private boolean asymmetric;
    private boolean hybrid;
    private boolean cifg;
    private boolean layerNorm;
    private int time;
    private int batch;
    private int nInput;
    private int nCell;
    private int nOutput;
    private final LstmWeights[] inputWeights = new LstmWeights[GATES];
    private final LstmWeights[] recurrentWeights = new LstmWeights[GATES];
    /** Peephole weights of the input, forget and output gates (index by gate; cell gate unused). */
    private final LstmWeights[] peephole = new LstmWeights[GATES];
    private final LstmWeights[] layerNormWeights = new LstmWeights[GATES];
    private LstmWeights projection;
    /** Every present weight tensor, bound at each eval. */
    private LstmWeights[] allWeights;
    private final Tensor[] biases = new Tensor[GATES];
    private Tensor projectionBias;
    /** Per gate: {@code [batch][cell]} pre-activations. */
    private float[][] gates;
    private float[] hidden;
    private LstmWeights.QuantizedRows quantizedInput;
    private LstmWeights.QuantizedRows quantizedState;
    private LstmWeights.QuantizedRows quantizedHidden;

    UnidirectionalSequenceLstmKernel(boolean sequence) {
        this.sequence = sequence;
    }

    @Override
    public void prepare(Node node) {
        FlatTable o = node.options(sequence ? SEQUENCE_OPTIONS : LSTM_OPTIONS);
        if (!sequence && o != null && o.getByte(KERNEL_TYPE, (byte) 0) != 0) {
            throw node.error("only the FULL LSTM kernel type is supported, not BASIC");
        }
        if (node.inputCount() != 20 && node.inputCount() != 24) {
            throw node.error("takes 20 or 24 inputs, has " + node.inputCount());
        }
        if (node.outputCount() != 1) {
            throw node.error("has one output, has " + node.outputCount());
        }
        Tensor input = node.requireInput(0);
        Tensor output = node.output(0);
        if (input.dataType() != DataType.FLOAT32 || output.dataType() != DataType.FLOAT32) {
            throw node.error("input and output must be FLOAT32, are " + input.dataType() + " and "
                    + output.dataType());
        }
        int rank = sequence ? 3 : 2;
        if (input.numDimensions() != rank) {
            throw node.error("input must have rank " + rank + ", has shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        activation = o == null ? 0 : o.getByte(FUSED_ACTIVATION, (byte) 0);
        if (activation < 0 || activation > 4) {
            throw node.error("fused activation " + activation + " is not supported (NONE, RELU, RELU_N1_TO_1, RELU6,"
                    + " TANH)");
        }
        cellClip = o == null ? 0f : o.getFloat(CELL_CLIP, 0f);
        projClip = o == null ? 0f : o.getFloat(PROJ_CLIP, 0f);
        timeMajor = !sequence || (o != null && o.getBool(TIME_MAJOR, false));
        asymmetric = o != null && o.getBool(ASYMMETRIC_QUANTIZE_INPUTS, false);
        if (cellClip < 0 || projClip < 0) {
            throw node.error("cell_clip and proj_clip must not be negative: " + cellClip + ", " + projClip);
        }
        time = sequence ? input.dim(timeMajor ? 0 : 1) : 1;
        batch = input.dim(sequence && !timeMajor ? 0 : rank - 2);
        nInput = input.dim(rank - 1);

        Tensor forgetWeights = node.requireInput(2);
        Tensor recurrentForget = node.requireInput(6);
        if (forgetWeights.numDimensions() != 2 || recurrentForget.numDimensions() != 2) {
            throw node.error("input-to-forget and recurrent-to-forget weights must have rank 2");
        }
        nCell = forgetWeights.dim(0);
        nOutput = recurrentForget.dim(1);
        cifg = node.input(1) == null;
        for (int g = 0; g < GATES; g++) {
            boolean optional = g == INPUT_GATE && cifg;
            inputWeights[g] = LstmWeights.of(node, 1 + g, nCell, nInput);
            recurrentWeights[g] = LstmWeights.of(node, 5 + g, nCell, nOutput);
            if (!optional && (inputWeights[g] == null || recurrentWeights[g] == null)) {
                throw node.error("gate " + g + " needs its input and recurrent weights");
            }
            if (optional && recurrentWeights[g] != null) {
                throw node.error("CIFG (no input-to-input weights) must omit the recurrent-to-input weights too");
            }
            biases[g] = node.input(12 + g);
            if (!optional && biases[g] == null) {
                throw node.error("gate " + g + " needs its bias (input " + (12 + g) + ")");
            }
            checkFloatVector(node, biases[g], 12 + g, nCell);
        }
        hybrid = inputWeights[FORGET_GATE].hybrid;
        for (int g = 0; g < GATES; g++) {
            for (LstmWeights w : new LstmWeights[] {inputWeights[g], recurrentWeights[g]}) {
                if (w != null && w.hybrid != hybrid) {
                    throw node.error("weights mix FLOAT32 and INT8");
                }
            }
        }
        peephole[INPUT_GATE] = cifg ? null : LstmWeights.of(node, 9, nCell, 0);
        peephole[FORGET_GATE] = LstmWeights.of(node, 10, nCell, 0);
        peephole[OUTPUT_GATE] = LstmWeights.of(node, 11, nCell, 0);
        if (cifg && node.input(9) != null) {
            throw node.error("CIFG has no input gate, so no cell-to-input (peephole) weights");
        }
        boolean anyPeephole = peephole[FORGET_GATE] != null || peephole[OUTPUT_GATE] != null;
        if (anyPeephole && (peephole[FORGET_GATE] == null || peephole[OUTPUT_GATE] == null
                || (!cifg && peephole[INPUT_GATE] == null))) {
            throw node.error("peephole weights must be all present or all omitted");
        }
        projection = LstmWeights.of(node, 16, nOutput, nCell);
        if (projection != null && projection.hybrid != hybrid) {
            throw node.error("weights mix FLOAT32 and INT8");
        }
        projectionBias = node.input(17);
        checkFloatVector(node, projectionBias, 17, nOutput);
        if (projection == null && nOutput != nCell) {
            throw node.error("without projection the output size (" + nOutput + ") must equal the cell size ("
                    + nCell + ")");
        }
        layerNorm = node.inputCount() == 24 && node.input(21) != null;
        for (int g = 0; g < GATES; g++) {
            layerNormWeights[g] = node.inputCount() == 24 ? LstmWeights.of(node, 20 + g, nCell, 0) : null;
            boolean needed = layerNorm && !(g == INPUT_GATE && cifg);
            if (needed != (layerNormWeights[g] != null)) {
                throw node.error("layer-norm coefficients must be given for every gate (but the CIFG input gate)"
                        + " or for none");
            }
            if (layerNormWeights[g] != null && layerNormWeights[g].hybrid) {
                throw node.error("layer-norm coefficients must be FLOAT32");
            }
        }
        Tensor outputState = node.requireInput(OUTPUT_STATE);
        Tensor cellState = node.requireInput(CELL_STATE);
        checkState(node, outputState, "output state", nOutput);
        checkState(node, cellState, "cell state", nCell);
        if (outputState.isConstant() || cellState.isConstant()) {
            throw node.error("the output and cell states must be variable tensors");
        }
        output.resize(!sequence ? new int[] {batch, nOutput}
                : timeMajor ? new int[] {time, batch, nOutput} : new int[] {batch, time, nOutput});

        java.util.List<LstmWeights> present = new java.util.ArrayList<>();
        for (LstmWeights[] family : new LstmWeights[][] {inputWeights, recurrentWeights, peephole, layerNormWeights,
                {projection}}) {
            for (LstmWeights w : family) {
                if (w != null) {
                    present.add(w);
                }
            }
        }
        allWeights = present.toArray(new LstmWeights[0]);
        int rows = timeMajor ? batch : 1;
        gates = new float[GATES][rows * nCell];
        hidden = new float[rows * nCell];
        if (hybrid) {
            quantizedInput = new LstmWeights.QuantizedRows(rows, nInput);
            quantizedState = new LstmWeights.QuantizedRows(rows, nOutput);
            quantizedHidden = new LstmWeights.QuantizedRows(rows, nCell);
        }
    }

    private void checkFloatVector(Node node, Tensor t, int index, int size) {
        if (t != null && (t.dataType() != DataType.FLOAT32 || t.numElements() != size || t.numDimensions() != 1)) {
            throw node.error("input " + index + " must be FLOAT32 [" + size + "], is " + t.dataType() + " "
                    + java.util.Arrays.toString(t.shape()));
        }
    }

    private void checkState(Node node, Tensor t, String what, int size) {
        if (t.dataType() != DataType.FLOAT32 || t.numElements() != batch * size) {
            throw node.error(what + " must be FLOAT32 with " + batch + " x " + size + " values, is " + t.dataType()
                    + " " + java.util.Arrays.toString(t.shape()));
        }
    }

    @Override
    public void eval(Node node) {
        for (LstmWeights w : allWeights) {
            w.bind(node);
        }
        Tensor input = node.input(0);
        Tensor output = node.output(0);
        Tensor h = node.input(OUTPUT_STATE);
        Tensor c = node.input(CELL_STATE);
        float[] x = input.floats();
        float[] out = output.floats();
        if (timeMajor) {
            for (int t = 0; t < time; t++) {
                step(node, batch, x, input.offset() + t * batch * nInput, h.floats(), h.offset(), c.floats(),
                        c.offset(), out, output.offset() + t * batch * nOutput);
            }
        } else {
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < time; t++) {
                    int row = b * time + t;
                    step(node, 1, x, input.offset() + row * nInput, h.floats(), h.offset() + b * nOutput,
                            c.floats(), c.offset() + b * nCell, out, output.offset() + row * nOutput);
                }
            }
        }
    }

    /** One time step for {@code rows} batch rows: updates the states in place and writes the output rows. */
    private void step(Node node, int rows, float[] x, int xBase, float[] h, int hBase, float[] c, int cBase,
            float[] out, int outBase) {
        boolean inputQuantized = hybrid && quantizedInput.quantize(x, xBase, rows, nInput, asymmetric);
        boolean stateQuantized = hybrid && quantizedState.quantize(h, hBase, rows, nOutput, asymmetric);
        for (int g = 0; g < GATES; g++) {
            if (g == INPUT_GATE && cifg) {
                continue;
            }
            float[] gate = gates[g];
            Tensor bias = biases[g];
            for (int b = 0; b < rows; b++) {
                for (int i = 0; i < nCell; i++) {
                    gate[b * nCell + i] = layerNorm ? 0f : bias.floats()[bias.offset() + i];
                }
            }
            if (hybrid) {
                if (inputQuantized) {
                    inputWeights[g].multiplyAccumulate(quantizedInput, rows, gate, 0);
                }
                if (stateQuantized) {
                    recurrentWeights[g].multiplyAccumulate(quantizedState, rows, gate, 0);
                }
            } else {
                inputWeights[g].multiplyAccumulate(x, xBase, rows, gate, 0);
                recurrentWeights[g].multiplyAccumulate(h, hBase, rows, gate, 0);
            }
            if (g == OUTPUT_GATE) {
                continue; // its peephole reads the updated cell state
            }
            finishGate(g, rows, c, cBase);
        }
        // c = f * c + i * g (i = 1 - f with CIFG), clipped.
        float[] in = gates[INPUT_GATE];
        float[] forget = gates[FORGET_GATE];
        float[] cell = gates[CELL_GATE];
        for (int k = 0; k < rows * nCell; k++) {
            float i = cifg ? 1f - forget[k] : in[k];
            float v = forget[k] * c[cBase + k] + cell[k] * i;
            if (cellClip > 0f) {
                v = Math.max(-cellClip, Math.min(cellClip, v));
            }
            c[cBase + k] = v;
        }
        finishGate(OUTPUT_GATE, rows, c, cBase);
        float[] outGate = gates[OUTPUT_GATE];
        for (int k = 0; k < rows * nCell; k++) {
            hidden[k] = outGate[k] * activate(c[cBase + k]);
        }
        if (projection != null) {
            for (int b = 0; b < rows; b++) {
                for (int j = 0; j < nOutput; j++) {
                    h[hBase + b * nOutput + j] = projectionBias == null ? 0f
                            : projectionBias.floats()[projectionBias.offset() + j];
                }
            }
            if (hybrid) {
                if (quantizedHidden.quantize(hidden, 0, rows, nCell, asymmetric)) {
                    projection.multiplyAccumulate(quantizedHidden, rows, h, hBase);
                }
            } else {
                projection.multiplyAccumulate(hidden, 0, rows, h, hBase);
            }
            if (projClip > 0f) {
                for (int k = 0; k < rows * nOutput; k++) {
                    h[hBase + k] = Math.max(-projClip, Math.min(projClip, h[hBase + k]));
                }
            }
        } else {
            System.arraycopy(hidden, 0, h, hBase, rows * nOutput);
        }
        System.arraycopy(h, hBase, out, outBase, rows * nOutput);
    }

    /** Peephole, layer norm (then the bias) and the gate's activation, in TensorFlow Lite's order. */
    private void finishGate(int g, int rows, float[] c, int cBase) {
        float[] gate = gates[g];
        LstmWeights p = peephole[g];
        if (p != null) {
            for (int b = 0; b < rows; b++) {
                for (int i = 0; i < nCell; i++) {
                    gate[b * nCell + i] += p.diagonal(i) * c[cBase + b * nCell + i];
                }
            }
        }
        if (layerNorm) {
            LstmWeights coefficients = layerNormWeights[g];
            Tensor bias = biases[g];
            for (int b = 0; b < rows; b++) {
                int o = b * nCell;
                float sum = 0f;
                for (int i = 0; i < nCell; i++) {
                    sum += gate[o + i];
                }
                float mean = sum / nCell;
                float squares = 0f;
                for (int i = 0; i < nCell; i++) {
                    float d = gate[o + i] - mean;
                    squares += d * d;
                }
                float variance = squares / nCell;
                float inverse = 1f / (float) Math.sqrt(variance + 1e-8f);
                for (int i = 0; i < nCell; i++) {
                    gate[o + i] = (gate[o + i] - mean) * inverse * coefficients.diagonal(i)
                            + bias.floats()[bias.offset() + i];
                }
            }
        }
        for (int k = 0; k < rows * nCell; k++) {
            gate[k] = g == CELL_GATE ? activate(gate[k]) : sigmoid(gate[k]);
        }
    }

    private static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    private float activate(float x) {
        switch (activation) {
            case 1: return Math.max(0f, x);
            case 2: return Math.max(-1f, Math.min(1f, x));
            case 3: return Math.max(0f, Math.min(6f, x));
            case 4: return (float) Math.tanh(x);
            default: return x;
        }
    }
}
