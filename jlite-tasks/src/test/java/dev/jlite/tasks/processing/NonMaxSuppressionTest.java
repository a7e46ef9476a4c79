package dev.jlite.tasks.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {
    private static RawDetection box(float x0, float y0, float x1, float y1, float score, float... keypoints) {
        return new RawDetection(x0, y0, x1 - x0, y1 - y0, score, 0, keypoints);
    }

    // A and B overlap with IoU 0.9 / 1.1; C stands alone; D overlaps A by IoU 1/7, under the 0.3 threshold.
    private final RawDetection a = box(0, 0, 1, 1, 0.9f, 0.5f, 0.5f);
    private final RawDetection b = box(0.1f, 0, 1.1f, 1, 0.8f, 0.7f, 0.5f);
    private final RawDetection c = box(2, 2, 3, 3, 0.7f, 2.5f, 2.5f);
    private final RawDetection d = box(0.75f, 0, 1.75f, 1, 0.6f, 1.2f, 0.5f);

    @Test
    void iou() {
        assertThat(NonMaxSuppression.iou(a, b)).isCloseTo(0.9f / 1.1f, within(1e-6f));
        assertThat(NonMaxSuppression.iou(a, c)).isZero();
        assertThat(NonMaxSuppression.iou(a, d)).isCloseTo(0.25f / 1.75f, within(1e-6f));
    }

    @Test
    void hardKeepsTheBestOfEachGroupInScoreOrder() {
        List<RawDetection> kept = NonMaxSuppression.apply(List.of(c, b, d, a), NonMaxSuppression.Algorithm.DEFAULT,
                0.3f, -1);
        assertThat(kept).containsExactly(a, c, d);
        assertThat(NonMaxSuppression.apply(List.of(c, b, d, a), NonMaxSuppression.Algorithm.DEFAULT, 0.3f, 2))
                .containsExactly(a, c);
        // A looser threshold keeps B as well.
        assertThat(NonMaxSuppression.apply(List.of(a, b), NonMaxSuppression.Algorithm.DEFAULT, 0.9f, -1))
                .containsExactly(a, b);
    }

    @Test
    void weightedAveragesEachGroupByScore() {
        List<RawDetection> kept = NonMaxSuppression.apply(List.of(b, c, a, d),
                NonMaxSuppression.Algorithm.WEIGHTED, 0.3f, -1);
        assertThat(kept).hasSize(3);
        RawDetection merged = kept.get(0);
        float total = 0.9f + 0.8f;
        assertThat(merged.score()).isEqualTo(0.9f);
        assertThat(merged.xmin()).isCloseTo(0.1f * 0.8f / total, within(1e-6f));
        assertThat(merged.xmax()).isCloseTo((0.9f + 1.1f * 0.8f) / total, within(1e-6f));
        assertThat(merged.ymin()).isCloseTo(0, within(1e-6f));
        assertThat(merged.height()).isCloseTo(1, within(1e-6f));
        assertThat(merged.keypointX(0)).isCloseTo((0.5f * 0.9f + 0.7f * 0.8f) / total, within(1e-6f));
        // Lone boxes come out as their own weighted mean: unchanged.
        assertThat(kept.get(1)).usingRecursiveComparison().isEqualTo(c);
        assertThat(kept.get(2)).usingRecursiveComparison().isEqualTo(d);
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertThat(NonMaxSuppression.apply(List.of(), NonMaxSuppression.Algorithm.WEIGHTED, 0.3f, -1)).isEmpty();
    }
}
