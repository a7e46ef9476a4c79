package dev.jlite.converter.passes;

import static dev.jlite.kernel.BuiltinOperator.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Each fusion pass on a small graph: the rewritten graph has the expected operators and computes the same as the
 * original (run in jlite and in the official interpreter).
 */
class FusionPassesTest {
    static Map<String, Object> conv(Padding p, int stride) {
        Map<String, Object> m = new HashMap<>();
        m.put("padding", p);
        m.put("strideW", stride);
        m.put("strideH", stride);
        return m;
    }

    /** Runs the pass on a fresh copy; checks the op codes left and that outputs are unchanged. */
    static TflGraph check(Supplier<TflGraph> build, GraphPass pass, int expectedRewrites, String expectedOps,
            float[] input) {
        float[] before = Graphs.run(build.get(), input);
        TflGraph g = build.get();
        assertThat(pass.run(g)).isEqualTo(expectedRewrites);
        new DeadOpRemoval().run(g);
        assertThat(g.opCounts().toString()).isEqualTo(expectedOps);
        float[] after = Graphs.run(g, input);
        assertThat(after).containsExactly(before, Offset.offset(1e-4f));
        return g;
    }

    static Supplier<TflGraph> convMulAdd(boolean depthwise) {
        return () -> {
            Graphs b = new Graphs(1);
            Value x = b.input(1, 6, 6, 4);
            Value w = depthwise ? b.random(1, 3, 3, 4) : b.random(5, 3, 3, 4);
            int ch = depthwise ? 4 : 5;
            Map<String, Object> o = conv(Padding.SAME, 1);
            if (depthwise) {
                o.put("depthMultiplier", 1);
            }
            Value y = b.op(depthwise ? DEPTHWISE_CONV_2D : CONV_2D, new int[] {1, 6, 6, ch}, o, x, w,
                    b.random(ch));
            Value m = b.op(MUL, new int[] {1, 6, 6, ch}, Map.of(), y, b.random(ch));
            Value a = b.op(ADD, new int[] {1, 6, 6, ch}, Map.of(), m, b.random(1, 1, 1, ch));
            Value r = b.op(RELU6, new int[] {1, 6, 6, ch}, Map.of(), a);
            b.output(r);
            return b.graph();
        };
    }

    @Test
    void batchNormScaleFoldsIntoConvolutionWeights() {
        float[] in = Graphs.randomInput(3, 144);
        check(convMulAdd(false), new BatchNormFolding(), 1, "{CONV_2D=1, ADD=1, RELU6=1}", in);
        check(convMulAdd(true), new BatchNormFolding(), 1, "{DEPTHWISE_CONV_2D=1, ADD=1, RELU6=1}", in);
    }

    @Test
    void biasAndActivationFuseAfterBatchNorm() {
        float[] in = Graphs.randomInput(4, 144);
        Supplier<TflGraph> folded = () -> {
            TflGraph g = convMulAdd(false).get();
            new BatchNormFolding().run(g);
            return g;
        };
        Supplier<TflGraph> biased = () -> {
            TflGraph g = folded.get();
            new BiasFusion().run(g);
            return g;
        };
        check(folded, new BiasFusion(), 1, "{CONV_2D=1, RELU6=1}", in);
        TflGraph g = check(biased, new ActivationFusion(), 1, "{CONV_2D=1}", in);
        assertThat(g.ops().get(0).option("activation", FusedActivation.NONE)).isEqualTo(FusedActivation.RELU6);
    }

    @Test
    void tanhIsNotFusedBecauseTfliteKernelsWouldIgnoreIt() {
        Supplier<TflGraph> build = () -> {
            Graphs b = new Graphs(2);
            Value x = b.input(1, 4);
            Value y = b.op(ADD, new int[] {1, 4}, Map.of(), x, b.random(4));
            b.output(b.op(TANH, new int[] {1, 4}, Map.of(), y));
            return b.graph();
        };
        check(build, new ActivationFusion(), 0, "{ADD=1, TANH=1}", Graphs.randomInput(5, 4));
    }

