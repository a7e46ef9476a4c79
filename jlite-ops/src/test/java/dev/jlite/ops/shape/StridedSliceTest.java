package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.count;
import static dev.jlite.ops.shape.Oracle.random;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ReshapeOptions;
import org.tensorflow.lite.schema.StridedSliceOptions;

class StridedSliceTest {
    private final Random random = new Random(45);

    /** A slice: begin, end, strides and the five masks. */
    record Slice(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int ellipsisMask,
            int newAxisMask, int shrinkMask) {
        Slice(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int shrinkMask) {
            this(begin, end, strides, beginMask, endMask, 0, 0, shrinkMask);
        }
    }

    /**
     * A STRIDED_SLICE model; its index inputs are constants or (runtime) model inputs of {@code indexType}, and
     * when {@code reshapeTo} is not null a RESHAPE to that shape follows.
     */
    private static ByteBuffer model(DataType type, int[] in, Slice s, DataType indexType, boolean runtime,
            int[] reshapeTo) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.STRIDED_SLICE);
        b.input(type, in);
        for (int[] v : new int[][] {s.begin(), s.end(), s.strides()}) {
            if (runtime) {
                b.input(indexType, v.length);
            } else {
                b.constant(indexType, new int[] {v.length}, indexType == DataType.INT32 ? v : PadTest.longs(v));
            }
        }
        b.options(BuiltinOptions.StridedSliceOptions, fbb -> StridedSliceOptions.createStridedSliceOptions(fbb,
                s.beginMask(), s.endMask(), s.ellipsisMask(), s.newAxisMask(), s.shrinkMask(), false));
        if (reshapeTo == null) {
            b.output(type, 1);
        } else {
            int sliced = b.intermediate(type, 1);
            b.addOperator(BuiltinOperator.RESHAPE).use(sliced);
            b.options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
                    ReshapeOptions.createNewShapeVector(fbb, reshapeTo)));
            b.output(type, reshapeTo);
        }
        return b.build();
    }

    private static ByteBuffer model(DataType type, int[] in, Slice s) {
        return model(type, in, s, DataType.INT32, false, null);
    }

    /** A random slice of up to {@code rank} entries with indices and strides beyond the bounds now and then. */
    private Slice randomSlice(int[] shape) {
        int rank = shape.length;
        int entries = 1 + random.nextInt(rank);
        int[] begin = new int[entries];
        int[] end = new int[entries];
        int[] strides = new int[entries];
        int beginMask = random.nextInt(1 << entries);
        int endMask = random.nextInt(1 << entries);
        int shrinkMask = random.nextInt(4) == 0 ? random.nextInt(1 << entries) : 0;
        for (int i = 0; i < entries; i++) {
            int n = shape[i];
            begin[i] = random.nextInt(2 * n + 3) - n - 1;
            end[i] = random.nextInt(2 * n + 3) - n - 1;
            strides[i] = (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(3));
            if ((shrinkMask & (1 << i)) != 0) {
                // TensorFlow Lite 2.6 writes past its output for shrunk axes with an end mask or negative stride.
                strides[i] = 1;
                endMask &= ~(1 << i);
            }
        }
        return new Slice(begin, end, strides, beginMask, endMask, shrinkMask);
    }

    @Test
    void randomSlicesUpToFiveDimensionsMatchTfLite() {
        for (int rank = 1; rank <= 5; rank++) {
            for (int k = 0; k < 40; k++) {
                int[] shape = new int[rank];
                for (int d = 0; d < rank; d++) {
                    shape[d] = 1 + random.nextInt(rank > 3 ? 4 : 6);
                }
                Slice s = randomSlice(shape);
                Oracle.assertSame(model(DataType.FLOAT32, shape, s), random(DataType.FLOAT32, count(shape), random));
            }
        }
    }

    @Test
    void int64IndicesRuntimeIndicesAndTypes() {
        int[] shape = {3, 4, 5};
        for (int k = 0; k < 10; k++) {
            Slice s = randomSlice(shape);
            Object data = random(DataType.FLOAT32, 60, random);
            ByteBuffer reference = model(DataType.FLOAT32, shape, s);
            Oracle.assertSameAs(model(DataType.FLOAT32, shape, s, DataType.INT64, false, null), reference, data);
            Oracle.assertSameAs(model(DataType.FLOAT32, shape, s, DataType.INT32, true, null), reference,
                    new Object[] {data, s.begin(), s.end(), s.strides()}, new Object[] {data});
        }
        Slice s = new Slice(new int[] {2, -1}, new int[] {0, 0}, new int[] {-1, -2}, 0, 2, 0);
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8,
            DataType.INT16, DataType.BOOL}) {
            Oracle.assertSame(model(type, shape, s), random(type, 60, random));
        }
    }

    @Test
    void ellipsisAndNewAxisMatchTheirCanonicalSlice() {
        int[] shape = {2, 3, 4, 5};
        // {slice with ellipsis / new axes, canonical slice, shape of the result}
        Object[][] cases = {
            {new Slice(new int[] {0, 1}, new int[] {0, 3}, new int[] {1, 1}, 0, 0, 1, 0, 0),
                new Slice(new int[] {0, 0, 0, 1}, new int[] {0, 0, 0, 3}, new int[] {1, 1, 1, 1}, 7, 7, 0),
                new int[] {2, 3, 4, 2}},
            {new Slice(new int[] {0, 0, 0}, new int[] {1, 0, 0}, new int[] {1, 1, -1}, 4, 4, 2, 0, 1),
                new Slice(new int[] {0, 0, 0, 0}, new int[] {1, 0, 0, 0}, new int[] {1, 1, 1, -1}, 14, 14, 1),
                new int[] {3, 4, 5}},
            {new Slice(new int[] {0, 1, 0, 0}, new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, 2}, 8, 10, 4, 1, 0),
                new Slice(new int[] {1, 0, 0, 0}, new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, 2}, 14, 15, 0),
                new int[] {1, 1, 3, 4, 3}},
            {new Slice(new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}, 0, 0, 1, 2, 0),
                new Slice(new int[] {0}, new int[] {0}, new int[] {1}, 1, 1, 0), new int[] {2, 3, 4, 5, 1}},
            {new Slice(new int[] {0, 0, 0, -1}, new int[] {1, 0, 0, 0}, new int[] {1, 1, 1, 1}, 0, 0, 4, 2, 9),
                new Slice(new int[] {0, 0, 0, -1}, new int[] {1, 0, 0, 0}, new int[] {1, 1, 1, 1}, 6, 6, 9),
                new int[] {1, 3, 4}},
            {new Slice(new int[] {1, 0, 0}, new int[] {2, 0, 0}, new int[] {1, 1, 1}, 0, 0, 0, 6, 0),
                new Slice(new int[] {1}, new int[] {2}, new int[] {1}, 0, 0, 0), new int[] {1, 1, 1, 3, 4, 5}},
        };
        for (Object[] c : cases) {
            Object data = random(DataType.FLOAT32, count(shape), random);
            int[] result = (int[]) c[2];
            Oracle.assertSameAs(model(DataType.FLOAT32, shape, (Slice) c[0]),
                    model(DataType.FLOAT32, shape, (Slice) c[1], DataType.INT32, false, result), data);
        }
    }

    @Test
    void badSlicesAreRejected() {
        float[] data = new float[12];
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0}, new int[] {2}, new int[] {0}, 0, 0, 0)), data);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {1, 1, 1, 1, 3, 4},
                new Slice(new int[] {0}, new int[] {2}, new int[] {1}, 0, 0, 0)), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0, 0, 0}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 0, 0, 0)), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0, 0}, new int[] {1, 1}, new int[] {1, 1}, 0, 0, 3, 0, 0)), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0, 0}, new int[] {1}, new int[] {1, 1}, 0, 0, 0)), data);
    }
}
