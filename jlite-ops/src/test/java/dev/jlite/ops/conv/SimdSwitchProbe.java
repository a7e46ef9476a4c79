package dev.jlite.ops.conv;

import dev.jlite.Interpreter;
import dev.jlite.ops.common.SimdWarmup;
import dev.jlite.testing.Compare;
import dev.jlite.testing.JliteRunner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.Padding;

/**
 * Run by {@link SimdSwitchTest} in a fresh JVM with the warm-up on: an interpreter prepared while the Vector API
 * loops are cold computes its first CONV_2D with the scalar loops (bit for bit the SIMD-off result), and after
 * {@link SimdWarmup#ready()} with the vector loops (bit for bit an interpreter made after the switch, within
 * tolerance of the scalar result, and not identical to it: the vector loops fuse multiply-adds). Prints "OK" or
 * exits with status 1 and the reason.
 */
final class SimdSwitchProbe {
    private SimdSwitchProbe() {}

    public static void main(String[] args) throws Exception {
        Conv2DTest.Case c = new Conv2DTest.Case(1, 9, 9, 32, 40, 3, 3, Padding.SAME, 1, 1, 1, 1,
                ActivationFunctionType.NONE, true, true, 1);
        Random r = new Random(3);
        float[] weights = Oracle.random(r, c.out() * c.kh() * c.kw() * c.in());
        float[] bias = Oracle.random(r, c.out());
        float[] input = Oracle.random(r, c.h() * c.w() * c.in());
        ByteBuffer model = Conv2DTest.model(c, weights, bias, true);

        check(SimdWarmup.ENABLED, "the warm-up is off in this JVM");
        float[] scalar = (float[]) JliteRunner.run(model, new Interpreter.Options().setUseSimd(false), input)[0];
        try (Interpreter early = new Interpreter(model.duplicate())) {
            float[] before = run(early, input);
            check(!SimdWarmup.ready(), "the warm-up finished before the first inference; cannot tell the engines apart");
            check(Arrays.equals(before, scalar), "before the switch the result is not the scalar loops' one");

            check(SimdWarmup.awaitReady(120_000), "the warm-up did not finish within 120 s");
            float[] after = run(early, input);
            float[] fresh;
            try (Interpreter late = new Interpreter(model.duplicate())) {
                fresh = run(late, input);
            }
            check(Arrays.equals(after, fresh), "after the switch the result differs from the vector engine's");
            check(!Arrays.equals(after, scalar), "after the switch the result is still the scalar loops' one");
            double error = Compare.maxAbsError(after, scalar);
            check(error <= 1e-4, "SIMD and scalar results differ by " + error);
        }
        System.out.println("OK");
    }

    private static float[] run(Interpreter it, float[] input) {
        it.allocateTensors();
        dev.jlite.Tensor in = it.getInputTensor(0);
        System.arraycopy(input, 0, in.floats(), in.offset(), input.length);
        it.invoke();
        dev.jlite.Tensor t = it.getOutputTensor(0);
        return Arrays.copyOfRange(t.floats(), t.offset(), t.offset() + t.numElements());
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            System.out.println("FAILED: " + failure);
            System.exit(1);
        }
    }
}
