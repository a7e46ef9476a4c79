package dev.jlite.cli;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.model.Operator;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates the multiply-accumulates of a subgraph's convolutions and matrix products, the operators that
 * dominate the cost of vision models:
 * <ul>
 *   <li>CONV_2D: output elements * kh * kw * input channels per filter
 *   <li>DEPTHWISE_CONV_2D: output elements * kh * kw
 *   <li>FULLY_CONNECTED: batch * output units * input units (= output elements * input units)
 *   <li>TRANSPOSE_CONV and MediaPipe's Convolution2DTransposeBias: input elements * kh * kw * output channels
 * </ul>
 * Filters are laid out as TensorFlow Lite stores them: [out_ch, kh, kw, in_ch] ([1, kh, kw, out_ch] for
 * depthwise), fully connected weights as [units, inputs].
 */
final class MacCounter {
    static final String TRANSPOSE_CONV_BIAS = "Convolution2DTransposeBias";

    /** The shapes of one node's tensors. */
    interface Shapes {
        /** Shape of input {@code i} of node {@code node}, or {@code null} when absent. */
        int[] input(int node, int i);

        int[] output(int node, int i);
    }

    /** Total and per-operator-name counts (names in first-seen order). */
    record Result(long total, Map<String, Long> byOperator) {}

    private MacCounter() {}

    /** The shapes the model file declares. */
    static Shapes declared(Subgraph subgraph) {
        return new Shapes() {
            @Override
            public int[] input(int node, int i) {
                return shapeOf(subgraph, subgraph.operators().get(node).inputs(), i);
            }

            @Override
            public int[] output(int node, int i) {
                return shapeOf(subgraph, subgraph.operators().get(node).outputs(), i);
            }
        };
    }

    /** The shapes recorded at prepare time, falling back to declared ones for nodes that were not prepared. */
    static Shapes prepared(Subgraph subgraph, ShapeRecorder recorder) {
        Shapes fallback = declared(subgraph);
        return new Shapes() {
            @Override
            public int[] input(int node, int i) {
                ShapeRecorder.NodeShapes s = recorder.shapes(node);
                return s == null || i >= s.inputs().length ? fallback.input(node, i) : s.inputs()[i];
            }

            @Override
            public int[] output(int node, int i) {
                ShapeRecorder.NodeShapes s = recorder.shapes(node);
                return s == null || i >= s.outputs().length ? fallback.output(node, i) : s.outputs()[i];
            }
        };
    }

    private static int[] shapeOf(Subgraph subgraph, int[] tensors, int i) {
        if (i >= tensors.length || tensors[i] < 0) {
            return null;
        }
        TensorSpec t = subgraph.tensor(tensors[i]);
        return t.shape();
    }

    static Result count(Subgraph subgraph, List<OperatorCode> codes, Shapes shapes) {
        long total = 0;
        Map<String, Long> byOp = new LinkedHashMap<>();
        List<Operator> ops = subgraph.operators();
        for (int n = 0; n < ops.size(); n++) {
            OperatorCode code = codes.get(ops.get(n).opcodeIndex());
            long macs = count(code, n, shapes);
            if (macs > 0) {
                total += macs;
                byOp.merge(code.displayName(), macs, Long::sum);
            }
        }
        return new Result(total, byOp);
    }

    /** The node's multiply-accumulates, 0 for other operators or when a shape is missing. */
    static long count(OperatorCode code, int node, Shapes shapes) {
        if (code.isCustom()) {
            if (TRANSPOSE_CONV_BIAS.equals(code.customCode())) {
                return transposed(shapes.input(node, 0), shapes.input(node, 1));
            }
            return 0;
        }
        BuiltinOperator op = BuiltinOperator.ofCode(code.builtinCode());
        if (op == null) {
            return 0;
        }
        switch (op) {
            case CONV_2D: {
                int[] filter = shapes.input(node, 1);
                return rank(filter, 4) ? elements(shapes.output(node, 0)) * filter[1] * filter[2] * filter[3] : 0;
            }
            case DEPTHWISE_CONV_2D: {
                int[] filter = shapes.input(node, 1);
                return rank(filter, 4) ? elements(shapes.output(node, 0)) * filter[1] * filter[2] : 0;
            }
            case FULLY_CONNECTED: {
                int[] weights = shapes.input(node, 1);
                return rank(weights, 2) ? elements(shapes.output(node, 0)) * weights[1] : 0;
            }
            case TRANSPOSE_CONV:
                return transposed(shapes.input(node, 2), shapes.input(node, 1));
            default:
                return 0;
        }
    }

    private static long transposed(int[] input, int[] filter) {
        return rank(filter, 4) && input != null ? elements(input) * filter[1] * filter[2] * filter[0] : 0;
    }

    private static boolean rank(int[] shape, int rank) {
        return shape != null && shape.length == rank;
    }

    private static long elements(int[] shape) {
        return shape == null ? 0 : NpyArray.elementCount(shape);
    }
}
