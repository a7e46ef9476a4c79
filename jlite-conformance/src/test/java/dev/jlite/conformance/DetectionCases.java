package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.UINT8;

import com.google.flatbuffers.FlexBuffersBuilder;
import dev.jlite.DataType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code TFLite_Detection_PostProcess}: random SSD heads (boxes, classes with or without background, anchors) under
 * random options, fast and regular non-max suppression, float32 and uint8. Scores are all distinct, because the
 * official kernel orders equal scores with an unstable partial sort.
 */
final class DetectionCases {
    static final String OP = "TFLite_Detection_PostProcess";

    private DetectionCases() {}

    static List<OpCases> all() {
        return List.of(new OpCases(OP, FLOAT32, r -> detection(r, FLOAT32)),
                new OpCases(OP, UINT8, r -> detection(r, UINT8)));
    }

    private static DiffCase detection(CaseRandom r, DataType type) {
        int boxes = r.between(1, type == UINT8 ? 20 : 40);
        int classes = r.between(1, 6);
        boolean background = r.chance(0.5);
        int withBackground = classes + (background ? 1 : 0);
        int stride = r.chance(0.8) ? 4 : r.between(5, 6);
        int maxDetections = r.between(1, 10);
        int maxClassesPerDetection = r.between(1, 3);
        Integer detectionsPerClass = r.chance(0.3) ? null : r.between(1, 10);
        boolean regular = r.chance(0.5);
        float scoreThreshold = r.chance(0.2) ? 0 : r.uniform(0, 0.6f);
        float iouThreshold = r.uniform(0.2f, 1f);
        float[] scales = {r.uniform(1, 10), r.uniform(1, 10), r.uniform(1, 10), r.uniform(1, 10)};

        FlexBuffersBuilder flex = new FlexBuffersBuilder(ByteBuffer.allocate(512),
                FlexBuffersBuilder.BUILDER_FLAG_SHARE_KEYS_AND_STRINGS);
        int map = flex.startMap();
        flex.putInt("max_detections", maxDetections);
        flex.putInt("max_classes_per_detection", maxClassesPerDetection);
        if (detectionsPerClass != null) {
            flex.putInt("detections_per_class", detectionsPerClass);
        }
        flex.putBoolean("use_regular_nms", regular);
        flex.putFloat("nms_score_threshold", scoreThreshold);
        flex.putFloat("nms_iou_threshold", iouThreshold);
        flex.putInt("num_classes", classes);
        flex.putFloat("y_scale", scales[0]);
        flex.putFloat("x_scale", scales[1]);
        flex.putFloat("h_scale", scales[2]);
        flex.putFloat("w_scale", scales[3]);
        flex.endMap(null, map);
        ByteBuffer built = flex.finish();
        byte[] options = new byte[built.remaining()];
        built.get(options);

        OpModel m = OpModel.custom(OP, options);
        int boxEncodings = m.input(type, 1, boxes, stride);
        int predictions = m.input(type, 1, boxes, withBackground);
        Object anchorData;
        Object boxData;
        Object scoreData;
        if (type == FLOAT32) {
            boxData = r.floats(boxes * stride, -2, 2);
            float[] anchors = new float[boxes * 4];
            for (int i = 0; i < boxes; i++) {
                anchors[4 * i] = r.uniform(0, 1);
                anchors[4 * i + 1] = r.uniform(0, 1);
                anchors[4 * i + 2] = r.uniform(0.05f, 0.5f);
                anchors[4 * i + 3] = r.uniform(0.05f, 0.5f);
            }
            anchorData = anchors;
            scoreData = r.floats(boxes * withBackground, 0, 1);
        } else {
            m.quantize(boxEncodings, r.uniform(0.01f, 0.05f), r.between(100, 150));
            m.quantize(predictions, 1 / 255f, 0);
            boxData = r.bytes(boxes * stride, 0, 255);
            // Anchors' h and w must stay positive: with zero point 0 every value is >= 0; 0 would give an empty box.
            byte[] anchors = r.bytes(boxes * 4, 1, 255);
            anchorData = anchors;
            scoreData = distinctBytes(r, boxes * withBackground);
        }
        int anchors = m.constant(type, new int[] {boxes, 4}, anchorData);
        if (type == UINT8) {
            m.quantize(anchors, 1 / 255f, 0);
        }
        int n = maxDetections * maxClassesPerDetection;
        m.output(FLOAT32, 1, n, 4);
        m.output(FLOAT32, 1, n);
        m.output(FLOAT32, 1, n);
        m.output(FLOAT32, 1);
        String what = OP + " " + type + " boxes=" + boxes + "x" + stride + " classes=" + classes
                + (background ? "+background" : "") + " max_detections=" + maxDetections + " max_classes_per_detection="
                + maxClassesPerDetection + " detections_per_class=" + detectionsPerClass + (regular ? " regular"
                : " fast") + " score>=" + scoreThreshold + " iou>" + iouThreshold;
        // The outputs have max_detections * max_classes_per_detection rows, but the regular path writes only the first
        // max_detections, and the fast path only the rows of its detections (and of the classes a box has): the
        // rest is whatever the output buffer held before.
        int perBox = Math.min(maxClassesPerDetection, classes);
        return new DiffCase(what, m, Tolerance.FLOAT, boxData, scoreData).withUndefinedMask(outputs -> {
            float[] boxesOut = ((float[]) outputs[0]).clone();
            float[] classesOut = ((float[]) outputs[1]).clone();
            float[] scoresOut = ((float[]) outputs[2]).clone();
            int detections = (int) ((float[]) outputs[3])[0];
            for (int row = 0; row < classesOut.length; row++) {
                boolean written = regular ? row < maxDetections
                        : row / maxClassesPerDetection < detections && row % maxClassesPerDetection < perBox;
                if (!written) {
                    java.util.Arrays.fill(boxesOut, 4 * row, 4 * row + 4, 0);
                    classesOut[row] = 0;
                    scoresOut[row] = 0;
                }
            }
            return new Object[] {boxesOut, classesOut, scoresOut, outputs[3]};
        });
    }

    /** {@code n} (at most 256) distinct uint8 values. */
    private static byte[] distinctBytes(CaseRandom r, int n) {
        int[] all = new int[256];
        for (int i = 0; i < 256; i++) {
            all[i] = i;
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int j = r.between(i, 255);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
            out[i] = (byte) all[i];
        }
        return out;
    }
}
