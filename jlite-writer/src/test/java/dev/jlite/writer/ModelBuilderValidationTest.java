package dev.jlite.writer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link ModelBuilder} and {@link SubgraphBuilder} refuse, with messages that say why. */
class ModelBuilderValidationTest {

    @Test
    void constantDataMustMatchTypeAndShape() {
        SubgraphBuilder g = new ModelBuilder().subgraph("main");
        assertThatThrownBy(() -> g.constant("c", DataType.FLOAT32, new int[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values given")
                .hasMessageContaining("holds 4");
        assertThatThrownBy(() -> g.constant("c", DataType.FLOAT32, new int[] {2}, new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int[]");
        assertThatThrownBy(() -> g.constant("c", DataType.INT8, new int[] {2}, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.constant("c", DataType.INT32, new int[] {2}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.constant("c", DataType.RESOURCE, new int[] {1}, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.tensor("t", DataType.FLOAT32, 1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shapeSignature");
    }

    @Test
    void tensorIndicesMustExist() {
        SubgraphBuilder g = new ModelBuilder().subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 2);
        int c = g.constant("c", DataType.FLOAT32, new int[] {2}, new float[2]);
        assertThatThrownBy(() -> g.output(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor index 5 out of range");
        assertThatThrownBy(() -> g.operator(BuiltinOperator.RELU, new int[] {x, 7}, new int[] {x}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.operator(BuiltinOperator.RELU, new int[] {x}, new int[] {-1}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.operator(BuiltinOperator.RELU, new int[] {x}, new int[] {c}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a constant");
        assertThatThrownBy(() -> g.operator(BuiltinOperator.CUSTOM, new int[] {x}, new int[] {x}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.operator(BuiltinOperator.RELU, 0, new int[] {x}, new int[] {x}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.customOperator("", new int[] {x}, new int[] {x}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.variable(c)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantizationAndSignaturesMustFitTheTensor() {
        SubgraphBuilder g = new ModelBuilder().subgraph("main");
        int w = g.tensor("w", DataType.INT8, 3, 2);
        assertThatThrownBy(() -> g.quantize(w, new float[] {1, 2}, new long[] {0, 0}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 3");
        assertThatThrownBy(() -> g.quantize(w, new float[] {1, 2, 3}, new long[] {0, 0}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.quantize(w, new float[] {1, 2}, new long[] {0, 0}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantized dimension 2");
        assertThatThrownBy(() -> g.quantizationRange(w, new float[] {0}, new float[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.shapeSignature(w, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rank");
        assertThatThrownBy(() -> g.shapeSignature(w, 4, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 0");
    }

    @Test
    void modelLevelChecksHappenAtBuild() {
        assertThatThrownBy(() -> new ModelBuilder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one subgraph");
        ModelBuilder badSubgraph = new ModelBuilder();
        badSubgraph.subgraph("main").input("x", DataType.FLOAT32, 1);
        badSubgraph.signature("s", 1, Map.of(), Map.of());
        assertThatThrownBy(badSubgraph::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subgraph index 1");
        ModelBuilder badTensor = new ModelBuilder();
        badTensor.subgraph("main").input("x", DataType.FLOAT32, 1);
        badTensor.signature("s", 0, Map.of("x", 3), Map.of());
        assertThatThrownBy(badTensor::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' maps to tensor 3");
        assertThatThrownBy(() -> badTensor.signature("s", 0, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already defined");
        ModelBuilder metadata = new ModelBuilder().metadata("m", new byte[1]);
        assertThatThrownBy(() -> metadata.metadata("m", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
