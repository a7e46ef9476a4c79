package dev.jlite.converter.savedmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.DataType;
import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.Constant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written by TensorFlow 1.1 and 2.4, read in Java: the table index, the data shard, the checksums. */
class TensorBundleTest {
    static final Path DIR = Path.of(System.getProperty("jlite.savedmodels", "/work/shared/savedmodels"));

    @Test
    void tf1CheckpointHoldsTheHalfPlusTwoVariables() {
        TensorBundle b = TensorBundle.open(DIR.resolve("tf1_half_plus_two/variables/variables"));
        assertThat(b.names()).containsExactly("a", "b", "c");
        Constant a = b.read("a");
        assertThat(a.type()).isEqualTo(DataType.FLOAT32);
        assertThat(a.shape()).isEmpty();
        assertThat(a.floats()).containsExactly(0.5f);
        assertThat(b.read("b").floats()).containsExactly(2f);
        assertThat(b.read("c").floats()).containsExactly(3f);
    }

    @Test
    void tf2ObjectBasedCheckpointKeysTheVariableByItsPath() {
        TensorBundle b = TensorBundle.open(DIR.resolve("python_tf2_signatures/variables/variables"));
        assertThat(b.names()).contains("variable/.ATTRIBUTES/VARIABLE_VALUE", "_CHECKPOINTABLE_OBJECT_GRAPH");
        assertThat(b.read("variable/.ATTRIBUTES/VARIABLE_VALUE").floats()).containsExactly(2f);
    }

    @Test
    void aCorruptedDataShardFailsItsChecksum(@TempDir Path tmp) throws IOException {
        Path src = DIR.resolve("tf1_half_plus_two/variables");
        Files.copy(src.resolve("variables.index"), tmp.resolve("variables.index"));
        byte[] data = Files.readAllBytes(src.resolve("variables.data-00000-of-00001"));
        data[0] ^= 1;
        Files.write(tmp.resolve("variables.data-00000-of-00001"), data);
        TensorBundle b = TensorBundle.open(tmp.resolve("variables"));
        assertThatThrownBy(() -> b.read("a")).isInstanceOf(ConversionException.class).hasMessageContaining("checksum");
    }

    @Test
    void aFileThatIsNotATableIsRejected(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("v.index"), new byte[64]);
        assertThatThrownBy(() -> TensorBundle.open(tmp.resolve("v"))).isInstanceOf(ConversionException.class)
                .hasMessageContaining("magic");
    }
}
