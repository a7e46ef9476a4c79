package dev.jlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.ModelFiles;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.TensorMapT;

/** Signature defs, buffers stored after the FlatBuffer, and constant folding of FLOAT16 weights. */
class ModelFeaturesTest {
    private static final float[] CONSTANT = {10, 20, 30, 40};

    /** y = x + c, with c a constant [1,4]; tensors: 0 = x, 1 = c, 2 = y. */
    private static ModelT addModel() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD);
        b.input(DataType.FLOAT32, 1, 4);
        b.constant(DataType.FLOAT32, new int[] {1, 4}, CONSTANT);
        b.output(DataType.FLOAT32, 1, 4);
        return Model.getRootAsModel(b.build()).unpack();
    }

    private static TensorMapT map(String name, int tensor) {
        TensorMapT m = new TensorMapT();
        m.setName(name);
        m.setTensorIndex(tensor);
        return m;
    }

    private static ByteBuffer pack(ModelT model) {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
        Model.finishModelBuffer(fbb, Model.pack(fbb, model));
        return ByteBuffer.wrap(fbb.sizedByteArray());
    }

    @Test
    void runsASignatureByItsNames() {
        ModelT model = addModel();
        SignatureDefT sig = new SignatureDefT();
        sig.setSignatureKey("serving_default");
        sig.setInputs(new TensorMapT[] {map("x", 0)});
        sig.setOutputs(new TensorMapT[] {map("y", 2)});
        model.setSignatureDefs(new SignatureDefT[] {sig});
        try (Interpreter interpreter = new Interpreter(pack(model))) {
            assertThat(interpreter.getSignatureKeys()).containsExactly("serving_default");
            assertThat(interpreter.getSignatureInputs("serving_default")).containsExactly("x");
            assertThat(interpreter.getSignatureOutputs("serving_default")).containsExactly("y");
            float[][] y = new float[1][4];
            Map<String, Object> outputs = new HashMap<>();
            outputs.put("y", y);
            interpreter.runSignature(Map.of("x", new float[][] {{1, 2, 3, 4}}), outputs, "serving_default");
            assertThat(y[0]).containsExactly(11, 22, 33, 44);
            assertThatThrownBy(() -> interpreter.runSignature(Map.of("z", new float[1][4]), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'z'");
            assertThatThrownBy(() -> interpreter.runSignature(Map.of(), Map.of(), "nope"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serving_default");
        }
    }

    /**
     * Writes the model with its constant buffer stored after the FlatBuffer, addressed by offset and size from the
     * start of the file, as converters do for models over 2 GB. (The schema classes predate those fields, so the
     * buffers are written by hand.)
     */
    private static ByteBuffer withExternalConstant(ModelT model, long offsetOverride) {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
        int[] codes = Arrays.stream(model.getOperatorCodes()).mapToInt(c -> OperatorCode.pack(fbb, c)).toArray();
        int[] subgraphs = Arrays.stream(model.getSubgraphs()).mapToInt(s -> SubGraph.pack(fbb, s)).toArray();
        BufferT[] buffers = model.getBuffers();
        int constantBuffer = model.getSubgraphs()[0].getTensors()[1].getBuffer() == 0 ? -1
                : (int) model.getSubgraphs()[0].getTensors()[1].getBuffer();
        int[] bufferTables = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            fbb.startTable(3);
            if (i == constantBuffer) {
                fbb.addLong(2, 16, 0);
                fbb.addLong(1, offsetOverride, 0);
            }
            bufferTables[i] = fbb.endTable();
        }
        int root = Model.createModel(fbb, 3, Model.createOperatorCodesVector(fbb, codes),
                Model.createSubgraphsVector(fbb, subgraphs), 0, Model.createBuffersVector(fbb, bufferTables), 0, 0,
                Model.createSignatureDefsVector(fbb, new int[0]));
        Model.finishModelBuffer(fbb, root);
        byte[] flatbuffer = fbb.sizedByteArray();
        int dataOffset = (flatbuffer.length + 15) / 16 * 16;
        ByteBuffer file = ByteBuffer.allocate(dataOffset + 16).order(ByteOrder.LITTLE_ENDIAN);
        file.put(flatbuffer);
        file.position(dataOffset);
        for (float v : CONSTANT) {
            file.putFloat(v);
        }
        file.rewind();
        return file;
    }

    @Test
    void readsBuffersStoredAfterTheFlatBuffer() {
        ModelT model = addModel();
        long placeholder = 1L << 20;
        int dataOffset = (withExternalConstant(model, placeholder).capacity() - 16);
        ByteBuffer file = withExternalConstant(model, dataOffset);
        try (Interpreter interpreter = new Interpreter(file)) {
            float[][] y = new float[1][4];
            interpreter.run(new float[][] {{1, 1, 1, 1}}, y);
            assertThat(y[0]).containsExactly(11, 21, 31, 41);
        }
        assertThatThrownBy(() -> dev.jlite.Model.wrap(withExternalConstant(model, dataOffset + 8)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("buffer")
                .hasMessageContaining("past the end");
    }

    @Test
    void float16WeightsAreDequantizedOnceAtPrepareNotOnEveryRun() throws Exception {
        try (Interpreter interpreter = new Interpreter(ModelFiles.path("face_detection_short_range.tflite"))) {
            interpreter.setProfiling(true);
            interpreter.run(new float[1][128][128][3], new float[1][896][16]);
            List<Interpreter.OperatorTiming> ran = interpreter.operatorProfile();
            assertThat(ran).isNotEmpty().noneMatch(t -> t.code().displayName().equals("DEQUANTIZE"));
            assertThat(ran).anyMatch(t -> t.code().displayName().equals("CONV_2D"));
        }
    }
}
