package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.kernel.KernelFactory;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Node;
import dev.jlite.ops.BuiltinOpResolver;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.Padding;

/**
 * FLOAT16 weights are dequantized at prepare; a kernel that packs them declares it ({@code Node.markInputCopied}),
 * and the interpreter then drops the dequantized copy, unless an operator still reads it while running.
 */
class PackedWeightsReleaseTest {
    /** 0.5, -1.25, 2, 0.75, 1, -0.5 as FLOAT16 bit patterns: filters [3, 1, 1, 2]. */
    private static final short[] FILTER = {0x3800, (short) 0xBD00, 0x4000, 0x3A00, 0x3C00, (short) 0xB800};
    private static final float[] FILTER_VALUES = {0.5f, -1.25f, 2f, 0.75f, 1f, -0.5f};
    /** 1.5, -2 as FLOAT16: a depthwise filter [1, 1, 1, 2]. */
    private static final short[] DEPTHWISE = {0x3E00, (short) 0xC000};
    private static final float[] X = {1, 2, -3, 4, 0.5f, -1, 2, 2};

    /** Kernels of the builtin resolver, each node of {@code op} kept in {@code nodes} as it is created. */
    private static MutableOpResolver recording(Map<BuiltinOperator, Node> nodes, BuiltinOperator... ops) {
        BuiltinOpResolver builtin = new BuiltinOpResolver();
        MutableOpResolver resolver = new MutableOpResolver().addAll(builtin);
        for (BuiltinOperator op : ops) {
            KernelFactory kernels = builtin.findBuiltin(op.code(), 1);
            resolver.addBuiltin(op, node -> {
                nodes.put(op, node);
                return kernels.create(node);
            }, DataType.FLOAT32);
        }
        return resolver;
    }

