package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.count;
import static dev.jlite.ops.shape.Oracle.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransposeTest {
    private final Random random = new Random(39);

    private static ByteBuffer model(DataType type, int[] in, int[] perm, boolean runtime) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.TRANSPOSE);
        b.input(type, in);
        if (runtime) {
            b.input(DataType.INT32, perm.length);
        } else {
            b.constant(DataType.INT32, new int[] {perm.length}, perm);
        }
        b.output(type, 1);
        return b.build();
    }

    private int[] randomShape(int rank) {
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + random.nextInt(rank > 4 ? 3 : 5);
        }
        return shape;
    }

    private int[] randomPerm(int rank) {
        List<Integer> p = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            p.add(d);
        }
        Collections.shuffle(p, random);
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void randomPermutationsUpToFiveDimensionsMatchTfLite() {
        for (int rank = 1; rank <= 5; rank++) {
            for (int k = 0; k < 8; k++) {
                int[] shape = randomShape(rank);
                int[] perm = randomPerm(rank);
                Oracle.assertSame(model(DataType.FLOAT32, shape, perm, false),
                        random(DataType.FLOAT32, count(shape), random));
            }
        }
        // The usual layout changes.
        Oracle.assertSame(model(DataType.FLOAT32, new int[] {1, 8, 9, 16}, new int[] {0, 3, 1, 2}, false),
                random(DataType.FLOAT32, 8 * 9 * 16, random));
        Oracle.assertSame(model(DataType.FLOAT32, new int[] {2, 16, 8, 9}, new int[] {0, 2, 3, 1}, false),
                random(DataType.FLOAT32, 2 * 16 * 8 * 9, random));
    }

    /** TensorFlow Lite 2.6 stops at five dimensions; six are checked against a direct index computation. */
    @Test
    void sixDimensionsMatchTheDefinition() {
        for (int k = 0; k < 10; k++) {
            int[] shape = randomShape(6);
            int[] perm = randomPerm(6);
            float[] data = (float[]) random(DataType.FLOAT32, count(shape), random);
            int[] outShape = new int[6];
            for (int i = 0; i < 6; i++) {
                outShape[i] = shape[perm[i]];
            }
            int[] inStrides = new int[6];
            for (int d = 5, s = 1; d >= 0; s *= shape[d], d--) {
                inStrides[d] = s;
            }
            float[] expected = new float[data.length];
            int[] index = new int[6];
            for (int o = 0; o < expected.length; o++) {
                int rest = o;
                int src = 0;
                for (int i = 5; i >= 0; i--) {
                    index[i] = rest % outShape[i];
                    rest /= outShape[i];
                    src += index[i] * inStrides[perm[i]];
                }
                expected[o] = data[src];
            }
            Oracle.Output out = Oracle.jlite(model(DataType.FLOAT32, shape, perm, false), data)[0];
            assertThat(out.shape()).containsExactly(outShape);
            assertThat((float[]) out.data()).containsExactly(expected);
        }
    }

    @Test
    void everyTypeAndARuntimePermutation() {
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8,
            DataType.INT16, DataType.BOOL}) {
            Oracle.assertSame(model(type, new int[] {2, 3, 4}, new int[] {2, 0, 1}, false), random(type, 24, random));
        }
        for (int k = 0; k < 5; k++) {
            int[] shape = randomShape(4);
            int[] perm = randomPerm(4);
            Object data = random(DataType.FLOAT32, count(shape), random);
            Oracle.assertSameAs(model(DataType.FLOAT32, shape, perm, true), model(DataType.FLOAT32, shape, perm, false),
                    new Object[] {data, perm}, new Object[] {data});
        }
    }

    @Test
    void badPermutationsAreRejected() {
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {2, 3}, new int[] {0, 2}, false), new float[6]);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {2, 3}, new int[] {1, 0, 2}, false), new float[6]);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {2, 3}, new int[] {1, 1}, false), new float[6]);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {2, 3}, new int[] {-1, 0}, false), new float[6]);
        int[] seven = {1, 2, 1, 2, 1, 2, 1};
        Oracle.assertRejected(model(DataType.FLOAT32, seven, new int[] {6, 5, 4, 3, 2, 1, 0}, false), new float[8]);
    }
}
