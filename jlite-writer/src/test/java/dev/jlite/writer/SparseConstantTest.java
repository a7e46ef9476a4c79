package dev.jlite.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Model;
import dev.jlite.model.Sparsity;
import dev.jlite.model.TensorSpec;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sparse constant reads back with its encoding, index vectors of every width, and only its stored values. */
class SparseConstantTest {
    @Test
    void sparsityRoundTripsThroughTheReader() {
        int[] wide = new int[300];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = i * 250; // past uint16
        }
        int[] segments = new int[301];
        for (int i = 0; i <= 300; i++) {
            segments[i] = i;
        }
        Sparsity sparsity = new Sparsity(new int[] {1, 0, 2}, new int[] {0},
                List.of(new Sparsity.DimensionMetadata(false, 300, null, null),
                        new Sparsity.DimensionMetadata(true, 0, segments, wide),
                        new Sparsity.DimensionMetadata(false, 2, null, null)));
        ModelBuilder model = new ModelBuilder();
        SubgraphBuilder g = model.subgraph("main");
        float[] stored = new float[600];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = i;
        }
        int t = g.sparseConstant("w", DataType.FLOAT32, new int[] {600, 75000}, sparsity, stored);
        int out = g.tensor("out", DataType.FLOAT32, 600, 75000);
        g.output(out);
        g.operator(dev.jlite.kernel.BuiltinOperator.DENSIFY, new int[] {t}, new int[] {out},
                BuiltinOptions.densify());

        TensorSpec spec = Model.wrap(model.buildBuffer()).subgraph(0).tensor(t);
        Sparsity read = spec.sparsity();
        assertThat(read.traversalOrder()).containsExactly(1, 0, 2);
        assertThat(read.blockMap()).containsExactly(0);
        assertThat(read.dimensions()).hasSize(3);
        assertThat(read.dimensions().get(0).sparse()).isFalse();
        assertThat(read.dimensions().get(0).denseSize()).isEqualTo(300);
        assertThat(read.dimensions().get(1).sparse()).isTrue();
        assertThat(read.dimensions().get(1).segments()).isEqualTo(segments);
        assertThat(read.dimensions().get(1).indices()).isEqualTo(wide);
        assertThat(read.dimensions().get(2).denseSize()).isEqualTo(2);
        assertThat(spec.data().remaining()).isEqualTo(600 * 4);
        assertThat(spec.data().order(ByteOrder.LITTLE_ENDIAN).getFloat(4 * 599)).isEqualTo(599f);
    }
}