    private static ByteBuffer buffer(float[] values) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(values);
        return b;
    }

    private static float[] floats(ByteBuffer b) {
        float[] f = new float[b.capacity() / 4];
        b.rewind();
        b.asFloatBuffer().get(f);
        return f;
    }

    /**
     * Declares, on {@code b} started with DEQUANTIZE, that operator on {@link #FILTER} and a 1x1 CONV_2D of a
     * [1, 2, 2, 2] input with its result; returns the dequantized filter's tensor index.
     */
    private static int dequantizedConvolution(OpModelBuilder b) {
        b.constant(DataType.FLOAT16, new int[] {3, 1, 1, 2}, FILTER);
        int filter = b.intermediate(DataType.FLOAT32, 3, 1, 1, 2);
        b.addOperator(BuiltinOperator.CONV_2D).options(BuiltinOptions.Conv2DOptions,
                fbb -> Conv2DOptions.createConv2DOptions(fbb, Padding.SAME, 1, 1, ActivationFunctionType.NONE, 1, 1));
        b.input(DataType.FLOAT32, 1, 2, 2, 2);
        b.use(filter);
        b.output(DataType.FLOAT32, 1, 2, 2, 3);
        return filter;
    }

    /** The 1x1 convolution of {@link #X} (pixels of 2 channels) with {@link #FILTER_VALUES}. */
    private static float[] convolved(int pixels) {
        float[] y = new float[pixels * 3];
        for (int p = 0; p < pixels; p++) {
            for (int o = 0; o < 3; o++) {
                float x0 = X[(2 * p) % X.length];
                float x1 = X[(2 * p + 1) % X.length];
                y[3 * p + o] = x0 * FILTER_VALUES[2 * o] + x1 * FILTER_VALUES[2 * o + 1];
            }
        }
        return y;
    }

    @Test
    void packedFiltersAreDroppedAndFiltersUsedInPlaceAreKept() {
        // DEQUANTIZE -> CONV_2D (packs its filter) and DEQUANTIZE -> DEPTHWISE_CONV_2D (reads its filter in place).
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEQUANTIZE);
        dequantizedConvolution(b);
        b.addOperator(BuiltinOperator.DEQUANTIZE);
        b.constant(DataType.FLOAT16, new int[] {1, 1, 1, 2}, DEPTHWISE);
        int depthwise = b.intermediate(DataType.FLOAT32, 1, 1, 1, 2);
        b.addOperator(BuiltinOperator.DEPTHWISE_CONV_2D).options(BuiltinOptions.DepthwiseConv2DOptions,
                fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, Padding.SAME, 1, 1, 1,
                        ActivationFunctionType.NONE, 1, 1));
        b.input(DataType.FLOAT32, 1, 2, 2, 2);
        b.use(depthwise);
        b.output(DataType.FLOAT32, 1, 2, 2, 2);

        Map<BuiltinOperator, Node> nodes = new HashMap<>();
        MutableOpResolver resolver = recording(nodes, BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D);
        try (Interpreter interpreter = new Interpreter(b.build(), new Interpreter.Options().setOpResolver(resolver))) {
            for (int round = 0; round < 2; round++) {
                // The second round prepares again (a new batch size): the filter is dequantized, packed and
                // dropped again.
                int batch = round + 1;
                interpreter.resizeInput(0, new int[] {batch, 2, 2, 2});
                interpreter.resizeInput(1, new int[] {batch, 2, 2, 2});
                interpreter.allocateTensors();
                assertThatThrownBy(() -> nodes.get(BuiltinOperator.CONV_2D).input(1).floats())
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
                assertThat(nodes.get(BuiltinOperator.DEPTHWISE_CONV_2D).input(1).floats()).containsExactly(1.5f, -2f);

                float[] x = new float[batch * 8];
                for (int i = 0; i < x.length; i++) {
                    x[i] = X[i % X.length];
                }
                ByteBuffer yOut = ByteBuffer.allocateDirect(4 * batch * 12).order(ByteOrder.nativeOrder());
                ByteBuffer zOut = ByteBuffer.allocateDirect(4 * batch * 8).order(ByteOrder.nativeOrder());
                interpreter.runForMultipleInputsOutputs(new Object[] {buffer(x), buffer(x)}, Map.of(0, yOut, 1, zOut));
                assertThat(floats(yOut)).containsExactly(convolved(batch * 4));
                float[] z = floats(zOut);
                for (int i = 0; i < z.length; i++) {
                    assertThat(z[i]).isEqualTo(x[i] * (i % 2 == 0 ? 1.5f : -2f));
                }
            }
        }
    }

    @Test
    void aFilterThatAnotherOperatorReadsWhileRunningIsKept() {
        // The dequantized filter feeds a CONV_2D, which packs it, and a MUL, which reads it on every run.
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEQUANTIZE);
        int filter = dequantizedConvolution(b);
        b.addOperator(BuiltinOperator.MUL);
        b.input(DataType.FLOAT32, 3, 1, 1, 2);
        b.use(filter);
        b.output(DataType.FLOAT32, 3, 1, 1, 2);

        Map<BuiltinOperator, Node> nodes = new HashMap<>();
        try (Interpreter interpreter = new Interpreter(b.build(),
                new Interpreter.Options().setOpResolver(recording(nodes, BuiltinOperator.CONV_2D)))) {
            interpreter.allocateTensors();
            assertThat(nodes.get(BuiltinOperator.CONV_2D).input(1).floats()).containsExactly(FILTER_VALUES);
            ByteBuffer y = ByteBuffer.allocateDirect(4 * 12).order(ByteOrder.nativeOrder());
            ByteBuffer m = ByteBuffer.allocateDirect(4 * 6).order(ByteOrder.nativeOrder());
            interpreter.runForMultipleInputsOutputs(new Object[] {buffer(X), buffer(new float[] {2, 2, 2, 2, 2, 2})},
                    Map.of(0, y, 1, m));
            assertThat(floats(y)).containsExactly(convolved(4));
            assertThat(floats(m)).containsExactly(1f, -2.5f, 4f, 1.5f, 2f, -1f);
        }
    }
}
