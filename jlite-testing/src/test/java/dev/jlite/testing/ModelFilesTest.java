package dev.jlite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ModelFilesTest {

    @Test
    void findsTheRepositoryRootAboveTheModule() {
        assertThat(ModelFiles.repositoryRoot()).isNotNull();
        assertThat(ModelFiles.repositoryRoot().resolve("jlite-testing/pom.xml")).exists();
    }

    @Test
    void locatesEveryModelOfModelsMd() {
        assertThat(ModelFiles.ALL).hasSize(11).doesNotHaveDuplicates();
        for (String name : ModelFiles.ALL) {
            assertThat(ModelFiles.path(name)).isRegularFile();
        }
        assertThat(ModelFiles.load("face_detection_short_range.tflite").remaining())
                .isEqualTo(229032);
    }

    @Test
    void aMissingModelFailsLoudly() {
        assertThatThrownBy(() -> ModelFiles.path("no_such_model.tflite"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no_such_model.tflite")
                .hasMessageContaining(ModelFiles.modelsDir().toString());
        assertThat(Files.isDirectory(ModelFiles.modelsDir())).isTrue();
    }
}