    @Test
    void reluAfterConcatenationStaysAnOperator() {
        Supplier<TflGraph> build = () -> {
            Graphs b = new Graphs(2);
            Value x = b.input(1, 4);
            Value c = b.op(CONCATENATION, new int[] {1, 8}, Map.of("axis", 1), x, b.random(1, 4));
            b.output(b.op(RELU, new int[] {1, 8}, Map.of(), c));
            return b.graph();
        };
        check(build, new ActivationFusion(), 0, "{CONCATENATION=1, RELU=1}", Graphs.randomInput(5, 4));
    }

    @Test
    void activationIsNotFusedIntoAnOperatorWhoseOutputIsReadTwice() {
        Supplier<TflGraph> build = () -> {
            Graphs b = new Graphs(2);
            Value x = b.input(1, 4);
            Value y = b.op(ADD, new int[] {1, 4}, Map.of(), x, b.random(4));
            Value r = b.op(RELU, new int[] {1, 4}, Map.of(), y);
            b.output(b.op(MUL, new int[] {1, 4}, Map.of(), r, y));
            return b.graph();
        };
        check(build, new ActivationFusion(), 0, "{ADD=1, RELU=1, MUL=1}", Graphs.randomInput(6, 4));
    }

    static Supplier<TflGraph> padConv(int[] pads, int size) {
        return () -> {
            Graphs b = new Graphs(3);
            Value x = b.input(1, size, size, 2);
            int[] ps = {1, size + pads[0] + pads[1], size + pads[2] + pads[3], 2};
            Value padded = b.op(PAD, ps, Map.of(), x, dev.jlite.converter.ir.Value.constant("pads",
                    new dev.jlite.converter.ir.Constant(dev.jlite.DataType.INT32, new int[] {4, 2},
                            new int[] {0, 0, pads[0], pads[1], pads[2], pads[3], 0, 0})));
            int out = (ps[1] - 3) / 2 + 1;
            b.output(b.op(CONV_2D, new int[] {1, out, out, 3}, conv(Padding.VALID, 2), padded, b.random(3, 3, 3, 2),
                    b.random(3)));
            return b.graph();
        };
    }

    @Test
    void zeroPaddingBeforeStride2ConvolutionBecomesSame() {
        // Keras' ZeroPadding2D(((0, 1), (0, 1))) before a 3x3 stride-2 VALID convolution is SAME padding
        TflGraph g = check(padConv(new int[] {0, 1, 0, 1}, 8), new PadFolding(), 1, "{CONV_2D=1}",
                Graphs.randomInput(7, 128));
        assertThat(g.ops().get(0).option("padding", Padding.VALID)).isEqualTo(Padding.SAME);
    }

    @Test
    void symmetricPaddingThatSameWouldNotAddIsKept() {
        check(padConv(new int[] {1, 1, 1, 1}, 8), new PadFolding(), 0, "{PAD=1, CONV_2D=1}",
                Graphs.randomInput(8, 128));
    }

    @Test
    void transposesAroundAnActivationCancel() {
        Supplier<TflGraph> build = () -> {
            Graphs b = new Graphs(4);
            Value x = b.input(1, 3, 4, 2);
            Value t = b.op(TRANSPOSE, new int[] {1, 2, 3, 4}, Map.of(), x, b.ints(0, 3, 1, 2));
            Value r = b.op(RELU, new int[] {1, 2, 3, 4}, Map.of(), t);
            Value back = b.op(TRANSPOSE, new int[] {1, 3, 4, 2}, Map.of(), r, b.ints(0, 2, 3, 1));
            b.output(b.op(ADD, new int[] {1, 3, 4, 2}, Map.of(), back, b.random(2)));
            return b.graph();
        };
        check(build, new TransposeElimination(), 1, "{RELU=1, ADD=1}", Graphs.randomInput(9, 24));
    }

