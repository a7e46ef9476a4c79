package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void drawsOneLineInPlaceAndErasesIt() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, "bench", 4);
        bar.update(4, 1.5);
        assertThat(text.toString()).startsWith("\rbench [").contains("] 4/4  1.50 ms").doesNotContain("\n");
        assertThat(text.toString()).contains("#".repeat(30));
        bar.finish();
        assertThat(text.toString()).endsWith("\r").doesNotContain("\n");
    }

    @Test
    void disabledPrintsNothing() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, "bench", 4);
        bar.update(4, 1.5);
        bar.finish();
        assertThat(text.toString()).isEmpty();
    }
}
