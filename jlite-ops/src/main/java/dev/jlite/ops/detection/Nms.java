package dev.jlite.ops.detection;

import dev.jlite.kernel.Node;

/**
 * Single-class non-max suppression over decoded corner boxes, as TensorFlow Lite's
 * {@code NonMaxSuppressionSingleClassHelper}: boxes scoring at least the threshold, by decreasing score, each one
 * dropping the later ones that overlap it by more than the IoU threshold.
 */
final class Nms {
    private int[] kept = new int[0];
    private float[] keptScores = new float[0];
    private int[] sorted = new int[0];
    private boolean[] active = new boolean[0];
    private int[] selected = new int[0];

    void allocate(int boxes) {
        kept = new int[boxes];
        keptScores = new float[boxes];
        sorted = new int[boxes];
        active = new boolean[boxes];
        selected = new int[boxes];
    }

    /** TensorFlow Lite refuses boxes with ymin > ymax or xmin > xmax (a negative anchor size). */
    void validate(Node node, float[] boxes, int n) {
        for (int i = 0; i < n; i++) {
            if (boxes[4 * i] > boxes[4 * i + 2] || boxes[4 * i + 1] > boxes[4 * i + 3]) {
                throw node.error("decoded box " + i + " has its minimum corner past its maximum (a negative anchor"
                        + " height or width)");
            }
        }
    }

    /** Runs the suppression; returns how many boxes were selected ({@link #selected(int)}). */
    int run(float[] boxes, float[] scores, int n, float scoreThreshold, float iouThreshold, int maxDetections) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (scores[i] >= scoreThreshold) {
                kept[count] = i;
                keptScores[count] = scores[i];
                count++;
            }
        }
        Sorting.decreasingArgSort(keptScores, 0, count, sorted);
        int outputSize = Math.min(count, maxDetections);
        java.util.Arrays.fill(active, 0, count, true);
        int activeCount = count;
        int chosen = 0;
        for (int i = 0; i < count; i++) {
            if (activeCount == 0 || chosen >= outputSize) {
                break;
            }
            if (!active[i]) {
                continue;
            }
            int box = kept[sorted[i]];
            selected[chosen++] = box;
            active[i] = false;
            activeCount--;
            for (int j = i + 1; j < count; j++) {
                if (active[j] && iou(boxes, box, kept[sorted[j]]) > iouThreshold) {
                    active[j] = false;
                    activeCount--;
                }
            }
        }
        return chosen;
    }

    int selected(int k) {
        return selected[k];
    }

    private static float iou(float[] b, int i, int j) {
        int p = 4 * i;
        int q = 4 * j;
        float areaI = (b[p + 2] - b[p]) * (b[p + 3] - b[p + 1]);
        float areaJ = (b[q + 2] - b[q]) * (b[q + 3] - b[q + 1]);
        if (areaI <= 0 || areaJ <= 0) {
            return 0;
        }
        float ymin = Math.max(b[p], b[q]);
        float xmin = Math.max(b[p + 1], b[q + 1]);
        float ymax = Math.min(b[p + 2], b[q + 2]);
        float xmax = Math.min(b[p + 3], b[q + 3]);
        float intersection = Math.max(ymax - ymin, 0f) * Math.max(xmax - xmin, 0f);
        return intersection / (areaI + areaJ - intersection);
    }
}