    @Test
    void anAddOfTwoTransposedOperandsRunsBeforeTheTransposeWhichThenCancels() {
        Supplier<TflGraph> build = () -> {
            Graphs b = new Graphs(4);
            Value x = b.input(1, 3, 4, 2);
            Value y = b.input(1, 3, 4, 2);
            Value tx = b.op(TRANSPOSE, new int[] {1, 2, 3, 4}, Map.of(), x, b.ints(0, 3, 1, 2));
            Value ty = b.op(TRANSPOSE, new int[] {1, 2, 3, 4}, Map.of(), y, b.ints(0, 3, 1, 2));
            Value sum = b.op(ADD, new int[] {1, 2, 3, 4}, Map.of(), tx, ty);
            Value scaled = b.op(MUL, new int[] {1, 2, 3, 4}, Map.of(), sum,
                    Value.constant("two", dev.jlite.converter.ir.Constant.of(new float[] {2})));
            b.output(b.op(TRANSPOSE, new int[] {1, 3, 4, 2}, Map.of(), scaled, b.ints(0, 2, 3, 1)));
            return b.graph();
        };
        float[] in = Graphs.randomInput(11, 24);
        float[] before = Graphs.run(build.get(), in, Graphs.randomInput(12, 24));
        TflGraph g = build.get();
        assertThat(new TransposeElimination().run(g)).isEqualTo(3);
        assertThat(g.opCounts().toString()).isEqualTo("{ADD=1, MUL=1}");
        assertThat(Graphs.run(g, in, Graphs.randomInput(12, 24))).containsExactly(before, Offset.offset(1e-6f));
    }

    @Test
    void transposesThatDoNotCancelStay() {
        Supplier<TflGraph> build = () -> {
            Graphs b = new Graphs(4);
            Value x = b.input(1, 3, 4, 2);
            Value t = b.op(TRANSPOSE, new int[] {1, 2, 3, 4}, Map.of(), x, b.ints(0, 3, 1, 2));
            Value back = b.op(TRANSPOSE, new int[] {1, 4, 2, 3}, Map.of(), t, b.ints(0, 3, 1, 2));
            b.output(b.op(RELU, new int[] {1, 4, 2, 3}, Map.of(), back));
            return b.graph();
        };
        check(build, new TransposeElimination(), 0, "{TRANSPOSE=2, RELU=1}", Graphs.randomInput(9, 24));
    }

    static Supplier<TflGraph> clamp(float lo, float hi, boolean reluFirst) {
        return () -> {
            Graphs b = new Graphs(5);
            Value x = b.input(1, 8);
            Value y = b.op(ADD, new int[] {1, 8}, Map.of(), x, b.random(8));
            Value low = reluFirst ? b.op(RELU, new int[] {1, 8}, Map.of(), y)
                    : b.op(MAXIMUM, new int[] {1, 8}, Map.of(), y, Value.constant("lo",
                            dev.jlite.converter.ir.Constant.of(new float[] {lo})));
            b.output(b.op(MINIMUM, new int[] {1, 8}, Map.of(), low, Value.constant("hi",
                    dev.jlite.converter.ir.Constant.of(new float[] {hi}))));
            return b.graph();
        };
    }

    @Test
    void clippingWithMaximumAndMinimumBecomesAFusedActivation() {
        float[] in = Graphs.randomInput(10, 8);
        for (float i = 0; i < 8; i++) {
            in[(int) i] *= 5;
        }
        check(clamp(-1, 1, false), new ActivationPatterns(), 1, "{ADD=1, RELU_N1_TO_1=1}", in);
        // max(x, 0) becomes RELU first, then min(relu, 6) RELU6
        check(clamp(0, 6, false), new ActivationPatterns(), 2, "{ADD=1, RELU6=1}", in);
        check(clamp(0, 6, true), new ActivationPatterns(), 1, "{ADD=1, RELU6=1}", in);
        check(clamp(-2, 1, false), new ActivationPatterns(), 0, "{ADD=1, MAXIMUM=1, MINIMUM=1}", in);
        Supplier<TflGraph> fused = () -> {
            TflGraph g = clamp(-1, 1, false).get();
            new ActivationPatterns().run(g);
            return g;
        };
        TflGraph g = check(fused, new ActivationFusion(), 1, "{ADD=1}", in);
        assertThat(g.ops().get(0).option("activation", FusedActivation.NONE)).isEqualTo(FusedActivation.RELU_N1_TO_1);
    }
}
