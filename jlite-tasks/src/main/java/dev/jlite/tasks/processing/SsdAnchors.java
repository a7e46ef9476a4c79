package dev.jlite.tasks.processing;

import java.util.ArrayList;
import java.util.List;

/**
 * SSD anchor generation, MediaPipe's {@code SsdAnchorsCalculator::GenerateAnchors}
 * (mediapipe/calculators/tflite/ssd_anchors_calculator.cc), non-multiscale path: consecutive layers with the same
 * stride are merged, each feature-map cell gets one anchor per (aspect ratio, scale) pair, cells in row-major order.
 */
public final class SsdAnchors {

    private SsdAnchors() {
    }

    /** The anchors for the options, in the order the model's outputs use. */
    public static Anchor[] generate(AnchorOptions o) {
        List<Anchor> anchors = new ArrayList<>();
        int numLayers = o.strides().length;
        int layer = 0;
        while (layer < numLayers) {
            List<Float> aspectRatios = new ArrayList<>();
            List<Float> scales = new ArrayList<>();
            int last = layer;
            while (last < numLayers && o.strides()[last] == o.strides()[layer]) {
                float scale = scale(o.minScale(), o.maxScale(), last, numLayers);
                if (last == 0 && o.reduceBoxesInLowestLayer()) {
                    aspectRatios.add(1.0f);
                    aspectRatios.add(2.0f);
                    aspectRatios.add(0.5f);
                    scales.add(0.1f);
                    scales.add(scale);
                    scales.add(scale);
                } else {
                    for (float ratio : o.aspectRatios()) {
                        aspectRatios.add(ratio);
                        scales.add(scale);
                    }
                    if (o.interpolatedScaleAspectRatio() > 0) {
                        float next = last == numLayers - 1 ? 1.0f : scale(o.minScale(), o.maxScale(), last + 1,
                                numLayers);
                        scales.add((float) Math.sqrt(scale * next));
                        aspectRatios.add(o.interpolatedScaleAspectRatio());
                    }
                }
                last++;
            }
            int n = aspectRatios.size();
            float[] heights = new float[n];
            float[] widths = new float[n];
            for (int i = 0; i < n; i++) {
                float ratioSqrt = (float) Math.sqrt(aspectRatios.get(i));
                heights[i] = scales.get(i) / ratioSqrt;
                widths[i] = scales.get(i) * ratioSqrt;
            }
            int stride = o.strides()[layer];
            int mapH = (int) Math.ceil(1.0f * o.inputHeight() / stride);
            int mapW = (int) Math.ceil(1.0f * o.inputWidth() / stride);
            for (int y = 0; y < mapH; y++) {
                for (int x = 0; x < mapW; x++) {
                    float xc = (x + o.anchorOffsetX()) / mapW;
                    float yc = (y + o.anchorOffsetY()) / mapH;
                    for (int a = 0; a < n; a++) {
                        anchors.add(o.fixedAnchorSize() ? new Anchor(xc, yc, 1, 1)
                                : new Anchor(xc, yc, widths[a], heights[a]));
                    }
                }
            }
            layer = last;
        }
        return anchors.toArray(new Anchor[0]);
    }

    /** {@code CalculateScale}: linear in the layer index from min to max scale, their mean for a single layer. */
    static float scale(float minScale, float maxScale, int strideIndex, int numStrides) {
        if (numStrides == 1) {
            return (minScale + maxScale) * 0.5f;
        }
        return (float) (minScale + (maxScale - minScale) * 1.0 * strideIndex / (numStrides - 1.0f));
    }
}
