package dev.jlite.testing;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.kernel.BuiltinOperator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

class OpModelBuilderTest {

    @Test
    void addWithFusedReluRunsInTheOfficialInterpreter() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD)
                .options(BuiltinOptions.AddOptions,
                        fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.RELU, false));
        b.input(FLOAT32, 1, 2, 2, 3);
        b.input(FLOAT32, 1, 2, 2, 3);
        b.output(FLOAT32, 1, 2, 2, 3);
        float[] x = {1, -2, 3, -4, 5, -6, 0.5f, 0.25f, -0.75f, 10, -10, 2};
        float[] y = {1, 1, -5, 3, 1, 7, 0.5f, -1, 1, -20, 20, 0};

        for (boolean xnnpack : new boolean[] {false, true}) {
            Object[] out = OfficialInterpreter.run(b.build(), xnnpack, x, y);
            assertThat((float[]) out[0]).as("xnnpack=" + xnnpack)
                    .containsExactly(2, 0, 0, 0, 6, 1, 1, 0, 0.25f, 0, 10, 2);
        }
    }

    @Test
    void conv2dWithConstantWeightsAndBiasRunsInTheOfficialInterpreter() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D)
                .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(
                        fbb, Padding.VALID, 1, 1, ActivationFunctionType.NONE, 1, 1));
        b.input(FLOAT32, 1, 3, 3, 1);
        // Filter 0 sums the 2x2 window's diagonal, filter 1 is minus the window's sum. OHWI layout.
        b.constant(FLOAT32, new int[] {2, 2, 2, 1}, new float[] {1, 0, 0, 1, -1, -1, -1, -1});
        b.constant(FLOAT32, new int[] {2}, new float[] {0.5f, 1});
        b.output(FLOAT32, 1, 2, 2, 2);
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};

        for (boolean xnnpack : new boolean[] {false, true}) {
            Object[] out = OfficialInterpreter.run(b.build(), xnnpack, (Object) image);
            assertThat((float[]) out[0]).as("xnnpack=" + xnnpack)
                    .containsExactly(6.5f, -11, 8.5f, -15, 12.5f, -23, 14.5f, -27);
        }
    }

    @Test
    void chainsOperatorsThroughIntermediateTensors() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD);
        b.input(FLOAT32, 4);
        b.input(FLOAT32, 4);
        int sum = b.intermediate(FLOAT32, 4);
        b.addOperator(BuiltinOperator.MUL)
                .options(BuiltinOptions.MulOptions, fbb -> MulOptions.createMulOptions(fbb, ActivationFunctionType.RELU6))
                .use(sum);
        b.constant(FLOAT32, new int[] {1}, new float[] {2});
        b.output(FLOAT32, 4);

        Object[] out = OfficialInterpreter.run(b.build(), false, new float[] {1, 2, -3, 0.25f},
                new float[] {0, 0.5f, 1, 0.5f});
        // (x + y) * 2, clamped to [0, 6]
        assertThat((float[]) out[0]).containsExactly(2, 5, 0, 1.5f);
    }

    @Test
    void quantizationParametersReachTheInterpreter() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEQUANTIZE);
        int q = b.input(INT8, 5);
        b.output(FLOAT32, 5);
        b.quantize(q, 0.5f, -1);

        Object[] out = OfficialInterpreter.run(b.build(), false, (Object) new byte[] {-1, 0, 1, 127, -128});
        // 0.5 * (q - (-1))
        assertThat((float[]) out[0]).containsExactly(0, 0.5f, 1, 64, -63.5f);
    }

    @Test
    void writesTheFileLayoutTfliteExpects() {
        byte[] customOptions = {1, 2, 3, 4, 5};
        OpModelBuilder b = OpModelBuilder.custom("MyOp", customOptions);
        b.input(FLOAT32, 1, 4);
        int weights = b.constant(FLOAT32, new int[] {4}, new float[] {1, 2, 3, 4});
        b.optionalInput();
        b.output(FLOAT32, 1, 4);
        b.addOperator(BuiltinOperator.ADD).version(2).use(weights).use(weights);
        b.output(FLOAT32, 4);
        b.addOperator(BuiltinOperator.ADD).version(2).use(weights).use(weights);
        b.output(FLOAT32, 4);
        ByteBuffer file = b.build();

        assertThat(file.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(Model.ModelBufferHasIdentifier(file)).isTrue();
        Model model = Model.getRootAsModel(file.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        assertThat(model.version()).isEqualTo(3);
        assertThat(model.buffersLength()).isEqualTo(2);
        assertThat(model.buffers(0).dataLength()).isZero();
        assertThat(model.buffers(1).dataLength()).isEqualTo(16);
        assertThat(model.buffers(1).dataAsByteBuffer().position() % 16).as("constant data alignment").isZero();

        assertThat(model.operatorCodesLength()).as("the two ADD v2 share a code").isEqualTo(2);
        OperatorCode custom = model.operatorCodes(0);
        assertThat(custom.builtinCode()).isEqualTo(32);
        assertThat(custom.deprecatedBuiltinCode()).isEqualTo((byte) 32);
        assertThat(custom.customCode()).isEqualTo("MyOp");
        assertThat(custom.version()).isEqualTo(1);
        assertThat(model.operatorCodes(1).builtinCode()).isZero();
        assertThat(model.operatorCodes(1).version()).isEqualTo(2);

        SubGraph graph = model.subgraphs(0);
        Operator first = graph.operators(0);
        assertThat(first.inputsLength()).isEqualTo(3);
        assertThat(new int[] {first.inputs(0), first.inputs(1), first.inputs(2)}).containsExactly(0, 1, -1);
        assertThat(first.customOptionsLength()).isEqualTo(5);
        assertThat(first.customOptions(4)).isEqualTo(5);
        assertThat(graph.inputsLength()).isEqualTo(1);
        assertThat(graph.outputsLength()).isEqualTo(3);
        Tensor weightTensor = graph.tensors(weights);
        assertThat(weightTensor.buffer()).isEqualTo(1);
        assertThat(graph.tensors(0).buffer()).isZero();

        // jlite's own reader accepts the file too.
        dev.jlite.Model jliteModel = dev.jlite.Model.wrap(file);
        assertThat(jliteModel.subgraph(0).operators()).hasSize(3);
    }

    @Test
    void largeBuiltinCodesKeepTheDeprecatedFieldAt127() {
        OpModelBuilder b = new OpModelBuilder(150);
        b.input(FLOAT32, 1);
        b.output(FLOAT32, 1);
        Model model = Model.getRootAsModel(b.build());
        assertThat(model.operatorCodes(0).deprecatedBuiltinCode()).isEqualTo((byte) 127);
        assertThat(model.operatorCodes(0).builtinCode()).isEqualTo(150);
    }

    @Test
    void rejectsConstantsThatDoNotMatchTheirShapeOrType() {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.ADD);
        assertThatThrownBy(() -> b.constant(FLOAT32, new int[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 elements");
        assertThatThrownBy(() -> b.constant(FLOAT32, new int[] {2}, new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float[]");
        assertThatThrownBy(() -> b.use(7)).isInstanceOf(IllegalArgumentException.class);
    }
}
