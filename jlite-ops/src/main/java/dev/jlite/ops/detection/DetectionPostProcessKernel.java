package dev.jlite.ops.detection;

import dev.jlite.DataType;
import dev.jlite.QuantizationParams;
import dev.jlite.Tensor;
import dev.jlite.flatbuffers.FlexMap;
import dev.jlite.kernel.Kernel;
import dev.jlite.kernel.Node;
import java.nio.ByteBuffer;

/**
 * TensorFlow Lite's {@code TFLite_Detection_PostProcess}: decodes SSD box encodings against their anchors
 * (center-size with the y/x/h/w scales of the options) and keeps the best non-overlapping boxes, either by the fast
 * multi-class non-max suppression (one pass over each anchor's best class) or the regular one (a pass per class).
 * Inputs: box encodings [1, boxes, >= 4], class scores [1, boxes, classes (+1 background)], anchors [boxes, 4];
 * float32 or uint8 (dequantized first). Outputs (float32): boxes [1, n, 4] as (ymin, xmin, ymax, xmax), classes
 * [1, n], scores [1, n] and the number of detections [1], with n = max_detections * max_classes_per_detection.
 * Rows past the detections are zero.
 */
final class DetectionPostProcessKernel implements Kernel {
    private static final int DEFAULT_DETECTIONS_PER_CLASS = 100;

    private int maxDetections;
    private int maxClassesPerDetection;
    private int detectionsPerClass;
    private boolean regular;
    private float scoreThreshold;
    private float iouThreshold;
    private int numClasses;
    private double yScale;
    private double xScale;
    private double hScale;
    private double wScale;

    private int numBoxes;
    private int boxStride;
    private int classesWithBackground;
    private float[] decoded;
    private float[] dequantizedScores;
    private final Nms nms = new Nms();
    // Fast path: each box's best classes and best score.
    private int[] topClasses;
    private float[] maxScores;
    // Regular path: the running best detections over the classes seen so far.
    private float[] classScores;
    private int[] candidates;
    private float[] candidateScores;
    private int[] order;
    private int[] reordered;
    private float[] reorderedScores;

