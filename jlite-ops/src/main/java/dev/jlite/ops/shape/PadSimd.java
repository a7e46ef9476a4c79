package dev.jlite.ops.shape;

import dev.jlite.ops.common.FloatSpecies;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loop of {@link PadPlan} for float rows too short for {@link System#arraycopy} and
 * {@link java.util.Arrays#fill} to pay off (channel padding: a few dozen elements per pixel). Each row is written
 * with whole vectors: the fill before the input spills forward and the fill after it spills backward into the
 * input's place, which the input's vectors (the last one overlapping the previous) then overwrite. Pure data
 * movement, so the result is bit for bit the scalar one. Load only when
 * {@link dev.jlite.ops.common.Vectorization#AVAILABLE}.
 */
final class PadSimd {
    private static final VectorSpecies<Float> S = FloatSpecies.PREFERRED;
    private static final int V = S.length();

    private PadSimd() {}

    /**
     * Below this many input elements per row the vector loop beats {@link System#arraycopy} and
     * {@link java.util.Arrays#fill}; above it (spatial padding's whole {@code W * C} rows) it was slower (pose_landmark's
     * 128x128x32 padding 0.19 ms against 0.14 ms).
     */
    private static final int MAX_BODY = 256;

    /**
     * Whether {@link #rows} should write rows of this layout: at least one vector of input and not too many, fills
     * within the row.
     */
    static boolean fits(int head, int body, int tail) {
        int row = head + body + tail;
        return body >= V && body <= MAX_BODY && roundUp(head) <= row && roundUp(tail) <= row;
    }

    private static int roundUp(int n) {
        return (n + V - 1) / V * V;
    }

    /**
     * Writes {@code count} rows, row k at {@code d[dp + k * outStep]}: {@code head} fill values, the {@code body}
     * input elements from {@code s[sp + k * inStep]}, then {@code tail} fill values.
     */
    static void rows(float[] s, int sp, int inStep, float[] d, int dp, int outStep, int count, int head, int body,
            int tail, float value) {
        FloatVector fill = FloatVector.broadcast(S, value);
        int row = head + body + tail;
        int lastBody = body - V;
        for (int k = 0; k < count; k++, sp += inStep, dp += outStep) {
            for (int i = 0; i < head; i += V) {
                fill.intoArray(d, dp + i);
            }
            for (int i = row; i > row - tail; i -= V) {
                fill.intoArray(d, dp + i - V);
            }
            int o = dp + head;
            for (int i = 0; ; i = Math.min(i + V, lastBody)) {
                FloatVector.fromArray(S, s, sp + i).intoArray(d, o + i);
                if (i == lastBody) {
                    break;
                }
            }
        }
    }
}
