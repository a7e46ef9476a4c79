package dev.jlite.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlexBuffersBuilder;
import dev.jlite.ModelFormatException;
import dev.jlite.flatbuffers.FlexMap;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** jlite's FlexBuffer map reader against what the FlatBuffers project's own builder writes, and against garbage. */
class FlexMapTest {
    private static byte[] sample() {
        FlexBuffersBuilder flex = new FlexBuffersBuilder(ByteBuffer.allocate(256),
                FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS_AND_STRINGS);
        int map = flex.startMap();
        flex.putInt("small", 7);
        flex.putInt("big", 1L << 40);
        flex.putInt("negative", -300);
        flex.putFloat("ratio", 0.25f);
        flex.putFloat("precise", 1.0 / 3);
        flex.putBoolean("flag", true);
        flex.putString("name", "anchors");
        int nested = flex.startMap();
        flex.putInt("inner", 1);
        flex.endMap("nested", nested);
        flex.endMap(null, map);
        ByteBuffer built = flex.finish();
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        return bytes;
    }

    @Test
    void readsWhatTheFlatBuffersBuilderWrites() {
        FlexMap m = FlexMap.parse(ByteBuffer.wrap(sample()), "test");
        assertThat(m.getInt("small", 0)).isEqualTo(7);
        assertThat(m.getInt("negative", 0)).isEqualTo(-300);
        assertThat(m.getFloat("big", 0)).isEqualTo((float) (1L << 40));
        assertThat(m.getFloat("ratio", 0)).isEqualTo(0.25f);
        assertThat(m.getFloat("precise", 0)).isEqualTo((float) (1.0 / 3));
        assertThat(m.getInt("ratio", -1)).isZero();
        assertThat(m.getBool("flag", false)).isTrue();
        assertThat(m.getString("name", null)).isEqualTo("anchors");
        assertThat(m.has("nested")).isTrue();
        assertThat(m.getInt("nested", 5)).isEqualTo(5);
        assertThat(m.getInt("missing", 42)).isEqualTo(42);
    }

    @Test
    void truncatedOrCorruptedBuffersFailWithAModelFormatException() {
        byte[] good = sample();
        for (int length = 0; length < good.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(good, length);
            try {
                FlexMap.parse(ByteBuffer.wrap(cut), "cut");
            } catch (ModelFormatException expected) {
                // fine: anything else escapes and fails the test
            }
        }
        Random random = new Random(3);
        for (int i = 0; i < 5000; i++) {
            byte[] bad = good.clone();
            for (int k = 0; k < 3; k++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            try {
                FlexMap.parse(ByteBuffer.wrap(bad), "mutant");
            } catch (ModelFormatException expected) {
                // fine
            }
        }
        assertThatThrownBy(() -> FlexMap.parse(ByteBuffer.wrap(new byte[] {1, 2}), "tiny"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("tiny");
    }
}
