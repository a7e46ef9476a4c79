package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesValuesThatAJsonParserReadsBack() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("shape", new int[] {1, 128, 128, 3});
        inner.put("bytes", new long[] {1L << 40});
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\\ name\n\t\u0001");
        m.put("ms", 12.34567);
        m.put("tiny", 1.5e-7);
        m.put("whole", 3.0);
        m.put("nan", Double.NaN);
        m.put("count", 42);
        m.put("flag", true);
        m.put("nothing", null);
        m.put("list", List.of(inner, inner));
        m.put("names", List.of("x", "y"));
        m.put("empty", Map.of());

        for (String text : List.of(Json.compact(m), Json.pretty(m))) {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            assertThat(o.keySet()).containsExactly("name", "ms", "tiny", "whole", "nan", "count", "flag", "nothing",
                    "list", "names", "empty");
            assertThat(o.get("name").getAsString()).isEqualTo("a \"quoted\"\\ name\n\t\u0001");
            assertThat(o.get("ms").getAsDouble()).isEqualTo(12.346);
            assertThat(o.get("tiny").getAsDouble()).isEqualTo(1.5e-7);
            assertThat(o.get("whole").getAsDouble()).isEqualTo(3.0);
            assertThat(o.get("nan").isJsonNull()).isTrue();
            assertThat(o.get("count").getAsInt()).isEqualTo(42);
            assertThat(o.get("flag").getAsBoolean()).isTrue();
            assertThat(o.get("nothing").isJsonNull()).isTrue();
            JsonObject first = o.getAsJsonArray("list").get(0).getAsJsonObject();
            int[] shape = new int[4];
            Arrays.setAll(shape, i -> first.getAsJsonArray("shape").get(i).getAsInt());
            assertThat(shape).containsExactly(1, 128, 128, 3);
            assertThat(first.getAsJsonArray("bytes").get(0).getAsLong()).isEqualTo(1L << 40);
            assertThat(o.getAsJsonArray("names")).hasSize(2);
            assertThat(o.getAsJsonObject("empty").size()).isZero();
        }
        assertThat(Json.compact(m)).doesNotContain("\n");
    }
}
