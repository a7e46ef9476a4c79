package dev.jlite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.DataType;
import dev.jlite.kernel.Registration;
import dev.jlite.ops.BuiltinOpResolver;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What jlite claims is what the differential suite proves: every (operator, type) that {@link BuiltinOpResolver}
 * registers has a generator, and every generator tests something jlite registers.
 */
class CoverageTest {
    /** Registered, without a generator, and why. */
    private static final Map<String, String> NOT_DIFFERENTIAL = Map.of(
            "Convolution2DTransposeBias/FLOAT32", "MediaPipe's custom op: the official interpreter has no kernel "
                    + "for it (tested against a reference in jlite-ops' TransposeConvBiasTest)");

    private static Set<String> registered() {
        Set<String> keys = new TreeSet<>();
        for (Registration r : new BuiltinOpResolver().registrations()) {
            for (DataType t : r.types()) {
                keys.add(r.name() + "/" + t.name());
            }
        }
        return keys;
    }

    private static Set<String> generated() {
        Set<String> keys = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (OpCases g : Families.all()) {
            assertThat(names.add(g.key())).as("two generators for %s", g.key()).isTrue();
            keys.add(g.registrationKey());
        }
        return keys;
    }

    @Test
    void everyRegisteredOperatorAndTypeHasAGenerator() {
        Set<String> missing = new TreeSet<>(registered());
        missing.removeAll(generated());
        missing.removeAll(NOT_DIFFERENTIAL.keySet());
        assertThat(missing).as("registered without a differential generator").isEmpty();
    }

    @Test
    void everyGeneratorTestsARegisteredOperatorAndType() {
        Set<String> extra = generated();
        extra.removeAll(registered());
        assertThat(extra).as("generators for kernels jlite does not register").isEmpty();
    }
}
