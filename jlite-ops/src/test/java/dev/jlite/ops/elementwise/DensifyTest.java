package dev.jlite.ops.elementwise;

import static dev.jlite.ops.elementwise.OpRuns.jlite;
import static dev.jlite.ops.elementwise.OpRuns.size;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.ModelFormatException;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.ops.elementwise.SparseModels.Encoding;
import dev.jlite.ops.elementwise.SparseModels.Level;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.SparseIndexVector;

class DensifyTest {
    private static final float[] DUMMY = {0f};

    /** The 3x4 matrix of the CSR cases. */
    private static final float[] MATRIX = {
        6, 0, 9, 8,
        0, 0, 0, 0,
        5, 0, 0, 7
    };

    private static byte[] floatBytes(float... v) {
        return SparseModels.valueBytes(DataType.FLOAT32, v);
    }

    @Test
    void handMadeCsrMatrix() {
        ByteBuffer model = SparseModels.densify(DataType.FLOAT32, new int[] {3, 4}, new int[] {0, 1}, null,
                List.of(Level.dense(3), Level.csr(new int[] {0, 3, 3, 5}, new int[] {0, 2, 3, 0, 3})),
                floatBytes(6, 9, 8, 5, 7));
        assertThat(jlite(model, 1, DUMMY).floats()).containsExactly(MATRIX);
        assertThat((float[]) OpRuns.official(model, DUMMY)).containsExactly(MATRIX);
    }

    @Test
    void handMadeColumnMajorCsr() {
        // traversal_order [1, 0]: columns outside, the rows of each column compressed.
        ByteBuffer model = SparseModels.densify(DataType.FLOAT32, new int[] {3, 4}, new int[] {1, 0}, null,
                List.of(Level.dense(4), Level.csr(new int[] {0, 2, 2, 3, 5}, new int[] {0, 2, 0, 0, 2})),
                floatBytes(6, 5, 9, 8, 7));
        assertThat(jlite(model, 1, DUMMY).floats()).containsExactly(MATRIX);
        assertThat((float[]) OpRuns.official(model, DUMMY)).containsExactly(MATRIX);
    }

    @Test
    void handMadeBlockSparseMatrix() {
        float[] dense = {
            1, 0, 2, 3,
            0, 4, 0, 0,
            0, 0, 5, 0,
            0, 0, 6, 7
        };
        // 2x2 blocks; block row 1 only holds block column 1. Each kept block is stored whole, zeros included.
        ByteBuffer model = SparseModels.densify(DataType.FLOAT32, new int[] {4, 4}, new int[] {0, 1, 2, 3},
                new int[] {0, 1},
                List.of(Level.dense(2), Level.csr(new int[] {0, 2, 3}, new int[] {0, 1, 1}), Level.dense(2),
                        Level.dense(2)),
                floatBytes(1, 0, 0, 4, 2, 3, 0, 0, 5, 0, 6, 7));
        assertThat(jlite(model, 1, DUMMY).floats()).containsExactly(dense);
        assertThat((float[]) OpRuns.official(model, DUMMY)).containsExactly(dense);
    }

    /** {shape, traversal order, block map, block sizes, sparse levels}. */
    private static final Object[][] ENCODINGS = {
        {new int[] {5, 7}, new int[] {0, 1}, new int[0], new int[0], new boolean[] {false, true}},
        {new int[] {5, 7}, new int[] {1, 0}, new int[0], new int[0], new boolean[] {false, true}},
        {new int[] {5, 7}, new int[] {0, 1}, new int[0], new int[0], new boolean[] {true, true}},
        {new int[] {5, 7}, new int[] {0, 1}, new int[0], new int[0], new boolean[] {false, false}},
        {new int[] {3, 4, 6}, new int[] {0, 1, 2}, new int[0], new int[0], new boolean[] {false, true, true}},
        {new int[] {3, 4, 6}, new int[] {2, 0, 1}, new int[0], new int[0], new boolean[] {false, true, false}},
        {new int[] {17}, new int[] {0}, new int[0], new int[0], new boolean[] {true}},
        {new int[] {4, 6}, new int[] {0, 1, 2, 3}, new int[] {0, 1}, new int[] {2, 3},
            new boolean[] {false, true, false, false}},
        {new int[] {6, 8}, new int[] {0, 1, 2}, new int[] {1}, new int[] {4}, new boolean[] {false, true, false}},
        {new int[] {6, 8}, new int[] {1, 0, 2}, new int[] {1}, new int[] {4}, new boolean[] {false, true, false}},
        {new int[] {4, 6}, new int[] {0, 1, 3, 2}, new int[] {0, 1}, new int[] {2, 3},
            new boolean[] {true, true, false, false}},
        {new int[] {2, 4, 6}, new int[] {0, 1, 2, 3}, new int[] {2}, new int[] {2},
            new boolean[] {false, false, true, false}}
    };

