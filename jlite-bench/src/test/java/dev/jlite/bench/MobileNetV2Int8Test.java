package dev.jlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.Interpreter;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole-model check of quantized inference: {@link MobileNetV2Int8} gives bit-identical int8 logits in jlite
 * (SIMD on and off, 1 and 2 threads) and in the official TensorFlow Lite 2.6.2 interpreter (builtin kernels).
 */
class MobileNetV2Int8Test {
    private static ByteBuffer model;

    @BeforeAll
    static void build() {
        model = MobileNetV2Int8.build(42);
    }

    @Test
    void logitsAreBitExactWithTheOfficialInterpreterOnSeveralInputs() {
        for (long seed = 1; seed <= 3; seed++) {
            byte[] image = MobileNetV2Int8.randomInput(seed);
            byte[] expected = (byte[]) OfficialInterpreter.run(model, false, image)[0];
            assertThat(expected).hasSize(MobileNetV2Int8.CLASSES);
            // Logits that spread over many values: a model whose activations saturated or vanished would
            // compare equal without exercising the arithmetic.
            long distinct = IntStream.range(0, expected.length).map(i -> expected[i]).distinct().count();
            assertThat(distinct).as("distinct logits").isGreaterThan(40);
            for (boolean simd : new boolean[] {true, false}) {
                int threads = simd ? 2 : 1;
                byte[] actual = (byte[]) JliteRunner.run(model,
                        new Interpreter.Options().setUseSimd(simd).setNumThreads(threads), image)[0];
                assertThat(actual).as("input seed %d, SIMD %s, %d threads: first difference at %d", seed, simd,
                        threads, firstDifference(actual, expected)).isEqualTo(expected);
            }
        }
    }

    @Test
    void softmaxProbabilitiesAreBitExactToo() {
        ByteBuffer withSoftmax = MobileNetV2Int8.build(42, true);
        byte[] image = MobileNetV2Int8.randomInput(4);
        byte[] expected = (byte[]) OfficialInterpreter.run(withSoftmax, false, image)[0];
        byte[] actual = (byte[]) JliteRunner.run(withSoftmax, image)[0];
        assertThat(actual).as("first difference at %d", firstDifference(actual, expected)).isEqualTo(expected);
        assertThat(IntStream.range(0, expected.length).map(i -> expected[i]).max().getAsInt())
                .as("the largest probability").isGreaterThan(-128);
    }

    @Test
    void differentInputsGiveDifferentLogits() {
        byte[] a = (byte[]) JliteRunner.run(model, MobileNetV2Int8.randomInput(1))[0];
        byte[] b = (byte[]) JliteRunner.run(model, MobileNetV2Int8.randomInput(2))[0];
        assertThat(Arrays.equals(a, b)).isFalse();
    }

    private static int firstDifference(byte[] a, byte[] b) {
        return Arrays.mismatch(a, b);
    }
}
