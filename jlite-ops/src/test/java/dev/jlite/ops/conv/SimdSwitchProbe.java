package dev.jlite.ops.conv;

import dev.jlite.Interpreter;
import dev.jlite.ops.common.SimdSwitch;
import dev.jlite.testing.Compare;
import dev.jlite.testing.JliteRunner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.Padding;

/**
 * Run by {@link SimdSwitchTest} in a fresh JVM with scalar-first on: the JVM's first inference, a CONV_2D, runs the
 * scalar loops (bit for bit the SIMD-off result), the second the vector loops (bit for bit an interpreter made after
 * the switch, within tolerance of the scalar result, and not identical to it: the vector loops fuse multiply-adds).
 * Prints "OK" or exits with status 1 and the reason.
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

        check(SimdSwitch.SCALAR_FIRST, "scalar-first is off in this JVM");
        check(!SimdSwitch.on(), "SIMD is on before any inference");
        try (Interpreter early = new Interpreter(model.duplicate())) {
            float[] before = run(early, input);
            check(SimdSwitch.on(), "SIMD is still off after the first inference");
            float[] scalar = (float[]) JliteRunner.run(model, new Interpreter.Options().setUseSimd(false), input)[0];
            check(Arrays.equals(before, scalar), "the first inference's result is not the scalar loops' one");

            float[] after = run(early, input);
            float[] fresh;
            try (Interpreter late = new Interpreter(model.duplicate())) {
                fresh = run(late, input);
            }
            check(Arrays.equals(after, fresh), "the second inference's result differs from the vector engine's");
            check(!Arrays.equals(after, scalar), "the second inference's result is still the scalar loops' one");
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
