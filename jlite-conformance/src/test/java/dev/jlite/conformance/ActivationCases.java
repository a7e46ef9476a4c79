package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.List;

/** The float activations RELU, RELU6, RELU_N1_TO_1, LEAKY_RELU, HARD_SWISH, LOGISTIC, TANH, ELU and PRELU. */
final class ActivationCases {
    private ActivationCases() {}

    static List<OpCases> all() {
        return List.of(
                new OpCases("RELU", FLOAT32, r -> unary(r, BuiltinOperator.RELU, -8, 8, Tolerance.FLOAT)),
                new OpCases("RELU6", FLOAT32, r -> unary(r, BuiltinOperator.RELU6, -9, 9, Tolerance.FLOAT)),
                new OpCases("RELU_N1_TO_1", FLOAT32,
                        r -> unary(r, BuiltinOperator.RELU_N1_TO_1, -3, 3, Tolerance.FLOAT)),
                new OpCases("LEAKY_RELU", FLOAT32, ActivationCases::leakyRelu),
                new OpCases("HARD_SWISH", FLOAT32,
                        r -> unary(r, BuiltinOperator.HARD_SWISH, -7, 7, Tolerance.FLOAT)),
                // Wide enough that some results underflow (the official kernel flushes them to 0).
                new OpCases("LOGISTIC", FLOAT32,
                        r -> unary(r, BuiltinOperator.LOGISTIC, r.pick(-12f, -120f), 20, Tolerance.TRANSCENDENTAL)),
                new OpCases("TANH", FLOAT32, r -> unary(r, BuiltinOperator.TANH, -12, 12, Tolerance.TRANSCENDENTAL)),
                new OpCases("ELU", FLOAT32, r -> unary(r, BuiltinOperator.ELU, -8, 4, Tolerance.TRANSCENDENTAL)),
                new OpCases("PRELU", FLOAT32, ActivationCases::prelu));
    }

    private static DiffCase unary(CaseRandom r, BuiltinOperator op, float lo, float hi, Tolerance tolerance) {
        int[] shape = Shapes.elementwise(r, 5);
        OpModel m = new OpModel(op);
        m.input(FLOAT32, shape);
        m.output(FLOAT32);
        float[] v = r.floats(CaseRandom.size(shape), lo, hi);
        if (v.length > 0 && r.chance(0.3)) {
            // TensorFlow Lite's kernels differ in what NaN becomes (RELU6 makes it 0, RELU keeps it).
            v[r.between(0, v.length - 1)] = Float.NaN;
        }
        return new DiffCase(op + " " + Shapes.str(shape) + " in [" + lo + ", " + hi + ")", m, tolerance, v);
    }

    /** Slopes below 0, in (0, 1) and above 1: the kernel must not assume {@code max(x, alpha * x)}. */
    private static DiffCase leakyRelu(CaseRandom r) {
        int[] shape = Shapes.elementwise(r, 5);
        float alpha = r.pick(0.2f, 0f, -0.5f, 1.5f, r.uniform(-2, 2));
        OpModel m = new OpModel(BuiltinOperator.LEAKY_RELU);
        m.input(FLOAT32, shape);
        m.output(FLOAT32);
        m.options(BuiltinOptions.leakyRelu(alpha));
        return new DiffCase("LEAKY_RELU " + Shapes.str(shape) + " alpha " + alpha, m, Tolerance.FLOAT,
                r.floats(CaseRandom.size(shape), -5, 5));
    }

    /**
     * PRELU. Slopes broadcast into the input's shape (TensorFlow Lite 2.6.2 requires the output shape to be the input's):
     * the usual one slope per channel ({@code [1, 1, C]} or {@code [C]} against {@code [N, H, W, C]}) with channel
     * counts that fill whole vectors or not, or any shape that broadcasts into the input's.
     */
    private static DiffCase prelu(CaseRandom r) {
        int[][] shapes = preluShapes(r);
        int[] input = shapes[0];
        int[] alpha = shapes[1];
        OpModel m = new OpModel(BuiltinOperator.PRELU);
        m.input(FLOAT32, input);
        boolean constant = r.chance(0.6);
        float[] x = r.floats(CaseRandom.size(input), -4, 4);
        float[] slopes = r.floats(CaseRandom.size(alpha), -1, 2);
        if (constant) {
            m.constant(FLOAT32, alpha, slopes);
        } else {
            m.input(FLOAT32, alpha);
        }
        m.output(FLOAT32);
        String what = "PRELU " + Shapes.str(input) + (constant ? " const " : " ") + Shapes.str(alpha);
        return constant ? new DiffCase(what, m, Tolerance.FLOAT, x) : new DiffCase(what, m, Tolerance.FLOAT, x, slopes);
    }

    /** An input shape and a slope shape that broadcasts into it, as {@code {input, alpha}}. */
    static int[][] preluShapes(CaseRandom r) {
        int[] input;
        int[] alpha;
        if (r.chance(0.5)) {
            int c = r.pick(8, 16, 32, 3, 24, 5);
            input = new int[] {1, r.between(1, 5), r.between(1, 5), c};
            alpha = r.chance(0.5) ? new int[] {1, 1, c} : new int[] {c};
        } else {
            input = r.shape(r.between(0, 4), 5);
            int drop = r.between(0, input.length);
            alpha = java.util.Arrays.copyOfRange(input, drop, input.length);
            for (int d = 0; d < alpha.length; d++) {
                if (r.chance(0.4)) {
                    alpha[d] = 1;
                }
            }
        }
        return new int[][] {input, alpha};
    }
}
