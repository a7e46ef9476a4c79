package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.testing.OfficialInterpreter;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.Padding;
import org.junit.jupiter.api.Test;

/**
 * Hybrid kernels on sizes the differential generators keep away from (their cases stay small so the suite runs in
 * seconds): large enough that the work is split across threads, agreeing with the official interpreter on 1, 2 and
 * 4 threads, SIMD on and off.
 */
class HybridLargeTest {
    private static void agree(DiffCase c) {
        assertThat(OfficialInterpreter.isAvailable()).as("official interpreter: %s",
                OfficialInterpreter.unavailableReason()).isTrue();
        DiffRunner.Reference expected = DiffRunner.official(c);
        for (int threads : new int[] {1, 2, 4}) {
            for (boolean simd : new boolean[] {true, false}) {
                assertThat(DiffRunner.compare(c, expected, simd, threads)).as("%s, %d threads, SIMD %s",
                        c.description(), threads, simd).isNull();
            }
        }
    }

    @Test
    void fullyConnected() {
        for (boolean asymmetric : new boolean[] {false, true}) {
            CaseRandom r = new CaseRandom(asymmetric ? 2 : 1);
            int batch = 3;
            int depth = 512;
            int units = 300;
            OpModel m = new OpModel(BuiltinOperator.FULLY_CONNECTED);
            m.input(FLOAT32, batch, depth);
            m.quantize(m.constant(INT8, new int[] {units, depth}, HybridCases.weights(r, units * depth)), 0.01f, 0);
            m.constant(FLOAT32, new int[] {units}, r.floats(units, -1, 1));
            m.output(FLOAT32);
            m.options(BuiltinOptions.fullyConnected(FusedActivation.RELU6, false, asymmetric));
            agree(new DiffCase("hybrid FULLY_CONNECTED [3, 512] x [300, 512]" + (asymmetric ? " asymmetric" : ""),
                    m, Tolerance.FLOAT, HybridCases.activations(r, batch, depth)));
        }
    }

    @Test
    void convolutions() {
        CaseRandom r = new CaseRandom(3);
        int[] in = {1, 24, 24, 16};
        int outC = 32;
        for (boolean perChannel : new boolean[] {false, true}) {
            OpModel m = new OpModel(BuiltinOperator.CONV_2D);
            m.input(FLOAT32, in);
            int f = m.constant(INT8, new int[] {outC, 3, 3, 16}, HybridCases.weights(r, outC * 9 * 16));
            if (perChannel) {
                float[] scales = new float[outC];
                for (int i = 0; i < outC; i++) {
                    scales[i] = HybridCases.weightScale(r);
                }
                m.quantize(f, scales, new long[outC], 0);
            } else {
                m.quantize(f, 0.02f, 0);
            }
            m.constant(FLOAT32, new int[] {outC}, r.floats(outC, -1, 1));
            m.output(FLOAT32);
            m.options(BuiltinOptions.conv2d(Padding.SAME, 1, 1, FusedActivation.NONE));
            agree(new DiffCase("hybrid CONV_2D 24x24x16 -> 32 " + (perChannel ? "per channel" : "per tensor"), m,
                    Tolerance.FLOAT, HybridCases.activations(r, 1, 24 * 24 * 16)));
        }
        OpModel m = new OpModel(BuiltinOperator.DEPTHWISE_CONV_2D);
        m.input(FLOAT32, in);
        float[] scales = new float[16];
        for (int i = 0; i < 16; i++) {
            scales[i] = HybridCases.weightScale(r);
        }
        m.quantize(m.constant(INT8, new int[] {1, 3, 3, 16}, HybridCases.weights(r, 9 * 16)), scales, new long[16],
                3);
        m.constant(FLOAT32, new int[] {16}, r.floats(16, -1, 1));
        m.output(FLOAT32);
        m.options(BuiltinOptions.depthwiseConv2d(Padding.SAME, 2, 2, 1, FusedActivation.RELU));
        agree(new DiffCase("hybrid DEPTHWISE_CONV_2D 24x24x16 stride 2", m, Tolerance.FLOAT,
                HybridCases.activations(r, 1, 24 * 24 * 16)));
    }

    @Test
    void batchMatMul() {
        CaseRandom r = new CaseRandom(4);
        // Within TensorFlow Lite 2.6.2's working shapes: batches x rows <= depth, cols <= rows.
        int batches = 4;
        int rows = 64;
        int depth = 256;
        int cols = 48;
        OpModel m = new OpModel(BuiltinOperator.BATCH_MATMUL);
        m.input(FLOAT32, batches, rows, depth);
        m.quantize(m.constant(INT8, new int[] {depth, cols}, HybridCases.weights(r, depth * cols)), 0.01f, 0);
        m.output(FLOAT32);
        m.options(BuiltinOptions.batchMatMul(false, false, true));
        agree(new DiffCase("hybrid BATCH_MATMUL [4, 64, 256] x [256, 48] asymmetric", m, Tolerance.FLOAT,
                HybridCases.activations(r, batches * rows, depth)));
    }
}