    @Override
    public void prepare(Node node) {
        node.checkArity(3, 3, 4);
        readOptions(node);
        Tensor boxes = node.requireInput(0);
        Tensor predictions = node.requireInput(1);
        Tensor anchors = node.requireInput(2);
        if (boxes.numDimensions() != 3 || predictions.numDimensions() != 3 || anchors.numDimensions() != 2) {
            throw node.error("expects box encodings and class predictions of rank 3 and anchors of rank 2");
        }
        if (boxes.dim(0) != 1 || predictions.dim(0) != 1) {
            throw node.error("supports a batch of 1 only");
        }
        numBoxes = boxes.dim(1);
        boxStride = boxes.dim(2);
        classesWithBackground = predictions.dim(2);
        if (boxStride < 4) {
            throw node.error("box encodings need at least 4 values per box, have " + boxStride);
        }
        if (predictions.dim(1) != numBoxes || anchors.dim(0) != numBoxes || anchors.dim(1) != 4) {
            throw node.error("class predictions [1, " + predictions.dim(1) + ", _] and anchors [" + anchors.dim(0)
                    + ", " + anchors.dim(1) + "] must cover the " + numBoxes + " boxes (anchors with 4 values each)");
        }
        if (classesWithBackground - numClasses > 1 || classesWithBackground < numClasses || numClasses < 1) {
            throw node.error("num_classes " + numClasses + " does not fit class predictions of "
                    + classesWithBackground + " (the same, or one more for the background)");
        }
        checkType(node, boxes, "box encodings");
        checkType(node, predictions, "class predictions");
        if (anchors.dataType() != boxes.dataType()) {
            throw node.error("anchors must have the box encodings' type " + boxes.dataType() + ", are "
                    + anchors.dataType());
        }
        if (maxDetections < 0) {
            throw node.error("max_detections must not be negative, is " + maxDetections);
        }
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw node.error("nms_iou_threshold must be in (0, 1], is " + iouThreshold);
        }
        if (regular ? detectionsPerClass <= 0 : maxClassesPerDetection <= 0) {
            throw node.error(regular ? "detections_per_class must be positive, is " + detectionsPerClass
                    : "max_classes_per_detection must be positive, is " + maxClassesPerDetection);
        }
        int detected = Math.multiplyExact(maxDetections, Math.max(1, maxClassesPerDetection));
        node.output(0).resize(1, detected, 4);
        node.output(1).resize(1, detected);
        node.output(2).resize(1, detected);
        node.output(3).resize(1);
        for (int i = 0; i < 4; i++) {
            if (node.output(i).dataType() != DataType.FLOAT32) {
                throw node.error("output " + i + " must be FLOAT32, is " + node.output(i).dataType());
            }
        }
        decoded = new float[numBoxes * 4];
        dequantizedScores = predictions.dataType() == DataType.UINT8
                ? new float[numBoxes * classesWithBackground] : null;
        nms.allocate(numBoxes);
        int perBox = Math.min(maxClassesPerDetection, numClasses);
        if (regular) {
            classScores = new float[numBoxes];
            candidates = new int[numBoxes + maxDetections];
            candidateScores = new float[numBoxes + maxDetections];
            order = new int[numBoxes + maxDetections];
            reordered = new int[maxDetections];
            reorderedScores = new float[maxDetections];
        } else {
            topClasses = new int[numBoxes * Math.max(perBox, 1)];
            maxScores = new float[numBoxes];
            order = new int[numClasses];
        }
    }

    private void readOptions(Node node) {
        ByteBuffer options = node.customOptions();
        if (options == null) {
            throw node.error("has no custom options (max_detections, num_classes, scales, thresholds)");
        }
        FlexMap m = FlexMap.parse(options, "operator " + node.index() + " (" + node.opName() + ") options");
        // A missing key reads as 0, as TensorFlow Lite's flexbuffers lookup gives, except the two with defaults.
        maxDetections = m.getInt("max_detections", 0);
        maxClassesPerDetection = m.getInt("max_classes_per_detection", 0);
        detectionsPerClass = m.getInt("detections_per_class", DEFAULT_DETECTIONS_PER_CLASS);
        regular = m.getBool("use_regular_nms", false);
        scoreThreshold = m.getFloat("nms_score_threshold", 0);
        iouThreshold = m.getFloat("nms_iou_threshold", 0);
        numClasses = m.getInt("num_classes", 0);
        yScale = m.getFloat("y_scale", 0);
        xScale = m.getFloat("x_scale", 0);
        hScale = m.getFloat("h_scale", 0);
        wScale = m.getFloat("w_scale", 0);
    }

    private static void checkType(Node node, Tensor t, String what) {
        if (t.dataType() != DataType.FLOAT32 && t.dataType() != DataType.UINT8) {
            throw node.error(what + " must be FLOAT32 or UINT8, are " + t.dataType());
        }
        if (t.dataType() == DataType.UINT8 && (t.quantizationParams() == null
                || t.quantizationParams().scales().length != 1)) {
            throw node.error(what + " of type UINT8 need per-tensor quantization");
        }
    }

    @Override
    public void eval(Node node) {
        decodeBoxes(node.input(0), node.input(2));
        nms.validate(node, decoded, numBoxes);
        Tensor predictions = node.input(1);
        float[] scores;
        int scoresOffset;
        if (dequantizedScores != null) {
            dequantize(predictions, dequantizedScores);
            scores = dequantizedScores;
            scoresOffset = 0;
        } else {
            scores = predictions.floats();
            scoresOffset = predictions.offset();
        }
        Tensor boxesOut = node.output(0);
        Tensor classesOut = node.output(1);
        Tensor scoresOut = node.output(2);
        java.util.Arrays.fill(boxesOut.floats(), boxesOut.offset(), boxesOut.offset() + boxesOut.numElements(), 0);
        java.util.Arrays.fill(classesOut.floats(), classesOut.offset(), classesOut.offset()
                + classesOut.numElements(), 0);
        java.util.Arrays.fill(scoresOut.floats(), scoresOut.offset(), scoresOut.offset() + scoresOut.numElements(), 0);
        int detections = regular ? regularNms(scores, scoresOffset, boxesOut, classesOut, scoresOut)
                : fastNms(scores, scoresOffset, boxesOut, classesOut, scoresOut);
        Tensor count = node.output(3);
        count.floats()[count.offset()] = detections;
    }

    /** Center-size encodings to corners, in double as TensorFlow Lite computes them. */
    private void decodeBoxes(Tensor boxes, Tensor anchors) {
        boolean quantized = boxes.dataType() == DataType.UINT8;
        float boxScale = 0;
        float boxZero = 0;
        float anchorScale = 0;
        float anchorZero = 0;
        if (quantized) {
            QuantizationParams qb = boxes.quantizationParams();
            QuantizationParams qa = anchors.quantizationParams();
            boxScale = qb.scales()[0];
            boxZero = (int) qb.zeroPoints()[0];
            anchorScale = qa.scales()[0];
            anchorZero = (int) qa.zeroPoints()[0];
        }
        for (int i = 0; i < numBoxes; i++) {
            float y, x, h, w, ay, ax, ah, aw;
            int b = i * boxStride;
            int a = i * 4;
            if (quantized) {
                byte[] bd = boxes.bytes();
                byte[] ad = anchors.bytes();
                int bo = boxes.offset() + b;
                int ao = anchors.offset() + a;
                y = (Byte.toUnsignedInt(bd[bo]) - boxZero) * boxScale;
                x = (Byte.toUnsignedInt(bd[bo + 1]) - boxZero) * boxScale;
                h = (Byte.toUnsignedInt(bd[bo + 2]) - boxZero) * boxScale;
                w = (Byte.toUnsignedInt(bd[bo + 3]) - boxZero) * boxScale;
                ay = (Byte.toUnsignedInt(ad[ao]) - anchorZero) * anchorScale;
                ax = (Byte.toUnsignedInt(ad[ao + 1]) - anchorZero) * anchorScale;
                ah = (Byte.toUnsignedInt(ad[ao + 2]) - anchorZero) * anchorScale;
                aw = (Byte.toUnsignedInt(ad[ao + 3]) - anchorZero) * anchorScale;
            } else {
                float[] bd = boxes.floats();
                float[] ad = anchors.floats();
                int bo = boxes.offset() + b;
                int ao = anchors.offset() + a;
                y = bd[bo];
                x = bd[bo + 1];
                h = bd[bo + 2];
                w = bd[bo + 3];
                ay = ad[ao];
                ax = ad[ao + 1];
                ah = ad[ao + 2];
                aw = ad[ao + 3];
            }
            float yCenter = (float) (y / yScale * ah + ay);
            float xCenter = (float) (x / xScale * aw + ax);
            float halfH = (float) (0.5 * Math.exp(h / hScale) * ah);
            float halfW = (float) (0.5 * Math.exp(w / wScale) * aw);
            decoded[a] = yCenter - halfH;
            decoded[a + 1] = xCenter - halfW;
            decoded[a + 2] = yCenter + halfH;
            decoded[a + 3] = xCenter + halfW;
        }
    }

    private static void dequantize(Tensor t, float[] out) {
        QuantizationParams q = t.quantizationParams();
        // TensorFlow Lite's Dequantize multiplies in double.
        double scale = q.scales()[0];
        int zero = (int) q.zeroPoints()[0];
        byte[] data = t.bytes();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (scale * (Byte.toUnsignedInt(data[t.offset() + i]) - zero));
        }
    }

    /** Each box competes with its best class's score; its best classes (up to max_classes_per_detection) are kept. */
    private int fastNms(float[] scores, int offset, Tensor boxesOut, Tensor classesOut, Tensor scoresOut) {
        int labelOffset = classesWithBackground - numClasses;
        int perBox = Math.min(maxClassesPerDetection, numClasses);
        for (int row = 0; row < numBoxes; row++) {
            int base = offset + row * classesWithBackground + labelOffset;
            if (perBox == 1) {
                topClasses[row] = Sorting.argMax(scores, base, numClasses);
            } else {
                Sorting.decreasingArgSort(scores, base, numClasses, order);
                System.arraycopy(order, 0, topClasses, row * perBox, perBox);
            }
            maxScores[row] = scores[base + topClasses[row * perBox]];
        }
        int selected = nms.run(decoded, maxScores, numBoxes, scoreThreshold, iouThreshold, maxDetections);
        for (int k = 0; k < selected; k++) {
            int box = nms.selected(k);
            int base = offset + box * classesWithBackground + labelOffset;
            for (int col = 0; col < perBox; col++) {
                int slot = maxClassesPerDetection * k + col;
                int cls = topClasses[box * perBox + col];
                System.arraycopy(decoded, box * 4, boxesOut.floats(), boxesOut.offset() + slot * 4, 4);
                classesOut.floats()[classesOut.offset() + slot] = cls;
                scoresOut.floats()[scoresOut.offset() + slot] = scores[base + cls];
            }
        }
        return selected;
    }

    /** Non-max suppression per class, merged into the best max_detections over all classes. */
    private int regularNms(float[] scores, int offset, Tensor boxesOut, Tensor classesOut, Tensor scoresOut) {
        int labelOffset = classesWithBackground - numClasses;
        int kept = 0;
        for (int col = 0; col < numClasses; col++) {
            for (int row = 0; row < numBoxes; row++) {
                classScores[row] = scores[offset + row * classesWithBackground + col + labelOffset];
            }
            int selected = nms.run(decoded, classScores, numBoxes, scoreThreshold, iouThreshold, detectionsPerClass);
            int n = kept;
            for (int k = 0; k < selected; k++) {
                int box = nms.selected(k);
                candidates[n] = box * classesWithBackground + col + labelOffset;
                candidateScores[n] = classScores[box];
                n++;
            }
            int keep = Math.min(n, maxDetections);
            Sorting.decreasingArgSort(candidateScores, 0, n, order);
            for (int r = 0; r < keep; r++) {
                reordered[r] = candidates[order[r]];
                reorderedScores[r] = candidateScores[order[r]];
            }
            System.arraycopy(reordered, 0, candidates, 0, keep);
            System.arraycopy(reorderedScores, 0, candidateScores, 0, keep);
            kept = keep;
        }
        for (int k = 0; k < kept; k++) {
            int anchor = candidates[k] / classesWithBackground;
            int cls = candidates[k] - anchor * classesWithBackground - labelOffset;
            System.arraycopy(decoded, anchor * 4, boxesOut.floats(), boxesOut.offset() + k * 4, 4);
            classesOut.floats()[classesOut.offset() + k] = cls;
            scoresOut.floats()[scoresOut.offset() + k] = candidateScores[k];
        }
        return kept;
    }
}
