package dev.jlite.ops.shape;

import static dev.jlite.ops.shape.Oracle.count;
import static dev.jlite.ops.shape.Oracle.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ResizeBilinearOptions;
import org.tensorflow.lite.schema.ResizeNearestNeighborOptions;

class ResizeTest {
    private static final double TOLERANCE = 1e-5;
    private final Random random = new Random(23);

    private static ByteBuffer model(BuiltinOperator op, DataType type, int[] in, int[] size, boolean align,
            boolean half, boolean runtime) {
        OpModelBuilder b = new OpModelBuilder(op);
        b.input(type, in);
        if (runtime) {
            b.input(DataType.INT32, size.length);
        } else {
            b.constant(DataType.INT32, new int[] {size.length}, size);
        }
        if (op == BuiltinOperator.RESIZE_BILINEAR) {
            b.options(BuiltinOptions.ResizeBilinearOptions,
                    fbb -> ResizeBilinearOptions.createResizeBilinearOptions(fbb, align, half));
        } else {
            b.options(BuiltinOptions.ResizeNearestNeighborOptions,
                    fbb -> ResizeNearestNeighborOptions.createResizeNearestNeighborOptions(fbb, align, half));
        }
        b.output(type, 1);
        return b.build();
    }

    private static final boolean[][] BILINEAR_OPTIONS = {{false, false}, {true, false}, {false, true}};
    private static final boolean[][] NEAREST_OPTIONS = {{false, false}, {true, false}, {false, true}, {true, true}};

    private int[][] randomCase() {
        int[] in = {1 + random.nextInt(2), 1 + random.nextInt(7), 1 + random.nextInt(7), 1 + random.nextInt(5)};
        int[] size = {1 + random.nextInt(15), 1 + random.nextInt(15)};
        return new int[][] {in, size};
    }

    @Test
    void bilinearMatchesTfLiteForEveryOptionUpAndDown() {
        for (boolean[] o : BILINEAR_OPTIONS) {
            for (int k = 0; k < 25; k++) {
                int[][] c = randomCase();
                Oracle.assertClose(model(BuiltinOperator.RESIZE_BILINEAR, DataType.FLOAT32, c[0], c[1], o[0], o[1],
                        false), TOLERANCE, random(DataType.FLOAT32, count(c[0]), random));
            }
            // Exact factors, including TensorFlow Lite's special-cased 2x upsampling.
            for (int[][] c : new int[][][] {{{1, 4, 5, 3}, {8, 10}}, {{2, 8, 8, 2}, {4, 4}}, {{1, 3, 3, 1}, {3, 3}},
                {{1, 1, 1, 4}, {5, 2}}, {{1, 5, 4, 2}, {1, 1}}}) {
                Oracle.assertClose(model(BuiltinOperator.RESIZE_BILINEAR, DataType.FLOAT32, c[0], c[1], o[0], o[1],
                        false), TOLERANCE, random(DataType.FLOAT32, count(c[0]), random));
            }
        }
    }

    @Test
    void bilinearLargeUpscaleOnSeveralThreads() {
        int[] in = {1, 64, 64, 39};
        int[] size = {256, 256};
        float[] data = (float[]) random(DataType.FLOAT32, count(in), random);
        for (boolean[] o : BILINEAR_OPTIONS) {
            ByteBuffer m = model(BuiltinOperator.RESIZE_BILINEAR, DataType.FLOAT32, in, size, o[0], o[1], false);
            Oracle.Output[] expected = Oracle.official(m, data);
            Oracle.assertClose(Oracle.jlite(m, data), expected, TOLERANCE);
            Oracle.assertClose(Oracle.jlite(m, new Interpreter.Options().setNumThreads(3), data), expected,
                    TOLERANCE);
        }
    }

    @Test
    void bilinearVectorPathsMatchTfLiteWithAndWithoutSimd() {
        // Depth a multiple of the vector length: the horizontal pass runs vectors per pixel too.
        for (int[][] c : new int[][][] {{{1, 17, 13, 16}, {40, 30}}, {{2, 9, 6, 24}, {5, 11}}}) {
            float[] data = (float[]) random(DataType.FLOAT32, count(c[0]), random);
            for (boolean[] o : BILINEAR_OPTIONS) {
                ByteBuffer m = model(BuiltinOperator.RESIZE_BILINEAR, DataType.FLOAT32, c[0], c[1], o[0], o[1], false);
                Oracle.Output[] expected = Oracle.official(m, data);
                for (boolean simd : new boolean[] {true, false}) {
                    Oracle.assertClose(Oracle.jlite(m, new Interpreter.Options().setUseSimd(simd), data), expected,
                            TOLERANCE);
                }
            }
        }
    }

