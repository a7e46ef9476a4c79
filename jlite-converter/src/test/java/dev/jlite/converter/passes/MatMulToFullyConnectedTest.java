package dev.jlite.converter.passes;

import static dev.jlite.kernel.BuiltinOperator.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** MatMul by a constant becomes FULLY_CONNECTED with [out, in] weights, and a bias ADD then fuses into it. */
class MatMulToFullyConnectedTest {
    static TflGraph matmul(boolean adjY) {
        Graphs b = new Graphs(11);
        Value x = b.input(2, 3);
        // weights: [in=3, out=2] as TensorFlow stores a Dense kernel, or [out, in] with transpose_b
        float[] w = adjY ? new float[] {1, 2, 3, -1, 0, 1} : new float[] {1, -1, 2, 0, 3, 1};
        Value k = Value.constant("k", dev.jlite.converter.ir.Constant.of(w, adjY ? new int[] {2, 3}
                : new int[] {3, 2}));
        Value y = b.op(BATCH_MATMUL, new int[] {2, 2}, Map.of("adjX", false, "adjY", adjY), x, k);
        Value bias = Value.constant("b", dev.jlite.converter.ir.Constant.of(new float[] {10, 20}, 2));
        b.output(b.op(ADD, new int[] {2, 2}, Map.of(), y, bias));
        return b.graph();
    }

    @Test
    void matMulThenBiasIsOneFullyConnected() {
        for (boolean adjY : new boolean[] {false, true}) {
            TflGraph g = matmul(adjY);
            assertThat(new MatMulToFullyConnected().run(g)).isEqualTo(1);
            assertThat(new BiasFusion().run(g)).isEqualTo(1);
            assertThat(g.opCounts()).containsExactly(Map.entry("FULLY_CONNECTED", 1));
            // x = [[1, 2, 3], [0, -1, 1]]: x.W = [[14, 2], [1, 1]], plus bias [10, 20]
            float[] y = Graphs.run(g, new float[] {1, 2, 3, 0, -1, 1});
            assertThat(y).containsExactly(new float[] {24, 22, 11, 21}, Offset.offset(1e-6f));
        }
    }

    @Test
    void matMulOfTwoActivationsStaysBatchMatMul() {
        Graphs b = new Graphs(12);
        Value x = b.input(2, 3);
        Value z = b.input(3, 2);
        b.output(b.op(BATCH_MATMUL, new int[] {2, 2}, Map.of(), x, z));
        assertThat(new MatMulToFullyConnected().run(b.graph())).isZero();
    }
}
