package dev.jlite.tasks.processing;

import dev.jlite.tasks.Landmark;
import dev.jlite.tasks.Point;
import dev.jlite.tasks.RotatedRect;
import java.util.ArrayList;
import java.util.List;

/**
 * Landmark decoding: MediaPipe's {@code TensorsToLandmarksCalculator}
 * (mediapipe/calculators/tensor/tensors_to_landmarks_calculator.cc) to coordinates normalized by the model input,
 * the optional {@code RefineLandmarksFromHeatmapCalculator} step, and projection into image pixels.
 */
public final class LandmarkTensors {
    /** x, y (normalized to the model input), z (normalized like x), visibility, presence (NaN when absent). */
    public final float[] x;
    public final float[] y;
    public final float[] z;
    public final float[] visibility;
    public final float[] presence;

    private LandmarkTensors(int n) {
        x = new float[n];
        y = new float[n];
        z = new float[n];
        visibility = new float[n];
        presence = new float[n];
    }

    public int size() {
        return x.length;
    }

    /**
     * Decodes {@code numLandmarks} rows of {@code raw} (values per landmark = raw.length / numLandmarks, the first
     * up to five being x, y, z, visibility, presence in model-input pixels / logits).
     *
     * @param normalizeZ extra divisor of z ({@code normalize_z}, 0.4 for hands, 1 elsewhere)
     * @param sigmoid    whether visibility and presence are logits ({@code SIGMOID} activation, pose)
     */
    public static LandmarkTensors decode(float[] raw, int numLandmarks, int inputWidth, int inputHeight,
            float normalizeZ, boolean sigmoid) {
        return decode(raw, 0, raw.length, numLandmarks, inputWidth, inputHeight, normalizeZ, sigmoid);
    }

    /** {@link #decode(float[], int, int, int, float, boolean)} of the {@code length} values from {@code offset}. */
    public static LandmarkTensors decode(float[] raw, int offset, int length, int numLandmarks, int inputWidth,
            int inputHeight, float normalizeZ, boolean sigmoid) {
        int dims = length / numLandmarks;
        if (dims < 2 || length % numLandmarks != 0 || offset < 0 || raw.length - offset < length) {
            throw new IllegalArgumentException(length + " values do not split into " + numLandmarks
                    + " landmarks");
        }
        LandmarkTensors t = new LandmarkTensors(numLandmarks);
        for (int i = 0; i < numLandmarks; i++) {
            int o = offset + i * dims;
            t.x[i] = raw[o] / inputWidth;
            t.y[i] = raw[o + 1] / inputHeight;
            t.z[i] = dims > 2 ? raw[o + 2] / inputWidth / normalizeZ : 0;
            t.visibility[i] = dims > 3 ? activate(raw[o + 3], sigmoid) : Float.NaN;
            t.presence[i] = dims > 4 ? activate(raw[o + 4], sigmoid) : Float.NaN;
        }
        return t;
    }

    private static float activate(float v, boolean sigmoid) {
        return sigmoid ? sigmoid(v) : v;
    }

    static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    /**
     * {@code RefineLandmarksFromHeatmap} (mediapipe/calculators/util/refine_landmarks_from_heatmap_calculator.cc,
     * presence and visibility left alone as the pose graph's options say): each landmark moves to the
     * sigmoid-weighted centroid of a kernel x kernel window of its heatmap channel (HWC layout) around it, when the
     * window's peak confidence reaches {@code minConfidence}.
     */
    public void refineFromHeatmap(float[] heatmap, int hmHeight, int hmWidth, int channels, int kernelSize,
            float minConfidence) {
        refineFromHeatmap(heatmap, 0, hmHeight, hmWidth, channels, kernelSize, minConfidence);
    }

    /** {@link #refineFromHeatmap(float[], int, int, int, int, float)} of a heatmap starting at {@code offset}. */
    public void refineFromHeatmap(float[] heatmap, int offset, int hmHeight, int hmWidth, int channels,
            int kernelSize, float minConfidence) {
        if (channels != size() || offset < 0 || heatmap.length - offset < hmHeight * hmWidth * channels) {
            throw new IllegalArgumentException("heatmap " + hmHeight + "x" + hmWidth + "x" + channels + " does not fit "
                    + size() + " landmarks");
        }
        int half = (kernelSize - 1) / 2;
        for (int lm = 0; lm < size(); lm++) {
            int col = (int) (x[lm] * hmWidth);
            int row = (int) (y[lm] * hmHeight);
            // MediaPipe compares the column, not the row, with the height here; the maps used are square.
            if (col < 0 || col >= hmWidth || row < 0 || col >= hmHeight) {
                continue;
            }
            int c0 = Math.max(0, col - half);
            int c1 = Math.min(hmWidth, col + half + 1);
            int r0 = Math.max(0, row - half);
            int r1 = Math.min(hmHeight, row + half + 1);
            float sum = 0;
            float wc = 0;
            float wr = 0;
            float max = 0;
            for (int r = r0; r < r1; r++) {
                for (int c = c0; c < c1; c++) {
                    float conf = sigmoid(heatmap[offset + (r * hmWidth + c) * channels + lm]);
                    sum += conf;
                    max = Math.max(max, conf);
                    wc += c * conf;
                    wr += r * conf;
                }
            }
            if (max >= minConfidence && sum > 0) {
                x[lm] = wc / hmWidth / sum;
                y[lm] = wr / hmHeight / sum;
            }
        }
    }

    /** The first {@code count} landmarks in image pixels, through the padded ROI the model input was cut from. */
    public List<Landmark> project(RotatedRect paddedRoi, int count) {
        List<Landmark> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Point p = paddedRoi.toImage(x[i], y[i]);
            out.add(new Landmark(p.x(), p.y(), z[i] * paddedRoi.width(), visibility[i], presence[i]));
        }
        return out;
    }
}
