package dev.jlite.ops.conv;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.testing.OpModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.TransposeConvOptions;

/**
 * Median latency of single conv-family layers shaped like those of the MediaPipe models: jlite (scalar and SIMD)
 * against the official interpreter's builtin kernels and XNNPACK, one thread. Run with {@code -Dbench=true}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ConvBenchmark {
    private static final Random R = new Random(1);

    private static ByteBuffer conv(int h, int w, int in, int out, int k, int s, byte act) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.CONV_2D).options(BuiltinOptions.Conv2DOptions,
                fbb -> Conv2DOptions.createConv2DOptions(fbb, Padding.SAME, s, s, act, 1, 1));
        b.input(DataType.FLOAT32, 1, h, w, in);
        b.constant(DataType.FLOAT32, new int[] {out, k, k, in}, Oracle.random(R, out * k * k * in));
        b.constant(DataType.FLOAT32, new int[] {out}, Oracle.random(R, out));
        b.output(DataType.FLOAT32, 1, (h + s - 1) / s, (w + s - 1) / s, out);
        return b.build();
    }

    private static ByteBuffer depthwise(int h, int w, int c, int k, int s) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.DEPTHWISE_CONV_2D).options(
                BuiltinOptions.DepthwiseConv2DOptions, fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb,
                        Padding.SAME, s, s, 1, ActivationFunctionType.NONE, 1, 1));
        b.input(DataType.FLOAT32, 1, h, w, c);
        b.constant(DataType.FLOAT32, new int[] {1, k, k, c}, Oracle.random(R, k * k * c));
        b.constant(DataType.FLOAT32, new int[] {c}, Oracle.random(R, c));
        b.output(DataType.FLOAT32, 1, (h + s - 1) / s, (w + s - 1) / s, c);
        return b.build();
    }

    private static ByteBuffer fullyConnected(int in, int out) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.FULLY_CONNECTED).options(
                BuiltinOptions.FullyConnectedOptions, fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
                        ActivationFunctionType.NONE, (byte) 0, false, false));
        b.input(DataType.FLOAT32, 1, in);
        b.constant(DataType.FLOAT32, new int[] {out, in}, Oracle.random(R, out * in));
        b.constant(DataType.FLOAT32, new int[] {out}, Oracle.random(R, out));
        b.output(DataType.FLOAT32, 1, out);
        return b.build();
    }

    private static ByteBuffer transpose(int h, int w, int in, int out, int k, int s) {
        OpModelBuilder b = new OpModelBuilder(BuiltinOperator.TRANSPOSE_CONV).options(
                BuiltinOptions.TransposeConvOptions, fbb -> TransposeConvOptions.createTransposeConvOptions(fbb,
                        Padding.SAME, s, s, ActivationFunctionType.NONE));
        int[] shape = {1, h * s, w * s, out};
        b.constant(DataType.INT32, new int[] {4}, shape);
        b.constant(DataType.FLOAT32, new int[] {out, k, k, in}, Oracle.random(R, out * k * k * in));
        b.input(DataType.FLOAT32, 1, h, w, in);
        b.constant(DataType.FLOAT32, new int[] {out}, Oracle.random(R, out));
        b.output(DataType.FLOAT32, shape);
        return b.version(3).build();
    }

    private static ByteBuffer transposeBias(int h, int w, int in, int out) {
        OpModelBuilder b = OpModelBuilder.custom(TransposeConvBiasKernel.NAME,
                TransposeConvBiasTest.options(1, 2, 2));
        b.input(DataType.FLOAT32, 1, h, w, in);
        b.constant(DataType.FLOAT32, new int[] {out, 2, 2, in}, Oracle.random(R, out * 4 * in));
        b.constant(DataType.FLOAT32, new int[] {out}, Oracle.random(R, out));
        b.output(DataType.FLOAT32, 1, 2 * h, 2 * w, out);
        return b.build();
    }

    private static double medianMicros(Runnable run, int warmup, int reps) {
        // At least a second of warm-up: C2 compiles Vector API code slowly on a busy machine.
        long until = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < warmup || System.nanoTime() < until; i++) {
            run.run();
        }
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            run.run();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t[reps / 2] / 1000.0;
    }

    private static void bench(String name, Supplier<ByteBuffer> model, int inputFloats, int outputFloats) {
        ByteBuffer m = model.get();
        float[] input = Oracle.random(R, inputFloats);
        StringBuilder line = new StringBuilder(String.format("%-34s", name));
        int threads = Integer.getInteger("bench.threads", 1);
        for (boolean simd : new boolean[] {false, true}) {
            try (Interpreter jlite = new Interpreter(m.duplicate(),
                    new Interpreter.Options().setUseSimd(simd).setNumThreads(threads))) {
                Object[] in = {FloatBuffer.wrap(input)};
                FloatBuffer out = FloatBuffer.allocate(outputFloats);
                Map<Integer, Object> outs = Map.of(0, out);
                double us = medianMicros(() -> {
                    out.clear();
                    jlite.runForMultipleInputsOutputs(in, outs);
                }, 300, 200);
                line.append(String.format(" jlite-%s %8.1f", simd ? "simd" : "scalar", us));
            }
        }
        for (boolean xnnpack : new boolean[] {false, true}) {
            if (name.startsWith("mediapipe")) {
                break;
            }
            try (OfficialInterpreter official = new OfficialInterpreter(m.duplicate(), threads, xnnpack)) {
                ByteBuffer in = ByteBuffer.allocateDirect(inputFloats * 4).order(ByteOrder.nativeOrder());
                in.asFloatBuffer().put(input);
                ByteBuffer out = ByteBuffer.allocateDirect(outputFloats * 4).order(ByteOrder.nativeOrder());
                ByteBuffer[] ins = {in};
                ByteBuffer[] outs = {out};
                double us = medianMicros(() -> official.run(ins, outs), 100, 200);
                line.append(String.format(" %s %8.1f", xnnpack ? "xnnpack" : "tflite", us));
            }
        }
        System.out.println(line.append(" us"));
    }

    @Test
    void layers() {
        Oracle.assumeOfficial();
        bench("conv 3x3/2 128x128x3->24", () -> conv(128, 128, 3, 24, 3, 2, ActivationFunctionType.RELU),
                128 * 128 * 3, 64 * 64 * 24);
        bench("conv 1x1 64x64x24->24", () -> conv(64, 64, 24, 24, 1, 1, ActivationFunctionType.NONE),
                64 * 64 * 24, 64 * 64 * 24);
        bench("conv 1x1 16x16x96->96", () -> conv(16, 16, 96, 96, 1, 1, ActivationFunctionType.NONE),
                16 * 16 * 96, 16 * 16 * 96);
        bench("conv 1x1 32x32x32->128", () -> conv(32, 32, 32, 128, 1, 1, ActivationFunctionType.RELU6),
                32 * 32 * 32, 32 * 32 * 128);
        bench("conv 3x3 16x16x64->64", () -> conv(16, 16, 64, 64, 3, 1, ActivationFunctionType.RELU),
                16 * 16 * 64, 16 * 16 * 64);
        bench("dw 5x5 64x64x24", () -> depthwise(64, 64, 24, 5, 1), 64 * 64 * 24, 64 * 64 * 24);
        bench("dw 3x3 56x56x48", () -> depthwise(56, 56, 48, 3, 1), 56 * 56 * 48, 56 * 56 * 48);
        bench("dw 3x3/2 112x112x32", () -> depthwise(112, 112, 32, 3, 2), 112 * 112 * 32, 56 * 56 * 32);
        bench("fc 1->1 (overhead)", () -> fullyConnected(1, 1), 1, 1);
        bench("fc 1152->63", () -> fullyConnected(1152, 63), 1152, 63);
        bench("fc 1280->1024", () -> fullyConnected(1280, 1024), 1280, 1024);
        bench("mediapipe tconv+bias 128x128x16->1", () -> transposeBias(128, 128, 16, 1), 128 * 128 * 16,
                256 * 256);
        bench("tconv 2x2/2 128x128x16->1", () -> transpose(128, 128, 16, 1, 2, 2), 128 * 128 * 16, 256 * 256);
        bench("tconv 2x2/2 32x32x32->16", () -> transpose(32, 32, 32, 16, 2, 2), 32 * 32 * 32, 64 * 64 * 16);
        bench("tconv 4x4/2 16x16x64->32", () -> transpose(16, 16, 64, 32, 4, 2), 16 * 16 * 64, 32 * 32 * 32);
    }
}
