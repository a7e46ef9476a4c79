package dev.jlite.tasks.processing;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes raw SSD outputs against anchors into detections, MediaPipe's {@code TensorsToDetectionsCalculator}
 * CPU path (mediapipe/calculators/tensor/tensors_to_detections_calculator.cc: {@code DecodeBoxes},
 * {@code ProcessCPU}, {@code ConvertToDetections}). Results are normalized to the model input.
 */
public final class TensorsToDetections {

    private TensorsToDetections() {
    }

    /**
     * @param rawBoxes  numBoxes x numCoords values
     * @param rawScores numBoxes x numClasses values
     */
    public static List<RawDetection> decode(float[] rawBoxes, float[] rawScores, Anchor[] anchors,
            DecoderOptions o) {
        return decode(rawBoxes, 0, rawScores, 0, anchors, o);
    }

    /** {@link #decode(float[], float[], Anchor[], DecoderOptions)} of outputs starting at the given offsets. */
    public static List<RawDetection> decode(float[] rawBoxes, int boxesOffset, float[] rawScores, int scoresOffset,
            Anchor[] anchors, DecoderOptions o) {
        int n = o.numBoxes();
        if (anchors.length != n) {
            throw new IllegalArgumentException(anchors.length + " anchors for " + n + " boxes");
        }
        if (boxesOffset < 0 || scoresOffset < 0 || rawBoxes.length - boxesOffset < n * o.numCoords()
                || rawScores.length - scoresOffset < n * o.numClasses()) {
            throw new IllegalArgumentException("raw outputs too small: " + rawBoxes.length + " box values and "
                    + rawScores.length + " scores for " + n + " boxes");
        }
        List<RawDetection> out = new ArrayList<>();
        int first = o.ignoreClass0() ? 1 : 0;
        int classes = o.numClasses();
        float clip = o.scoreClippingThresh();
        for (int i = 0; i < n; i++) {
            // The score is monotonic in the raw value: an anchor whose largest raw value misses the threshold is
            // skipped without computing any sigmoid.
            int row = scoresOffset + i * classes;
            float maxRaw = -Float.MAX_VALUE;
            for (int c = first; c < classes; c++) {
                maxRaw = Math.max(maxRaw, rawScores[row + c]);
            }
            if (classes > first && score(maxRaw, o.sigmoidScore(), clip) < o.minScoreThresh()) {
                continue;
            }
            // Best class exactly as the calculator picks it: first maximum of the activated scores (saturated
            // sigmoids can tie where raw values differ).
            int classId = -1;
            float best = -Float.MAX_VALUE;
            for (int c = first; c < classes; c++) {
                float score = score(rawScores[row + c], o.sigmoidScore(), clip);
                if (best < score) {
                    best = score;
                    classId = c;
                }
            }
            if (classId < 0 || best < o.minScoreThresh()) {
                continue;
            }
            RawDetection d = decodeBox(rawBoxes, boxesOffset, i, anchors[i], o, best, classId);
            // Negative or NaN sizes are dropped (b/171391719 in the calculator).
            if (d.width() < 0 || d.height() < 0 || Float.isNaN(d.width()) || Float.isNaN(d.height())) {
                continue;
            }
            out.add(d);
        }
        return out;
    }

    private static float score(float raw, boolean sigmoid, float clip) {
        if (!sigmoid) {
            return raw;
        }
        if (!Float.isNaN(clip)) {
            raw = Math.max(-clip, Math.min(clip, raw));
        }
        return (float) (1.0 / (1.0 + Math.exp(-raw)));
    }

    /** {@code DecodeBoxes} for one anchor. */
    static RawDetection decodeBox(float[] raw, int base, int i, Anchor a, DecoderOptions o, float score,
            int classId) {
        int off = base + i * o.numCoords() + o.boxCoordOffset();
        float xc;
        float yc;
        float w;
        float h;
        if (o.boxFormat() == DecoderOptions.BoxFormat.XYWH) {
            xc = raw[off];
            yc = raw[off + 1];
            w = raw[off + 2];
            h = raw[off + 3];
        } else {
            yc = raw[off];
            xc = raw[off + 1];
            h = raw[off + 2];
            w = raw[off + 3];
        }
        xc = xc / o.xScale() * a.width() + a.xCenter();
        yc = yc / o.yScale() * a.height() + a.yCenter();
        if (o.applyExponentialOnBoxSize()) {
            h = (float) Math.exp(h / o.hScale()) * a.height();
            w = (float) Math.exp(w / o.wScale()) * a.width();
        } else {
            h = h / o.hScale() * a.height();
            w = w / o.wScale() * a.width();
        }
        float ymin = yc - h / 2f;
        float xmin = xc - w / 2f;
        float ymax = yc + h / 2f;
        float xmax = xc + w / 2f;
        float[] keypoints = new float[2 * o.numKeypoints()];
        for (int k = 0; k < o.numKeypoints(); k++) {
            int ko = base + i * o.numCoords() + o.keypointCoordOffset() + 2 * k;
            float kx;
            float ky;
            if (o.boxFormat() == DecoderOptions.BoxFormat.XYWH) {
                kx = raw[ko];
                ky = raw[ko + 1];
            } else {
                ky = raw[ko];
                kx = raw[ko + 1];
            }
            keypoints[2 * k] = kx / o.xScale() * a.width() + a.xCenter();
            keypoints[2 * k + 1] = ky / o.yScale() * a.height() + a.yCenter();
        }
        return new RawDetection(xmin, ymin, xmax - xmin, ymax - ymin, score, classId, keypoints);
    }
}
