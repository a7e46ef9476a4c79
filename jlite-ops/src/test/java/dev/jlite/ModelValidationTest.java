package dev.jlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.flatbuffers.Where;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.model.Operator;
import dev.jlite.model.Subgraph;
import dev.jlite.testing.ModelFiles;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Targeted corruptions of a small model, each rejected with a message that names what is at fault. */
class ModelValidationTest {
    /** ADD(input, constant) -> mid; MUL(mid, input) -> out. */
    private static byte[] twoAdds() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD);
        int in = b.input(DataType.FLOAT32, 1, 4);
        b.constant(DataType.FLOAT32, new int[] {1, 4}, new float[] {1, 2, 3, 4});
        int mid = b.intermediate(DataType.FLOAT32, 1, 4);
        b.addOperator(BuiltinOperator.MUL).use(mid).use(in);
        b.output(DataType.FLOAT32, 1, 4);
        ByteBuffer bb = b.build();
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        return bytes;
    }

    private static FlatTable root(byte[] bytes) {
        return FlatTable.root(ByteBuffer.wrap(bytes), Where.of("model"));
    }

    private static FlatTable subgraph(byte[] bytes) {
        return root(bytes).tableAt(2, 0, Where.of("subgraph"));
    }

    /** Position of element {@code k} of the int vector in field {@code id} of {@code t}. */
    private static int vectorElement(FlatTable t, int id, int k) {
        int p = t.fieldPosition(id);
        return p + t.buffer().getInt(p) + 4 + 4 * k;
    }

    private static void putInt(byte[] bytes, int position, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(position, value);
    }

    private static Model load(byte[] bytes) {
        return Model.wrap(ByteBuffer.wrap(bytes));
    }

    @Test
    void theUnmodifiedModelLoads() {
        Model m = load(twoAdds());
        assertThat(m.subgraph(0).operators()).hasSize(2);
    }

    @Test
    void truncatedFiles() {
        byte[] good = twoAdds();
        assertThatThrownBy(() -> load(Arrays.copyOf(good, 7))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("too short");
        for (int length = 8; length < good.length; length += 7) {
            int n = length;
            assertThatThrownBy(() -> load(Arrays.copyOf(good, n))).as("length %d", n)
                    .isInstanceOf(ModelFormatException.class);
        }
    }

    @Test
    void wrongIdentifier() {
        byte[] bytes = twoAdds();
        bytes[4] = 'X';
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class).hasMessageContaining("TFL3");
    }

    @Test
    void negativeDimension() {
        byte[] bytes = twoAdds();
        putInt(bytes, vectorElement(subgraph(bytes).tableAt(0, 0, Where.of("t")), 0, 1), -4);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 0").hasMessageContaining("negative");
    }

    @Test
    void shapeWhoseSizeOverflows() {
        byte[] bytes = twoAdds();
        FlatTable tensor = subgraph(bytes).tableAt(0, 0, Where.of("t"));
        putInt(bytes, vectorElement(tensor, 0, 0), 1 << 30);
        putInt(bytes, vectorElement(tensor, 0, 1), 1 << 30);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 0").hasMessageContaining("size limit");
    }

    @Test
    void constantBufferOfTheWrongSize() {
        byte[] bytes = twoAdds();
        putInt(bytes, vectorElement(subgraph(bytes).tableAt(0, 1, Where.of("t")), 0, 1), 5);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 1").hasMessageContaining("holds 16 bytes");
    }

    @Test
    void bufferIndexOutOfRange() {
        byte[] bytes = twoAdds();
        putInt(bytes, subgraph(bytes).tableAt(0, 1, Where.of("t")).fieldPosition(2), 999);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("subgraph 0 / tensor 1 '").hasMessageContaining("': buffer index 999 out of");
    }

    @Test
    void unknownTensorType() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD);
        b.input(DataType.INT32, 2);
        b.input(DataType.INT32, 2);
        b.output(DataType.INT32, 2);
        ByteBuffer bb = b.build();
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        int p = subgraph(bytes).tableAt(0, 0, Where.of("t")).fieldPosition(1);
        assertThat(p).as("INT32 is not the default type, so the field is present").isPositive();
        bytes[p] = 99;
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unknown tensor type 99");
    }

    @Test
    void operatorInputOutOfRange() {
        byte[] bytes = twoAdds();
        putInt(bytes, vectorElement(subgraph(bytes).tableAt(3, 1, Where.of("op")), 1, 0), 99);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("subgraph 0 / operator 1 (MUL v1) inputs: tensor index 99 at position 0");
    }

    @Test
    void tensorReadBeforeItIsWritten() {
        byte[] bytes = twoAdds();
        Subgraph g = load(bytes).subgraph(0);
        int mid = g.operators().get(0).outputs()[0];
        putInt(bytes, vectorElement(subgraph(bytes).tableAt(3, 0, Where.of("op")), 1, 0), mid);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("operator 0").hasMessageContaining("before any operator writes it");
    }

    @Test
    void opcodeIndexOutOfRange() {
        byte[] bytes = twoAdds();
        FlatTable op = subgraph(bytes).tableAt(3, 1, Where.of("op"));
        int p = op.fieldPosition(0);
        assertThat(p).as("MUL has opcode index 1, so the field is present").isPositive();
        putInt(bytes, p, 7);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("operator 1").hasMessageContaining("opcode index 7");
    }

    @Test
    void absurdVectorLength() {
        byte[] bytes = twoAdds();
        FlatTable g = subgraph(bytes);
        int p = g.fieldPosition(0);
        putInt(bytes, p + g.buffer().getInt(p), Integer.MAX_VALUE);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("2147483647 elements");
    }

    @Test
    void wrappingLeavesTheCallersBufferAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(twoAdds()).order(ByteOrder.BIG_ENDIAN);
        buffer.position(0);
        Model.wrap(buffer);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }

    @Test
    void everySharedModelLoadsWithTheOperatorsMODELSmdLists() throws Exception {
        Map<String, String> expected = Map.of(
                "face_detection_short_range.tflite",
                "ADD CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEQUANTIZE MAX_POOL_2D PAD RELU RESHAPE",
                "selfie_segmentation.tflite", "ADD AVERAGE_POOL_2D CONV_2D Convolution2DTransposeBias "
                        + "DEPTHWISE_CONV_2D DEQUANTIZE HARD_SWISH LOGISTIC MUL RELU RESIZE_BILINEAR",
                "face_landmark.tflite", "ADD CONV_2D DEPTHWISE_CONV_2D DEQUANTIZE MAX_POOL_2D PAD PRELU");
        for (String file : ModelFiles.ALL) {
            Model m = Model.open(ModelFiles.path(file));
            Map<String, Integer> histogram = new TreeMap<>();
            for (Operator op : m.subgraph(0).operators()) {
                histogram.merge(m.operatorCodes().get(op.opcodeIndex()).displayName(), 1, Integer::sum);
            }
            assertThat(m.version()).isEqualTo(3);
            assertThat(m.subgraph(0).tensor(m.subgraph(0).inputs()[0]).type()).isEqualTo(DataType.FLOAT32);
            assertThat(m.subgraph(0).tensors()).as(file).anyMatch(t -> t.isConstant() && t.type() == DataType.FLOAT16);
            if (expected.containsKey(file)) {
                assertThat(String.join(" ", histogram.keySet())).as(file).isEqualTo(expected.get(file));
            }
        }
    }
}
