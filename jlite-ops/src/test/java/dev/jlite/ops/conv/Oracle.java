package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.Interpreter;
import dev.jlite.testing.Compare;
import dev.jlite.testing.JliteRunner;
import dev.jlite.testing.OfficialInterpreter;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/** Runs a model in jlite (scalar and SIMD, one and two threads) and checks it against the official interpreter. */
final class Oracle {
    /** The largest error allowed, relative to the reference output's range. */
    static final double TOLERANCE = 1e-5;

    private Oracle() {}

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }

    static void assumeOfficial() {
        Assumptions.assumeTrue(OfficialInterpreter.isAvailable(), OfficialInterpreter::unavailableReason);
    }

    /** The official builtin kernels' first output for {@code model}. */
    static float[] official(ByteBuffer model, Object... inputs) {
        assumeOfficial();
        return (float[]) OfficialInterpreter.run(model, false, inputs)[0];
    }

    /** jlite's first output with the given engine and thread count. */
    static float[] jlite(ByteBuffer model, boolean simd, int threads, Object... inputs) {
        Interpreter.Options options = new Interpreter.Options().setUseSimd(simd).setNumThreads(threads);
        return (float[]) JliteRunner.run(model, options, inputs)[0];
    }

    /** Asserts that every jlite configuration reproduces {@code reference}. */
    static void assertMatches(String label, float[] reference, ByteBuffer model, Object... inputs) {
        for (boolean simd : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 2}) {
                float[] actual = jlite(model, simd, threads, inputs);
                String what = label + (simd ? " simd" : " scalar") + " threads=" + threads;
                assertThat(actual.length).as(what + " output size").isEqualTo(reference.length);
                assertThat(Compare.maxRelativeError(actual, reference)).as(what).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    /** Checks {@code model} in jlite against {@code reference} run by the official interpreter, same inputs. */
    static void check(String label, ByteBuffer model, ByteBuffer reference, Object... inputs) {
        assertMatches(label, official(reference, inputs), model, inputs);
    }
}