    private static float[] sparseIntegers(Random random, int n) {
        float[] dense = new float[n];
        for (int i = 0; i < n; i++) {
            dense[i] = random.nextInt(4) == 0 ? random.nextInt(201) - 100 : 0;
        }
        return dense;
    }

    @Test
    void generatedEncodingsDensifyToTheirSourceForEveryTypeAndIndexWidth() {
        Random random = new Random(61);
        byte[] indexTypes = {SparseIndexVector.Int32Vector, SparseIndexVector.Uint16Vector,
            SparseIndexVector.Uint8Vector};
        int checked = 0;
        for (Object[] c : ENCODINGS) {
            int[] shape = (int[]) c[0];
            float[] dense = sparseIntegers(random, size(shape));
            Encoding e = SparseModels.encode(dense, shape, (int[]) c[1], (int[]) c[2], (int[]) c[3],
                    (boolean[]) c[4]);
            byte indexType = indexTypes[checked % indexTypes.length];
            Encoding typed = new Encoding(e.order(), e.blockMap(),
                    e.levels().stream().map(l -> l.withIndexType(indexType)).toList(), e.values());
            String what = java.util.Arrays.deepToString(c);

            ByteBuffer f32 = SparseModels.densify(DataType.FLOAT32, shape, typed);
            assertThat(jlite(f32, 1, DUMMY).floats()).as(what).containsExactly(dense);
            assertThat((float[]) OpRuns.official(f32, DUMMY)).as("official " + what).containsExactly(dense);

            ByteBuffer i8 = SparseModels.densify(DataType.INT8, shape, typed);
            byte[] bytes = (byte[]) jlite(i8, 1, DUMMY).data();
            byte[] official = (byte[]) OpRuns.official(i8, DUMMY);
            for (int i = 0; i < dense.length; i++) {
                assertThat(bytes[i]).as(what + " int8 element " + i).isEqualTo((byte) dense[i]);
            }
            assertThat(bytes).as("official int8 " + what).containsExactly(official);

            ByteBuffer f16 = SparseModels.densify(DataType.FLOAT16, shape, typed);
            short[] halves = (short[]) jlite(f16, 1, DUMMY).data();
            for (int i = 0; i < dense.length; i++) {
                assertThat(halves[i]).as(what + " fp16 element " + i)
                        .isEqualTo(SparseModels.halfOfSmallInteger((int) dense[i]));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(ENCODINGS.length);
    }

    @Test
    void denseOutputFeedsFollowingOperators() {
        // DENSIFY of constant weights is folded at prepare time; its output is then an ordinary constant.
        Random random = new Random(62);
        int[] shape = {5, 7};
        float[] dense = sparseIntegers(random, size(shape));
        Encoding e = SparseModels.encode(dense, shape, new int[] {0, 1}, new int[0], new int[0],
                new boolean[] {false, true});
        OpRuns.Output out = jlite(SparseModels.densify(DataType.FLOAT32, shape, e), 2, DUMMY);
        assertThat(out.shape()).containsExactly(shape);
        assertThat(out.floats()).containsExactly(dense);
    }

    private static void assertRejected(ByteBuffer model, String message) {
        assertThatThrownBy(() -> jlite(model, 1, DUMMY)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(message);
    }

    private static ByteBuffer csr(int[] shape, int[] order, List<Level> levels, float... values) {
        return SparseModels.densify(DataType.FLOAT32, shape, order, null, levels, floatBytes(values));
    }

    @Test
    void inconsistentMetadataIsRejected() {
        int[] shape = {3, 4};
        int[] order = {0, 1};
        assertRejected(csr(shape, order, List.of(Level.dense(3), Level.csr(new int[] {0, 3, 5}, new int[] {0, 2, 3,
            0, 3})), 6, 9, 8, 5, 7), "segments");
        assertRejected(csr(shape, order, List.of(Level.dense(3), Level.csr(new int[] {0, 3, 3, 5}, new int[] {0, 2,
            4, 0, 3})), 6, 9, 8, 5, 7), "index 4");
        assertRejected(csr(shape, order, List.of(Level.dense(3), Level.csr(new int[] {0, 3, 2, 5}, new int[] {0, 2,
            3, 0, 3})), 6, 9, 8, 5, 7), "decrease");
        assertRejected(csr(shape, order, List.of(Level.dense(3), Level.csr(new int[] {0, 3, 3, 5}, new int[] {0, 2,
            3, 0, 3})), 6, 9, 8, 5, 7, 1), "stores 6");
        assertRejected(csr(shape, order, List.of(Level.dense(3), Level.csr(new int[] {1, 3, 3, 5}, new int[] {0, 2,
            3, 0, 3})), 6, 9, 8, 5, 7), "start at 0");
        assertRejected(csr(shape, order, List.of(Level.dense(3), Level.csr(new int[] {0, 3, 3, 4}, new int[] {0, 2,
            3, 0, 3})), 6, 9, 8, 5, 7), "indices");
        assertRejected(csr(shape, order, List.of(Level.dense(2), Level.dense(4)), new float[8]), "dense level 0");
        assertRejected(csr(shape, new int[] {0, 0}, List.of(Level.dense(3), Level.dense(4)), new float[12]),
                "permutation");
        assertRejected(csr(shape, new int[] {0}, List.of(Level.dense(3)), new float[3]), "traversal_order");
        assertRejected(SparseModels.densify(DataType.FLOAT32, new int[] {4, 4}, new int[] {0, 1, 2}, new int[] {1},
                List.of(Level.dense(4), Level.dense(2), Level.dense(3)), floatBytes(new float[24])), "divide");
        assertRejected(SparseModels.densify(DataType.FLOAT32, new int[] {4, 4}, new int[] {0, 1, 2, 3},
                new int[] {1, 0}, List.of(Level.dense(2), Level.dense(2), Level.dense(2), Level.dense(2)),
                floatBytes(new float[16])), "block_map");
        assertRejected(SparseModels.densify(DataType.FLOAT32, new int[] {4, 4}, new int[] {0, 1, 2}, new int[] {1},
                List.of(Level.dense(4), Level.dense(2), Level.csr(new int[] {0, 1, 1, 1, 1, 1, 1, 1, 1},
                        new int[] {0})), floatBytes(1)), "only dense blocks");
    }

    @Test
    void denseOrNonConstantInputsAreRejected() {
        OpModelBuilder constant = new OpModelBuilder(BuiltinOperator.DENSIFY);
        constant.constant(DataType.FLOAT32, new int[] {2}, new float[] {1, 2});
        constant.output(DataType.FLOAT32, 2);
        constant.addOperator(BuiltinOperator.RELU);
        constant.input(DataType.FLOAT32, 1);
        constant.output(DataType.FLOAT32, 1);
        assertRejected(constant.build(), "sparsity");

        OpModelBuilder input = new OpModelBuilder(BuiltinOperator.DENSIFY);
        input.input(DataType.FLOAT32, 2);
        input.output(DataType.FLOAT32, 2);
        assertThatThrownBy(() -> jlite(input.build(), 1, new float[2])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("constant");
    }
}
