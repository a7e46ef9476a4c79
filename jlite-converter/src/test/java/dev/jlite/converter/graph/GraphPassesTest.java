package dev.jlite.converter.graph;

import static dev.jlite.converter.GraphDefsAccess.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.converter.ir.Constant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TensorFlow-level passes: identity removal, shape inference, constant folding. */
class GraphPassesTest {
    static TfGraph graph(org.tensorflow.proto.GraphDef def, String feed, int[] shape, String... fetches) {
        TfGraph g = TfGraph.of(def);
        g.feeds.add(feed);
        g.node(feed).setOutputs(new DataType[] {DataType.FLOAT32}, new int[][] {shape});
        for (String f : fetches) {
            g.fetches.add(TfGraph.normalize(f));
        }
        g.prune();
        return g;
    }

    @Test
    void identitiesAndTrainingOnlyNodesAreRemovedAndConsumersRewired() {
        var def = builder().placeholder("x", 2).op("id", "Identity", in("x")).op("sg", "StopGradient", in("id"))
                .op("idn", "IdentityN", in("x", "sg")).op("y", "Relu", in("idn:1"))
                .op("out", "Identity", in("y")).build();
        TfGraph g = graph(def, "x", new int[] {2}, "out");
        assertThat(IdentityRemoval.run(g)).isEqualTo(4);
        assertThat(g.node("y").inputs()).containsExactly("x:0");
        assertThat(g.fetches()).containsExactly("y:0");
    }

    @Test
    void shapesOfWindowsMatMulBroadcastAndReshape() {
        var def = builder().placeholder("x", 1, 9, 9, 3).constant("w", new float[5 * 5 * 3 * 8], 5, 5, 3, 8)
                .op("same", "Conv2D", in("x", "w"), "strides", ints(1, 2, 2, 1), "padding", s("SAME"))
                .op("valid", "Conv2D", in("x", "w"), "strides", ints(1, 2, 2, 1), "padding", s("VALID"))
                .op("dil", "Conv2D", in("x", "w"), "strides", ints(1, 1, 1, 1), "padding", s("VALID"),
                        "dilations", ints(1, 2, 2, 1))
                .op("pool", "MaxPool", in("x"), "ksize", ints(1, 3, 3, 1), "strides", ints(1, 2, 2, 1),
                        "padding", s("VALID"))
                .ints("shape", new int[] {-1, 27}, 2)
                .op("flat", "Reshape", in("x", "shape"), "Tshape", type(org.tensorflow.proto.DataType.DT_INT32))
                .constant("m", new float[27 * 4], 4, 27)
                .op("mm", "MatMul", in("flat", "m"), "transpose_b", b(true))
                .constant("row", new float[4], 1, 4).op("bc", "AddV2", in("mm", "row")).build();
        TfGraph g = graph(def, "x", new int[] {1, 9, 9, 3}, "same", "valid", "dil", "pool", "bc");
        Propagation.run(g);
        assertThat(g.node("same").shape(0)).containsExactly(1, 5, 5, 8);
        assertThat(g.node("valid").shape(0)).containsExactly(1, 3, 3, 8);
        assertThat(g.node("dil").shape(0)).containsExactly(1, 1, 1, 8);
        assertThat(g.node("pool").shape(0)).containsExactly(1, 4, 4, 3);
        assertThat(g.node("flat").shape(0)).containsExactly(9, 27);
        assertThat(g.node("bc").shape(0)).containsExactly(9, 4);
    }

    @Test
    void shapeArithmeticFoldsToConstants() {
        var def = builder().placeholder("x", 2, 3, 4)
                .op("shape", "Shape", in("x"), "out_type", type(org.tensorflow.proto.DataType.DT_INT32))
                .ints("b0", new int[] {1}, 1).ints("b1", new int[] {3}, 1).ints("one", new int[] {1}, 1)
                .op("hw", "StridedSlice", in("shape", "b0", "b1", "one"), "T",
                        type(org.tensorflow.proto.DataType.DT_INT32), "Index",
                        type(org.tensorflow.proto.DataType.DT_INT32))
                .ints("ax", new int[] {0})
                .op("prod", "Prod", in("hw", "ax"), "T", type(org.tensorflow.proto.DataType.DT_INT32), "Tidx",
                        type(org.tensorflow.proto.DataType.DT_INT32))
                .ints("two", new int[] {2})
                .op("packed", "Pack", in("two", "prod"), "T", type(org.tensorflow.proto.DataType.DT_INT32), "N", i(2))
                .op("r", "Reshape", in("x", "packed"), "Tshape", type(org.tensorflow.proto.DataType.DT_INT32))
                .op("z", "ZerosLike", in("r")).build();
        TfGraph g = graph(def, "x", new int[] {2, 3, 4}, "r", "z");
        assertThat(Propagation.run(g)).isEqualTo(5); // shape, hw, prod, packed, z
        Constant packed = g.node("packed").value();
        assertThat(packed.type()).isEqualTo(DataType.INT32);
        assertThat(packed.ints()).containsExactly(2, 12);
        assertThat(g.node("r").op()).isEqualTo("Reshape");
        assertThat(g.node("r").shape(0)).containsExactly(2, 12);
        assertThat(g.node("z").value().floats()).hasSize(24).containsOnly(0f);
        assertThat(List.of(g.node("x").op())).containsExactly("Placeholder");
    }
}
