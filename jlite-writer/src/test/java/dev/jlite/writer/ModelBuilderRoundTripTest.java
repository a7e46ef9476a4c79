package dev.jlite.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.Model;
import dev.jlite.QuantizationParams;
import dev.jlite.flatbuffers.FlatTable;
import dev.jlite.flatbuffers.Where;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.model.Operator;
import dev.jlite.model.OperatorCode;
import dev.jlite.model.SignatureDef;
import dev.jlite.model.Subgraph;
import dev.jlite.model.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written by {@link ModelBuilder} read back through jlite's reader exactly as they were declared. */
class ModelBuilderRoundTripTest {

    /** One constant of each type: its type, shape, the array given, and the little-endian bytes it must become. */
    private record Constant(DataType type, int[] shape, Object data, byte[] bytes) {}

    private static List<Constant> constants() {
        return List.of(
                new Constant(DataType.FLOAT32, new int[] {2}, new float[] {1.5f, -2.25f},
                        le(8).putFloat(1.5f).putFloat(-2.25f).array()),
                new Constant(DataType.FLOAT16, new int[] {2}, new short[] {0x3c00, (short) 0xc000},
                        le(4).putShort((short) 0x3c00).putShort((short) 0xc000).array()),
                new Constant(DataType.INT32, new int[] {1, 2}, new int[] {7, -8}, le(8).putInt(7).putInt(-8).array()),
                new Constant(DataType.UINT8, new int[] {3}, new byte[] {0, (byte) 200, (byte) 255},
                        new byte[] {0, (byte) 200, (byte) 255}),
                new Constant(DataType.INT64, new int[] {2}, new long[] {1L << 40, -3},
                        le(16).putLong(1L << 40).putLong(-3).array()),
                new Constant(DataType.BOOL, new int[] {3}, new boolean[] {true, false, true}, new byte[] {1, 0, 1}),
                new Constant(DataType.INT16, new int[] {2}, new short[] {-300, 300},
                        le(4).putShort((short) -300).putShort((short) 300).array()),
                new Constant(DataType.INT8, new int[] {3, 2}, new byte[] {-128, -1, 0, 1, 2, 127},
                        new byte[] {-128, -1, 0, 1, 2, 127}),
                new Constant(DataType.FLOAT64, new int[] {1}, new double[] {Math.PI}, le(8).putDouble(Math.PI).array()),
                new Constant(DataType.UINT32, new int[] {1}, new int[] {-1}, le(4).putInt(-1).array()),
                new Constant(DataType.UINT64, new int[] {1}, new long[] {-2}, le(8).putLong(-2).array()),
                new Constant(DataType.UINT16, new int[] {1}, new short[] {-3}, le(2).putShort((short) -3).array()),
                new Constant(DataType.INT32, new int[] {}, new int[] {42}, le(4).putInt(42).array()),
                new Constant(DataType.STRING, new int[] {2}, new String[] {"ab", "é"},
                        le(4 * 4 + 4).putInt(2).putInt(16).putInt(18).putInt(20)
                                .put("ab".getBytes(StandardCharsets.UTF_8))
                                .put("é".getBytes(StandardCharsets.UTF_8)).array()));
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void everyFeatureReadsBackAsDeclared(@TempDir Path dir) throws Exception {
        ModelBuilder builder = new ModelBuilder().description("written by jlite-writer");
        SubgraphBuilder main = builder.subgraph("main");
        int x = main.input("x", DataType.FLOAT32, 1, 4);
        main.shapeSignature(x, -1, 4);
        List<Constant> constants = constants();
        int[] constantIndex = new int[constants.size()];
        for (int i = 0; i < constants.size(); i++) {
            Constant c = constants.get(i);
            constantIndex[i] = main.constant("c" + i, c.type(), c.shape(), c.data());
        }
        int perTensor = constantIndex[7];
        main.quantize(perTensor, 0.5f, -3);
        int perAxis = main.constant("w", DataType.INT8, new int[] {3, 2}, new byte[] {1, 2, 3, 4, 5, 6});
        main.quantize(perAxis, new float[] {0.1f, 0.2f, 0.3f}, new long[] {0, 1, -1}, 0);
        int q = main.tensor("q", DataType.UINT8, 1, 4);
        main.quantize(q, 0.25f, 128).quantizationRange(q, new float[] {-32f}, new float[] {31.75f});
        int y = main.tensor("y", DataType.FLOAT32, 1, 4);
        main.shapeSignature(y, -1, 4);
        int z = main.tensor("z", DataType.FLOAT32, 1, 4);
        int state = main.tensor("state", DataType.FLOAT32, 1, 4);
        int rangeOnly = main.tensor("range-only", DataType.FLOAT32, 1, 4);
        main.quantizationRange(rangeOnly, new float[] {-1f}, new float[] {1f});
        main.variable(state);
        main.operator(BuiltinOperator.ADD, new int[] {x, constantIndex[0]}, new int[] {y},
                BuiltinOptions.add(FusedActivation.RELU6));
        byte[] customOptions = {9, 8, 7, 6, 5};
        main.customOperator("MyOp", 2, new int[] {y, -1}, new int[] {z}, customOptions);
        main.operator(BuiltinOperator.QUANTIZE, 2, new int[] {z}, new int[] {q}, null);
        main.operator(BuiltinOperator.ADD, new int[] {y, z}, new int[] {state}, BuiltinOptions.add(FusedActivation.NONE));
        main.output(q).output(z);

        SubgraphBuilder aux = builder.subgraph("aux");
        int a = aux.input("a", DataType.INT32, 3);
        int b = aux.input("b", DataType.INT32, 3);
        int sum = aux.tensor("sum", DataType.INT32, 3);
        aux.operator(BuiltinOperator.ADD, new int[] {a, b}, new int[] {sum}, BuiltinOptions.add(FusedActivation.RELU));
        aux.output(sum);

        builder.signature("serving_default", 0, Map.of("x", x), ordered("quantized", q, "raw", z));
        builder.signature("aux", 1, ordered("lhs", a, "rhs", b), Map.of("out", sum));
        byte[] tfliteMetadata = {1, 2, 3, 4, 5, 6, 7};
        builder.metadata("TFLITE_METADATA", tfliteMetadata).metadata("min_runtime_version", "1.5.0".getBytes());

        Path file = dir.resolve("model.tflite");
        builder.write(file);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).isEqualTo(builder.build());
        assertThat(new String(bytes, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("TFL3");
        Model model = Model.open(file);

        assertThat(model.version()).isEqualTo(3);
        assertThat(model.description()).isEqualTo("written by jlite-writer");
        assertThat(model.subgraphs()).hasSize(2);
        // Buffer 0 (empty), one per constant, one per metadata entry.
        assertThat(model.bufferCount()).isEqualTo(1 + constants.size() + 1 + 2);
        assertThat(model.operatorCodes()).containsExactly(new OperatorCode(BuiltinOperator.ADD.code(), null, 1),
                new OperatorCode(BuiltinOperator.CUSTOM.code(), "MyOp", 2),
                new OperatorCode(BuiltinOperator.QUANTIZE.code(), null, 2));

        Subgraph g = model.subgraph(0);
        assertThat(g.name()).isEqualTo("main");
        assertThat(g.inputs()).containsExactly(x);
        assertThat(g.outputs()).containsExactly(q, z);
        assertThat(g.tensors()).hasSize(constants.size() + 7);
        assertThat(g.tensor(rangeOnly).quantization().isQuantized()).isFalse();
        assertThat(g.tensor(rangeOnly).quantization().max()).containsExactly(1f);
        assertThat(g.tensor(x).shape()).containsExactly(1, 4);
        assertThat(g.tensor(x).shapeSignature()).containsExactly(-1, 4);
        assertThat(g.tensor(x).name()).isEqualTo("x");
        assertThat(g.tensor(x).isConstant()).isFalse();
        assertThat(g.tensor(x).bufferIndex()).isZero();
        assertThat(g.tensor(y).shapeSignature()).containsExactly(-1, 4);
        assertThat(g.tensor(z).shapeSignature()).containsExactly(1, 4);
        assertThat(g.tensor(state).isVariable()).isTrue();
        assertThat(g.tensor(z).isVariable()).isFalse();
        for (int i = 0; i < constants.size(); i++) {
            Constant c = constants.get(i);
            TensorSpec t = g.tensor(constantIndex[i]);
            assertThat(t.name()).isEqualTo("c" + i);
            assertThat(t.type()).as(t.toString()).isEqualTo(c.type());
            assertThat(t.shape()).isEqualTo(c.shape());
            assertThat(t.isConstant()).isTrue();
            assertThat(bytes(t.data())).as(t.toString()).isEqualTo(c.bytes());
        }
        assertThat(g.tensor(perTensor).quantization())
                .isEqualTo(new QuantizationParams(new float[] {0.5f}, new long[] {-3}, 0, null, null));
        assertThat(g.tensor(q).quantization().scale()).isEqualTo(0.25f);
        assertThat(g.tensor(q).quantization().zeroPoint()).isEqualTo(128);
        assertThat(g.tensor(q).quantization().min()).containsExactly(-32f);
        assertThat(g.tensor(q).quantization().max()).containsExactly(31.75f);
        assertThat(g.tensor(perTensor).quantization().min()).isNull();
        QuantizationParams axis = g.tensor(perAxis).quantization();
        assertThat(axis.isPerAxis()).isTrue();
        assertThat(axis.scales()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(axis.zeroPoints()).containsExactly(0, 1, -1);
        assertThat(axis.quantizedDimension()).isZero();
        assertThat(g.tensor(x).quantization().isQuantized()).isFalse();

        assertThat(g.operators()).hasSize(4);
        Operator add = g.operators().get(0);
        assertThat(add.opcodeIndex()).isZero();
        assertThat(add.inputs()).containsExactly(x, constantIndex[0]);
        assertThat(add.outputs()).containsExactly(y);
        assertThat(add.builtinOptionsType()).isEqualTo(BuiltinOptions.ADD);
        assertThat(add.builtinOptions().getByte(0, (byte) -1)).isEqualTo(FusedActivation.RELU6.code());
        assertThat(add.customOptions()).isNull();
        Operator custom = g.operators().get(1);
        assertThat(custom.opcodeIndex()).isEqualTo(1);
        assertThat(custom.inputs()).containsExactly(y, -1);
        assertThat(custom.builtinOptionsType()).isZero();
        assertThat(custom.builtinOptions()).isNull();
        assertThat(bytes(custom.customOptions())).isEqualTo(customOptions);
        Operator quantize = g.operators().get(2);
        assertThat(quantize.opcodeIndex()).isEqualTo(2);
        assertThat(quantize.builtinOptionsType()).isZero();
        assertThat(g.operators().get(3).opcodeIndex()).isZero();
        // NONE is the schema default, so the field is left out and reads as the default.
        assertThat(g.operators().get(3).builtinOptions().has(0)).isFalse();

        Subgraph second = model.subgraph(1);
        assertThat(second.name()).isEqualTo("aux");
        assertThat(second.inputs()).containsExactly(a, b);
        assertThat(second.outputs()).containsExactly(sum);
        assertThat(second.operators()).hasSize(1);
        assertThat(second.operators().get(0).opcodeIndex()).isZero();
        assertThat(second.operators().get(0).builtinOptions().getByte(0, (byte) -1))
                .isEqualTo(FusedActivation.RELU.code());

        assertThat(model.signatureDefs()).containsExactly(
                new SignatureDef("serving_default", 0, Map.of("x", x), ordered("quantized", q, "raw", z)),
                new SignatureDef("aux", 1, ordered("lhs", a, "rhs", b), Map.of("out", sum)));
        assertThat(List.copyOf(model.signatureDefs().get(0).outputs().keySet())).containsExactly("quantized", "raw");
        assertThat(model.metadata().keySet()).containsExactly("TFLITE_METADATA", "min_runtime_version");
        assertThat(bytes(model.metadata().get("TFLITE_METADATA"))).isEqualTo(tfliteMetadata);
        assertThat(new String(bytes(model.metadata().get("min_runtime_version")))).isEqualTo("1.5.0");
    }

    @Test
    void constantDataIsSixteenByteAlignedInTheFile() {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("main");
        // Odd sizes, so that unaligned packing would show.
        g.constant("a", DataType.INT8, new int[] {3}, new byte[] {1, 2, 3});
        g.constant("b", DataType.FLOAT32, new int[] {5}, new float[5]);
        g.constant("c", DataType.UINT8, new int[] {17}, new byte[17]);
        builder.metadata("m", new byte[] {1});
        ByteBuffer file = builder.buildBuffer();
        FlatTable root = FlatTable.root(file, Where.of("model"));
        int buffers = root.tableCount(4);
        assertThat(buffers).isEqualTo(5);
        assertThat(root.tableAt(4, 0, Where.of("buffer 0")).has(0)).as("buffer 0 is empty").isFalse();
        for (int b = 1; b < buffers; b++) {
            FlatTable buffer = root.tableAt(4, b, Where.of("buffer " + b));
            int field = buffer.fieldPosition(0);
            int vector = field + file.getInt(field);
            int data = vector + 4;
            assertThat(data % 16).as("buffer %d data at %d", b, data).isZero();
        }
        assertThat(file.limit() % 16).isZero();
    }

    @Test
    void largeOperatorCodesAlsoFillTheDeprecatedByte() {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 2);
        int y = g.tensor("y", DataType.FLOAT32, 2);
        BuiltinOperator big = BuiltinOperator.CUMSUM;
        assertThat(big.code()).isGreaterThan(127);
        int z = g.tensor("z", DataType.FLOAT32, 2);
        g.operator(BuiltinOperator.RELU, new int[] {x}, new int[] {y}, null);
        g.operator(big, new int[] {y}, new int[] {z}, null);
        g.output(z);
        ByteBuffer file = builder.buildBuffer();
        FlatTable root = FlatTable.root(file, Where.of("model"));
        FlatTable relu = root.tableAt(1, 0, Where.of("code 0"));
        assertThat(relu.getByte(0, (byte) -1)).isEqualTo((byte) BuiltinOperator.RELU.code());
        assertThat(relu.getInt(3, -1)).isEqualTo(BuiltinOperator.RELU.code());
        FlatTable second = root.tableAt(1, 1, Where.of("code 1"));
        assertThat(second.getByte(0, (byte) -1)).isEqualTo((byte) 127);
        assertThat(second.getInt(3, -1)).isEqualTo(big.code());
        assertThat(Model.wrap(file).operatorCodes().get(1).builtinCode()).isEqualTo(big.code());
    }

    private static Map<String, Integer> ordered(String k1, int v1, String k2, int v2) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
