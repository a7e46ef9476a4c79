package dev.jlite.ops.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.MirrorPadOptions;
import org.tensorflow.lite.schema.SplitOptions;

/**
 * Positions, sizes and paddings outside what an input holds are errors, never out-of-bounds reads; where TensorFlow
 * Lite 2.6.2 reads out of bounds instead, only jlite's rejection is checked. Also: an output sized while running
 * follows its input's values from run to run.
 */
class IndexBoundsTest {
    private static ByteBuffer gatherNd() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.GATHER_ND);
        b.input(DataType.FLOAT32, 3, 2);
        b.input(DataType.INT32, 2, 1);
        b.output(DataType.FLOAT32, 1);
        return b.build();
    }

    @Test
    void gatherNdIndexOutsideParamsIsRejected() {
        Oracle.assertSame(gatherNd(), new float[] {1, 2, 3, 4, 5, 6}, new int[] {2, 0});
        Oracle.assertRejected(gatherNd(), new float[6], new int[] {3, 0});
        Oracle.assertRejected(gatherNd(), new float[6], new int[] {0, -1});
    }

    @Test
    void embeddingLookupIdOutsideTableIsRejected() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.EMBEDDING_LOOKUP);
        b.input(DataType.INT32, 2);
        b.input(DataType.FLOAT32, 3, 2);
        b.output(DataType.FLOAT32, 2, 2);
        ByteBuffer model = b.build();
        Oracle.assertSame(model, new int[] {2, 0}, new float[] {1, 2, 3, 4, 5, 6});
        Oracle.assertBothReject(model, new int[] {3, 0}, new float[6]);
        Oracle.assertBothReject(model, new int[] {-1, 0}, new float[6]);
    }

    private static ByteBuffer mirrorPad(int pad, boolean symmetric) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.MIRROR_PAD);
        b.input(DataType.FLOAT32, 3);
        b.constant(DataType.INT32, new int[] {1, 2}, new int[] {pad, 0});
        b.options(BuiltinOptions.MirrorPadOptions,
                fbb -> MirrorPadOptions.createMirrorPadOptions(fbb, (byte) (symmetric ? 1 : 0)));
        b.output(DataType.FLOAT32, 1);
        return b.build();
    }

    @Test
    void mirrorPaddingBeyondTheInputIsRejected() {
        float[] in = {1, 2, 3};
        Oracle.assertSame(mirrorPad(2, false), (Object) in);
        Oracle.assertSame(mirrorPad(3, true), (Object) in);
        Oracle.assertRejected(mirrorPad(3, false), (Object) in);
        Oracle.assertRejected(mirrorPad(4, true), (Object) in);
    }

    @Test
    void sliceBoxOutsideTheInputIsRejected() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.SLICE);
        b.input(DataType.FLOAT32, 4);
        b.input(DataType.INT32, 1);
        b.input(DataType.INT32, 1);
        b.output(DataType.FLOAT32, 1);
        ByteBuffer model = b.build();
        Oracle.assertSame(model, new float[] {1, 2, 3, 4}, new int[] {1}, new int[] {-1});
        Oracle.assertRejected(model, new float[4], new int[] {3}, new int[] {2});
        Oracle.assertRejected(model, new float[4], new int[] {-1}, new int[] {1});
    }

    @Test
    void unevenSplitAndTooLargeTopKAreRejectedByBoth() {
        OpModelBuilder split = new OpModelBuilder(BuiltinOperator.SPLIT);
        split.constant(DataType.INT32, new int[0], new int[] {0});
        split.input(DataType.FLOAT32, 5);
        split.options(BuiltinOptions.SplitOptions, fbb -> SplitOptions.createSplitOptions(fbb, 2));
        split.output(DataType.FLOAT32, 1);
        split.output(DataType.FLOAT32, 1);
        Oracle.assertBothReject(split.build(), (Object) new float[5]);

        OpModelBuilder topK = new OpModelBuilder(BuiltinOperator.TOPK_V2);
        topK.input(DataType.FLOAT32, 2, 3);
        topK.constant(DataType.INT32, new int[0], new int[] {4});
        topK.output(DataType.FLOAT32, 1);
        topK.output(DataType.INT32, 1);
        Oracle.assertBothReject(topK.build(), (Object) new float[6]);
    }

    @Test
    void whereOutputFollowsTheConditionFromRunToRun() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.WHERE);
        b.input(DataType.BOOL, 2, 3);
        b.output(DataType.INT64, 1);
        ByteBuffer model = b.build();
        boolean[][] conditions = {{true, false, false, false, false, true}, {true, true, true, true, true, true},
            {false, false, false, false, false, false}, {false, true, false, true, true, false}};
        try (Interpreter interpreter = new Interpreter(model)) {
            for (boolean[] condition : conditions) {
                ByteBuffer in = ByteBuffer.allocate(6);
                for (boolean c : condition) {
                    in.put((byte) (c ? 1 : 0));
                }
                in.rewind();
                interpreter.runForMultipleInputsOutputs(new Object[] {in}, Map.of());
                Oracle.Output expected = Oracle.official(model, (Object) condition)[0];
                int[] shape = interpreter.getOutputTensor(0).shape();
                assertThat(shape).containsExactly(expected.shape());
                long[] actual = new long[shape[0] * shape[1]];
                interpreter.getOutput(0, java.nio.LongBuffer.wrap(actual));
                assertThat(actual).containsExactly((long[]) expected.data());
            }
        }
    }
}
