package dev.jlite.tasks.processing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's {@code NonMaxSuppressionCalculator} (mediapipe/calculators/util/non_max_suppression_calculator.cc) with
 * {@code overlap_type: INTERSECTION_OVER_UNION}, the overlap every graph used here asks for.
 */
public final class NonMaxSuppression {

    /** {@code NonMaxSuppressionCalculatorOptions.NmsAlgorithm}. */
    public enum Algorithm {
        /** Keeps the best box of each overlapping group and drops the rest. */
        DEFAULT,
        /** Replaces the best box of each overlapping group by the score-weighted mean of the group (BlazeFace). */
        WEIGHTED
    }

    private NonMaxSuppression() {
    }

    /**
     * @param minSuppressionThreshold boxes overlapping a kept one by more than this IoU are suppressed
     * @param maxDetections           at most this many results (DEFAULT only, as in MediaPipe); -1 for no limit
     */
    public static List<RawDetection> apply(List<RawDetection> detections, Algorithm algorithm,
            float minSuppressionThreshold, int maxDetections) {
        List<RawDetection> sorted = new ArrayList<>(detections);
        // std::sort by descending score; a stable sort keeps equal scores in input order.
        sorted.sort(Comparator.comparingDouble(RawDetection::score).reversed());
        return algorithm == Algorithm.WEIGHTED ? weighted(sorted, minSuppressionThreshold)
                : hard(sorted, minSuppressionThreshold, maxDetections < 0 ? sorted.size() : maxDetections);
    }

    private static List<RawDetection> hard(List<RawDetection> sorted, float threshold, int max) {
        List<RawDetection> kept = new ArrayList<>();
        for (RawDetection d : sorted) {
            if (kept.size() >= max) {
                break;
            }
            boolean suppressed = false;
            for (RawDetection k : kept) {
                if (iou(k, d) > threshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(d);
            }
        }
        return kept;
    }

    private static List<RawDetection> weighted(List<RawDetection> remaining, float threshold) {
        List<RawDetection> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            RawDetection top = remaining.get(0);
            List<RawDetection> candidates = new ArrayList<>();
            List<RawDetection> rest = new ArrayList<>();
            for (RawDetection d : remaining) {
                (iou(d, top) > threshold ? candidates : rest).add(d);
            }
            RawDetection merged = top;
            if (!candidates.isEmpty()) {
                float total = 0;
                float xmin = 0;
                float ymin = 0;
                float xmax = 0;
                float ymax = 0;
                float[] kp = new float[top.keypoints().length];
                for (RawDetection c : candidates) {
                    float s = c.score();
                    total += s;
                    xmin += c.xmin() * s;
                    ymin += c.ymin() * s;
                    xmax += c.xmax() * s;
                    ymax += c.ymax() * s;
                    for (int i = 0; i < kp.length; i++) {
                        kp[i] += c.keypoints()[i] * s;
                    }
                }
                for (int i = 0; i < kp.length; i++) {
                    kp[i] /= total;
                }
                float x0 = xmin / total;
                float y0 = ymin / total;
                merged = new RawDetection(x0, y0, xmax / total - x0, ymax / total - y0, top.score(), top.classId(),
                        kp);
            }
            out.add(merged);
            // A box that overlaps nothing, not even itself (zero area), would loop forever: stop, as MediaPipe does.
            if (rest.size() == remaining.size()) {
                break;
            }
            remaining = rest;
        }
        return out;
    }

    /** Intersection over union of two boxes, 0 when they do not intersect. */
    public static float iou(RawDetection a, RawDetection b) {
        float iw = Math.min(a.xmax(), b.xmax()) - Math.max(a.xmin(), b.xmin());
        float ih = Math.min(a.ymax(), b.ymax()) - Math.max(a.ymin(), b.ymin());
        if (iw < 0 || ih < 0) {
            return 0;
        }
        float intersection = iw * ih;
        float union = a.width() * a.height() + b.width() * b.height() - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
