package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT8;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import java.util.ArrayList;
import java.util.List;

/**
 * Hybrid (dynamic-range) kernels: FLOAT32 activations with INT8 weights, which TensorFlow Lite quantizes row by row
 * when the node runs. Inputs mix magnitudes per row and sometimes hold all-zero rows (the scale-1 path); weights
 * use the whole symmetric int8 range with per-tensor scales (per-channel where the kernel reads them), inputs are
 * quantized symmetrically or, where the options allow, asymmetrically.
 */
final class HybridCases {
    private HybridCases() {}

    static final String HYBRID = "HYBRID";

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        all.add(new OpCases("FULLY_CONNECTED", FLOAT32, HYBRID, HybridCases::fullyConnected));
        return all;
    }

    /** Float activations whose rows have different magnitudes, a row of zeros now and then. */
    static float[] activations(CaseRandom r, int rows, int size) {
        float[] x = new float[rows * size];
        for (int i = 0; i < rows; i++) {
            if (r.chance(0.1)) {
                continue;
            }
            float magnitude = Quant.logUniform(r, 0.01f, 10f);
            float lo = r.chance(0.2) ? 0f : -magnitude;
            float[] row = r.floats(size, lo, magnitude);
            System.arraycopy(row, 0, x, i * size, size);
        }
        return x;
    }

    /** Symmetric int8 weights (-127..127, as TensorFlow Lite's converter makes them). */
    static byte[] weights(CaseRandom r, int n) {
        return r.bytes(n, -127, 127);
    }

    static float weightScale(CaseRandom r) {
        return Quant.logUniform(r, 0.001f, 0.05f);
    }

    private static DiffCase fullyConnected(CaseRandom r) {
        int depth = ConvCases.channels(r);
        int units = ConvCases.channels(r);
        boolean keepNumDims = r.chance(0.3);
        int[] inShape;
        int batches = r.between(1, 6);
        if (keepNumDims) {
            inShape = r.shape(r.between(1, 3), 3);
            inShape[inShape.length - 1] = depth;
            batches = CaseRandom.size(inShape) / depth;
        } else {
            inShape = new int[] {batches, depth};
        }
        boolean asymmetric = r.chance(0.5);
        FusedActivation activation = ConvCases.clampActivation(r);
        boolean constantWeights = r.chance(0.85);
        String biasFeed = r.pick("const", "const", "input", "none");
        float scale = weightScale(r);
        OpModel m = new OpModel(BuiltinOperator.FULLY_CONNECTED);
        m.input(FLOAT32, inShape);
        float[] x = activations(r, batches, depth);
        byte[] w = weights(r, units * depth);
        int wt = constantWeights ? m.constant(INT8, new int[] {units, depth}, w) : m.input(INT8, units, depth);
        m.quantize(wt, scale, 0);
        float[] b = r.floats(units, -1, 1);
        switch (biasFeed) {
            case "const" -> m.constant(FLOAT32, new int[] {units}, b);
            case "input" -> m.input(FLOAT32, units);
            default -> m.omitted();
        }
        m.output(FLOAT32);
        m.options(BuiltinOptions.fullyConnected(activation, keepNumDims, asymmetric));
        String what = "hybrid FULLY_CONNECTED in " + Shapes.str(inShape) + " weights [" + units + ", " + depth + "] "
                + (constantWeights ? "const" : "input") + " scale " + scale + " bias " + biasFeed + " " + activation
                + (asymmetric ? " asymmetric" : " symmetric") + (keepNumDims ? " keep_num_dims" : "");
        List<Object> inputs = new ArrayList<>();
        inputs.add(x);
        if (!constantWeights) {
            inputs.add(w);
        }
        if (biasFeed.equals("input")) {
            inputs.add(b);
        }
        return new DiffCase(what, m, Tolerance.FLOAT, inputs.toArray());
    }
}