    @Test
    void bilinearPixelPairsMatchTheScalarPassBitForBit() {
        // Half a vector of channels (8 with 512-bit vectors, 4 with 256-bit): two pixels per vector in the horizontal
        // pass. Odd output widths leave a last pixel, downscaling skips source pixels, and an input at the start of
        // the arena makes the first pairs' loads start before the array (they fall back to the scalar loop).
        for (int depth : new int[] {8, 4}) {
            for (int[][] c : new int[][][] {{{1, 5, 7, depth}, {11, 13}}, {{2, 9, 6, depth}, {4, 3}},
                {{1, 17, 13, depth}, {40, 30}}, {{1, 4, 4, depth}, {8, 8}}}) {
                float[] data = (float[]) random(DataType.FLOAT32, count(c[0]), random);
                for (boolean[] o : BILINEAR_OPTIONS) {
                    ByteBuffer m = model(BuiltinOperator.RESIZE_BILINEAR, DataType.FLOAT32, c[0], c[1], o[0], o[1],
                            false);
                    Oracle.Output[] simd = Oracle.jlite(m, new Interpreter.Options().setUseSimd(true), data);
                    Oracle.Output[] scalar = Oracle.jlite(m, new Interpreter.Options().setUseSimd(false), data);
                    assertThat((float[]) simd[0].data()).as("depth %d, %s", depth, Arrays.toString(c[1]))
                            .containsExactly((float[]) scalar[0].data());
                    Oracle.assertClose(simd, Oracle.official(m, data), TOLERANCE);
                }
            }
        }
    }

    @Test
    void runtimeSizeGivesTheConstantSizeResult() {
        for (int k = 0; k < 5; k++) {
            int[][] c = randomCase();
            float[] data = (float[]) random(DataType.FLOAT32, count(c[0]), random);
            for (BuiltinOperator op : new BuiltinOperator[] {BuiltinOperator.RESIZE_BILINEAR,
                BuiltinOperator.RESIZE_NEAREST_NEIGHBOR}) {
                ByteBuffer dynamic = model(op, DataType.FLOAT32, c[0], c[1], false, true, true);
                ByteBuffer constant = model(op, DataType.FLOAT32, c[0], c[1], false, true, false);
                Oracle.assertClose(Oracle.jlite(dynamic, data, c[1]), Oracle.official(constant, data), TOLERANCE);
            }
        }
    }

    @Test
    void nearestNeighborMatchesTfLiteExactly() {
        for (boolean[] o : NEAREST_OPTIONS) {
            for (int k = 0; k < 25; k++) {
                int[][] c = randomCase();
                Oracle.assertSame(model(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, DataType.FLOAT32, c[0], c[1], o[0],
                        o[1], false), random(DataType.FLOAT32, count(c[0]), random));
            }
            for (DataType type : new DataType[] {DataType.UINT8, DataType.INT8, DataType.INT16}) {
                for (int k = 0; k < 4; k++) {
                    int[][] c = randomCase();
                    Oracle.assertSame(model(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, type, c[0], c[1], o[0], o[1],
                            false), random(type, count(c[0]), random));
                }
            }
        }
    }

    @Test
    void badSizesAndOptionsAreRejected() {
        float[] data = new float[16];
        for (BuiltinOperator op : new BuiltinOperator[] {BuiltinOperator.RESIZE_BILINEAR,
            BuiltinOperator.RESIZE_NEAREST_NEIGHBOR}) {
            // TensorFlow Lite 2.6 reads the first two of three sizes; jlite wants exactly two.
            Oracle.assertRejected(model(op, DataType.FLOAT32, new int[] {1, 4, 4, 1}, new int[] {2, 2, 2}, false,
                    false, false), data);
            Oracle.assertBothReject(model(op, DataType.FLOAT32, new int[] {4, 4, 1}, new int[] {2, 2}, false,
                    false, false), data);
            Oracle.assertRejected(model(op, DataType.FLOAT32, new int[] {1, 4, 4, 1}, new int[] {0, 2}, false,
                    false, false), data);
            Oracle.assertRejected(model(op, DataType.FLOAT32, new int[] {1, 4, 4, 1}, new int[] {3, -2}, false,
                    false, true), data, new int[] {3, -2});
        }
        Oracle.assertBothReject(model(BuiltinOperator.RESIZE_BILINEAR, DataType.FLOAT32, new int[] {1, 4, 4, 1},
                new int[] {2, 2}, true, true, false), data);
    }
}
