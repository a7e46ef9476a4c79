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
import org.tensorflow.lite.schema.StridedSliceOptions;

class StridedSliceTest {
    private final Random random = new Random(45);

    /** A slice: begin, end, strides and the five masks. */
    record Slice(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int ellipsisMask,
            int newAxisMask, int shrinkMask) {
        Slice(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int shrinkMask) {
            this(begin, end, strides, beginMask, endMask, 0, 0, shrinkMask);
        }

        @Override
        public String toString() {
            return "begin " + java.util.Arrays.toString(begin) + " end " + java.util.Arrays.toString(end)
                    + " strides " + java.util.Arrays.toString(strides) + " masks begin " + beginMask + " end "
                    + endMask + " ellipsis " + ellipsisMask + " new " + newAxisMask + " shrink " + shrinkMask;
        }
    }

    /** A STRIDED_SLICE model; its index inputs are constants or (runtime) model inputs of {@code indexType}. */
    private static ByteBuffer model(DataType type, int[] in, Slice s, DataType indexType, boolean runtime) {
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
        b.output(type, 1);
        return b.build();
    }

    private static ByteBuffer model(DataType type, int[] in, Slice s) {
        return model(type, in, s, DataType.INT32, false);
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
                // TensorFlow Lite 2.6 reads past the dimension for a shrunk index out of range and writes nothing
                // for a negative stride there.
                begin[i] = random.nextInt(2 * n) - n;
                strides[i] = 1 + random.nextInt(2);
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
            Oracle.assertSameAs(model(DataType.FLOAT32, shape, s, DataType.INT64, false), reference, data);
            Oracle.assertSameAs(model(DataType.FLOAT32, shape, s, DataType.INT32, true), reference,
                    new Object[] {data, s.begin(), s.end(), s.strides()}, new Object[] {data});
        }
        Slice s = new Slice(new int[] {2, -1}, new int[] {0, 0}, new int[] {-1, -2}, 0, 2, 0);
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT8,
            DataType.INT16, DataType.BOOL}) {
            Oracle.assertSame(model(type, shape, s), random(type, 60, random));
        }
    }

    @Test
    void ellipsisAndNewAxisMatchTfLite() {
        int[] shape = {2, 3, 4, 5};
        Slice[] cases = {
            new Slice(new int[] {0, 1}, new int[] {0, 3}, new int[] {1, 1}, 0, 0, 1, 0, 0),
            new Slice(new int[] {0, 0, 0}, new int[] {1, 0, 0}, new int[] {1, 1, -1}, 4, 4, 2, 0, 1),
            new Slice(new int[] {0, 1, 0, 0}, new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, 2}, 8, 10, 4, 1, 0),
            new Slice(new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}, 0, 0, 1, 2, 0),
            new Slice(new int[] {0, 0, 0, -1}, new int[] {1, 0, 0, 0}, new int[] {1, 1, 1, 1}, 0, 0, 4, 2, 9),
            // An entry marked both ellipsis and new axis is an ellipsis.
            new Slice(new int[] {1, 0}, new int[] {2, 0}, new int[] {1, 1}, 0, 0, 2, 2, 0),
        };
        for (Slice c : cases) {
            Oracle.assertSame(model(DataType.FLOAT32, shape, c), random(DataType.FLOAT32, count(shape), random));
        }
    }

    @Test
    void randomEllipsisAndNewAxisMasksMatchTfLite() {
        for (int k = 0; k < 120; k++) {
            int rank = 1 + random.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + random.nextInt(5);
            }
            int entries = 1 + random.nextInt(rank + 1);
            int ellipsis = random.nextInt(3) == 0 ? 0 : 1 << random.nextInt(entries);
            int newAxis = 0;
            int regular = 0;
            for (int i = 0; i < entries; i++) {
                if ((ellipsis & (1 << i)) != 0) {
                    continue;
                }
                if (random.nextInt(3) == 0 && rank + Integer.bitCount(newAxis) < 5) {
                    newAxis |= 1 << i;
                } else {
                    regular++;
                }
            }
            if (regular > rank) {
                continue;
            }
            int[] begin = new int[entries];
            int[] end = new int[entries];
            int[] strides = new int[entries];
            int shrink = random.nextInt(3) == 0 ? random.nextInt(1 << entries) : 0;
            for (int i = 0; i < entries; i++) {
                begin[i] = random.nextInt(15) - 7;
                end[i] = random.nextInt(15) - 7;
                strides[i] = (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(2));
                if ((shrink & (1 << i)) != 0) {
                    begin[i] = -random.nextInt(2);
                    strides[i] = 1;
                }
            }
            Slice s = new Slice(begin, end, strides, random.nextInt(1 << entries), random.nextInt(1 << entries),
                    ellipsis, newAxis, shrink);
            try {
                Oracle.assertSame(model(DataType.FLOAT32, shape, s), random(DataType.FLOAT32, count(shape), random));
            } catch (AssertionError e) {
                throw new AssertionError("input " + java.util.Arrays.toString(shape) + ", " + s, e);
            }
        }
    }

    @Test
    void entriesBeyondTheLastDimensionAreIgnoredAsInTfLite() {
        Oracle.assertSame(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {1, 0, 0}, new int[] {3, 3, 1}, new int[] {1, 2, 1}, 0, 0, 0)),
                random(DataType.FLOAT32, 12, random));
        // An ellipsis covers one dimension even when the other entries already name every dimension.
        Oracle.assertSame(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0, 1, 0}, new int[] {0, 3, 1}, new int[] {1, 1, 1}, 0, 0, 1, 0, 0)),
                random(DataType.FLOAT32, 12, random));
    }

    @Test
    void shrinkWithANegativeStrideTakesTheElementAtBegin() {
        float[] data = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Oracle.Output out = Oracle.jlite(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {-2, 3}, new int[] {0, 0}, new int[] {-1, -1}, 0, 2, 1)), data)[0];
        org.assertj.core.api.Assertions.assertThat(out.shape()).containsExactly(4);
        org.assertj.core.api.Assertions.assertThat((float[]) out.data()).containsExactly(7, 6, 5, 4);
    }

    @Test
    void badSlicesAreRejected() {
        float[] data = new float[12];
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0}, new int[] {2}, new int[] {0}, 0, 0, 0)), data);
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {1, 1, 1, 1, 3, 4},
                new Slice(new int[] {0}, new int[] {2}, new int[] {1}, 0, 0, 0)), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0, 0}, new int[] {1, 1}, new int[] {1, 1}, 0, 0, 3, 0, 0)), data);
        // Five dimensions plus a new axis.
        Oracle.assertBothReject(model(DataType.FLOAT32, new int[] {1, 1, 1, 3, 4},
                new Slice(new int[] {0}, new int[] {0}, new int[] {1}, 0, 0, 0, 1, 0)), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0, 0}, new int[] {1}, new int[] {1, 1}, 0, 0, 0)), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {3}, new int[] {4}, new int[] {1}, 0, 0, 1)), data);
        Oracle.assertRejected(model(DataType.FLOAT32, new int[] {3, 4},
                new Slice(new int[] {0, -5}, new int[] {1, 0}, new int[] {1, 1}, 0, 0, 2)), data);
    }
}
