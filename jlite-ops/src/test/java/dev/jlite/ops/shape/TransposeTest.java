package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.count;
import static dev.jlite.ops.shape.Oracle.random;

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
    void randomPermutationsUpToSixDimensionsMatchTfLite() {
        for (int rank = 1; rank <= 6; rank++) {
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
