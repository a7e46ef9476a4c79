package dev.jlite.ops.conv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scalar-then-SIMD switch of {@link SwitchingConvEngine} and {@link dev.jlite.ops.common.SimdSwitch}. The test
 * JVMs run with {@code -Djlite.simd.scalarFirst=false} (so that every test exercises the SIMD loops), and the switch
 * happens once per JVM, so {@link SimdSwitchProbe} runs in a fresh JVM with scalar-first on.
 */
class SimdSwitchTest {
    @Test
    void firstInferenceRunsScalarTheNextOneTheVectorLoops() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), SimdSwitchProbe.class.getName())).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertThat(output).as("probe output").contains("OK").doesNotContain("FAILED");
        assertThat(status).isZero();
    }
}
