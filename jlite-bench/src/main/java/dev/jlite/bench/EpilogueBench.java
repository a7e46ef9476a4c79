package dev.jlite.bench;

import dev.jlite.DataType;
import dev.jlite.Interpreter;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.ops.BuiltinOpResolver;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.ModelBuilder;
import dev.jlite.writer.Padding;
import dev.jlite.writer.SubgraphBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What an operator folded into a convolution costs: a 1x1 CONV_2D alone, the same with an ADD of a second input
 * (RELU), with a per-channel PRELU after it, and with an ADD (RELU) of the input widened by a channel PAD (where
 * {@code IN < OUT}: BlazeFace's residual blocks), all of which the interpreter folds into the convolution's epilogue.
 * jlite alone, on 1 thread: median of the timed invokes after as many warm-up ones, the three models interleaved
 * in rounds.
 *
 * <pre>
 * EpilogueBench [--runs N] [--rounds N] HxW,IN,OUT...     e.g. EpilogueBench 96,16,16 64,24,28 48,32,32
 * </pre>
 * Each shape is a square input of {@code HxW} pixels, {@code IN} input and {@code OUT} output channels.
 */
public final class EpilogueBench {
    private static final String[] KINDS = {"conv", "conv+ADD", "conv+PRELU", "conv+ADD of PAD"};

    private EpilogueBench() {}

    public static void main(String[] args) {
        int runs = 3000;
        int rounds = 3;
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> shapes.add(Arrays.stream(args[i].split(",")).mapToInt(Integer::parseInt).toArray());
            }
        }
        if (shapes.isEmpty()) {
            shapes.add(new int[] {96, 16, 16});
        }
        System.out.println("| shape | round | " + String.join(" ms | ", KINDS) + " ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (int[] shape : shapes) {
            for (int round = 1; round <= rounds; round++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %dx%dx%d -> %d | %d |", shape[0],
                        shape[0], shape[1], shape[2], round));
                for (int kind = 0; kind < KINDS.length; kind++) {
                    if (kind == 3 && shape[1] >= shape[2]) {
                        row.append(" |");
                        continue;
                    }
                    row.append(String.format(Locale.ROOT, " %.4f |", medianMs(model(kind, shape), runs)));
                }
                System.out.println(row);
            }
        }
    }

    private static double medianMs(ByteBuffer model, int runs) {
        try (Interpreter it = new Interpreter(model, new Interpreter.Options().setOpResolver(new BuiltinOpResolver()))) {
            it.allocateTensors();
            for (int i = 0; i < runs; i++) {
                it.invoke();
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                it.invoke();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return nanos[runs / 2] / 1e6;
        }
    }

    /**
     * Kind 0: CONV_2D 1x1; 1: then ADD of a second input with RELU; 2: then PRELU; 3: then ADD (RELU) of the input
     * padded with zero channels, the PAD after the convolution as in face_detection_short_range. Folded in 1-3.
     */
    private static ByteBuffer model(int kind, int[] shape) {
        int hw = shape[0];
        int in = shape[1];
        int out = shape[2];
        Random r = new Random(1);
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int x = g.input("x", DataType.FLOAT32, 1, hw, hw, in);
        int w = g.constant("w", DataType.FLOAT32, new int[] {out, 1, 1, in}, random(r, out * in));
        int b = g.constant("b", DataType.FLOAT32, new int[] {out}, random(r, out));
        int c = g.tensor("c", DataType.FLOAT32, 1, hw, hw, out);
        g.operator(BuiltinOperator.CONV_2D, new int[] {x, w, b}, new int[] {c},
                BuiltinOptions.conv2d(Padding.SAME, 1, 1, FusedActivation.NONE));
        int result = c;
        if (kind == 1) {
            int y = g.input("y", DataType.FLOAT32, 1, hw, hw, out);
            result = g.tensor("sum", DataType.FLOAT32, 1, hw, hw, out);
            g.operator(BuiltinOperator.ADD, new int[] {c, y}, new int[] {result},
                    BuiltinOptions.add(FusedActivation.RELU));
        } else if (kind == 2) {
            int alpha = g.constant("alpha", DataType.FLOAT32, new int[] {1, 1, out}, random(r, out));
            result = g.tensor("prelu", DataType.FLOAT32, 1, hw, hw, out);
            g.operator(BuiltinOperator.PRELU, new int[] {c, alpha}, new int[] {result}, null);
        } else if (kind == 3) {
            int pads = g.constant("paddings", DataType.INT32, new int[] {4, 2}, new int[] {0, 0, 0, 0, 0, 0, 0,
                out - in});
            int padded = g.tensor("padded", DataType.FLOAT32, 1, hw, hw, out);
            g.operator(BuiltinOperator.PAD, new int[] {x, pads}, new int[] {padded}, BuiltinOptions.pad());
            result = g.tensor("sum", DataType.FLOAT32, 1, hw, hw, out);
            g.operator(BuiltinOperator.ADD, new int[] {padded, c}, new int[] {result},
                    BuiltinOptions.add(FusedActivation.RELU));
        }
        g.output(result);
        return m.buildBuffer();
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
